import { SendError } from './errors.js';
import type { SendResult } from './send-result.js';

/** What the steps of a send see of it: whether it settled, how to fail it, what abandoning does now. */
export interface Abandonable {
  /** Settled: resolved, failed or abandoned; later steps stop. */
  readonly settled: boolean;
  /** Fails the send (once). */
  reject(error: unknown): void;
  /** Sets what abandoning does at this step (one hook at a time; `undefined` clears it). */
  onAbort(hook: (() => void) | undefined): void;
}

/** What a send holds, handed back by its core's `release`. */
export interface SendHolding {
  /** Counted among the lifecycle's active sends. */
  active: boolean;
  /** Bytes held in the in-flight limiter (-1: none). */
  bytes: number;
  /** The count among the active sends outlives the send (work follows its result); `release` leaves it held. */
  keepActive: boolean;
}

/**
 * One send of the callback core (`R`: its result; `void` for a oneway send): where its outcome goes, what it holds
 * (its place among the lifecycle's active sends, its bytes in the in-flight limiter) and how to abandon it. It
 * settles once: `resolve`, `reject` and `abort` first hand back everything held (through `release`), then tell the
 * caller, so the room is free before the caller hears of it. `abort` first runs the hook of the step under way
 * (leave the queue, abort the request), so the room is free synchronously, when the abort returns.
 */
export class SendTicket<R = SendResult> implements Abandonable, SendHolding {
  active = false;
  bytes = -1;
  keepActive = false;
  private closed = false;
  private hook: (() => void) | undefined = undefined;

  constructor(
    private readonly release: (held: SendHolding) => void,
    private readonly onResult: (result: R) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  get settled(): boolean {
    return this.closed;
  }

  onAbort(hook: (() => void) | undefined): void {
    this.hook = hook;
  }

  resolve(result: R): void {
    if (this.close()) this.onResult(result);
  }

  reject(error: unknown): void {
    if (this.close()) this.onError(error);
  }

  /** Abandons the send with `reason` (what the caller is told, if it still listens). */
  abort(reason: unknown): void {
    if (this.closed) return;
    const hook = this.hook;
    this.hook = undefined;
    hook?.();
    this.reject(reason);
  }

  private close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.hook = undefined;
    this.release(this);
    return true;
  }
}

/** The error of a send whose caller's AbortSignal fired. */
export function sendAborted(topic: string, signal: AbortSignal): SendError {
  return new SendError('send-aborted', 'the send was aborted by its caller', { topic }, { cause: signal.reason });
}
