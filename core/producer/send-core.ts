import { Observable, type Subscription } from 'rxjs';
import { SendError } from './errors.js';
import type { InFlightLimiter } from './in-flight-limiter.js';
import type { Lifecycle } from './lifecycle.js';
import type { PreparedMessage } from './prepare.js';
import type { SendPipeline, SendPlan } from './send-pipeline.js';
import type { SendResult } from './send-result.js';
import { sendAborted, type SendHolding, SendTicket } from './send-ticket.js';

/** A prepared send: the message (or batch envelope), how it goes out and the bytes it holds in flight. */
export interface Outgoing {
  readonly prepared: PreparedMessage;
  readonly plan: SendPlan;
  readonly bytes: number;
  /** Set when the send may join an auto batch (`autoBatch`): the batch it joins (wire topic, WAIT, timeout). */
  readonly autoBatchKey?: string;
}

/** Where sends with an `autoBatchKey` go once they hold their room (the producer's auto batcher). */
export interface AutoBatchSink {
  /** Takes the send into a pending batch (or sends it on its own); settles `ticket` with its own result. */
  add(out: Outgoing, ticket: SendTicket): void;
}

/** What the send core uses of its producer. */
export interface SendCoreHost {
  readonly lifecycle: Lifecycle;
  readonly limiter: InFlightLimiter;
  /** The started client's pipeline (throws `producer-not-started` before start). */
  pipeline(): SendPipeline;
  /** The auto batcher, when `autoBatch` is on. */
  readonly batcher?: AutoBatchSink;
}

/** Hands an admitted send (holding its room) on: to the pipeline, or the auto batcher. */
type Go<R> = (ticket: SendTicket<R>, out: Outgoing) => void;

/**
 * The producer's sends without an Observable per send: admission (lifecycle), prepare, room in the in-flight
 * limiter, then route, attempts and retries ({@link SendPipeline.send}), as plain callbacks around one
 * {@link SendTicket}. RxJS stays at the edge: `send$` is a cold Observable over the same core whose unsubscribe
 * abandons the send (aborting the request in flight); `send` is a Promise whose AbortSignal does the same.
 * Oneway sends ({@link oneway}) and transactions ({@link sendThen$}) go through the same admission.
 */
export class SendCore {
  constructor(private readonly host: SendCoreHost) {}

  /** Sends; the caller's `signal` rejects it at once with `send-aborted` and frees what it holds. */
  send(topic: string, signal: AbortSignal | undefined, outgoing: () => Outgoing): Promise<SendResult> {
    return this.promise(topic, signal, outgoing, this.goSend);
  }

  /**
   * A oneway send: the same admission and room, one attempt ({@link SendPipeline.oneway}); resolves once the
   * request is handed to the connection. The caller's `signal` rejects it with `send-aborted`.
   */
  oneway(topic: string, signal: AbortSignal | undefined, outgoing: () => Outgoing): Promise<void> {
    return this.promise(topic, signal, outgoing, this.goOneway);
  }

  /** A cold Observable of the same: nothing happens before subscription; unsubscribing abandons the send. */
  send$(topic: string, signal: AbortSignal | undefined, outgoing: () => Outgoing): Observable<SendResult> {
    return new Observable<SendResult>((subscriber) => {
      if (signal?.aborted) {
        subscriber.error(sendAborted(topic, signal));
        return undefined;
      }
      const ticket = new SendTicket(
        this.release,
        (result) => {
          subscriber.next(result);
          subscriber.complete();
        },
        (error) => subscriber.error(error),
      );
      const onAbort = (): void => ticket.abort(sendAborted(topic, signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.run(ticket, outgoing, this.goSend);
      return () => {
        signal?.removeEventListener('abort', onAbort);
        if (!ticket.settled) ticket.abort(abandoned(topic));
      };
    });
  }

  /**
   * A send followed by work on its result (a transaction: the local transaction and END_TRANSACTION), as a cold
   * Observable of what `then` emits. The room in the limiter is held for the send only; the lifecycle counts the
   * whole, so shutdown waits for `then` too. The caller's `signal` or an unsubscribe abandons either part (the
   * caller is told `send-aborted`).
   */
  sendThen$<R>(topic: string, signal: AbortSignal | undefined, outgoing: () => Outgoing, then: (sent: SendResult) => Observable<R>): Observable<R> {
    return new Observable<R>((subscriber) => {
      if (signal?.aborted) {
        subscriber.error(sendAborted(topic, signal));
        return undefined;
      }
      let rest: Subscription | undefined;
      const finish = (): void => {
        ticket.keepActive = false;
        this.release(ticket);
      };
      const fail = (error: unknown): void => {
        finish();
        subscriber.error(error);
      };
      const ticket: SendTicket = new SendTicket(
        this.release,
        (sent) => {
          try {
            rest = then(sent).subscribe({ next: (value) => subscriber.next(value), error: fail, complete: () => (finish(), subscriber.complete()) });
            // The caller may have left during a synchronous emission, before `rest` was set: let go of it now.
            if (subscriber.closed) rest.unsubscribe();
          } catch (error) {
            fail(error);
          }
        },
        fail,
      );
      ticket.keepActive = true;
      const onAbort = (): void => {
        if (!ticket.settled) return ticket.abort(sendAborted(topic, signal!));
        rest?.unsubscribe();
        fail(sendAborted(topic, signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.run(ticket, outgoing, this.goSend);
      return () => {
        signal?.removeEventListener('abort', onAbort);
        if (!ticket.settled) ticket.abort(abandoned(topic));
        rest?.unsubscribe();
        finish();
      };
    });
  }

  private promise<R>(topic: string, signal: AbortSignal | undefined, outgoing: () => Outgoing, go: Go<R>): Promise<R> {
    if (signal?.aborted) return Promise.reject(sendAborted(topic, signal));
    return new Promise<R>((resolve, reject) => {
      if (!signal) {
        this.run(new SendTicket<R>(this.release, resolve, reject), outgoing, go);
        return;
      }
      const onAbort = (): void => ticket.abort(sendAborted(topic, signal));
      const ticket = new SendTicket<R>(
        this.release,
        (result) => {
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        },
        (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
      signal.addEventListener('abort', onAbort, { once: true });
      this.run(ticket, outgoing, go);
    });
  }

  private run<R>(ticket: SendTicket<R>, outgoing: () => Outgoing, go: Go<R>): void {
    let starting: Promise<void> | undefined;
    try {
      starting = this.host.lifecycle.enter();
    } catch (error) {
      ticket.reject(error);
      return;
    }
    ticket.active = true;
    if (starting) {
      starting.then(
        () => this.admitted(ticket, outgoing, go),
        (error: unknown) => ticket.reject(error),
      );
    } else {
      this.admitted(ticket, outgoing, go);
    }
  }

  /** Admitted by the lifecycle: prepare, then take room (or wait for it in line). */
  private admitted<R>(ticket: SendTicket<R>, outgoing: () => Outgoing, go: Go<R>): void {
    if (ticket.settled) return;
    let out: Outgoing;
    try {
      out = outgoing();
    } catch (error) {
      ticket.reject(error);
      return;
    }
    const limiter = this.host.limiter;
    if (limiter.tryEnter(out.bytes)) {
      ticket.bytes = out.bytes;
      this.go(ticket, out, go);
      return;
    }
    let admitted = false;
    const waiter = limiter.wait(out.bytes, () => {
      admitted = true;
      ticket.bytes = out.bytes;
      ticket.onAbort(undefined);
      this.go(ticket, out, go);
    });
    if (!admitted) ticket.onAbort(() => limiter.leave(waiter));
  }

  private go<R>(ticket: SendTicket<R>, out: Outgoing, go: Go<R>): void {
    try {
      go(ticket, out);
    } catch (error) {
      ticket.reject(error);
    }
  }

  private readonly goSend: Go<SendResult> = (ticket, out) => {
    const batcher = this.host.batcher;
    if (batcher && out.autoBatchKey !== undefined) batcher.add(out, ticket);
    else this.host.pipeline().send(out.prepared, out.plan, ticket);
  };

  private readonly goOneway: Go<void> = (ticket, out) => this.host.pipeline().oneway(out.prepared, out.plan, ticket);

  /**
   * Hands back what a send holds (its fields say what is still held): room first, then its lifecycle count (unless
   * `keepActive`: the caller hands that back later, through here again).
   */
  private readonly release = (held: SendHolding): void => {
    if (held.bytes >= 0) {
      const bytes = held.bytes;
      held.bytes = -1;
      this.host.limiter.release(bytes);
    }
    if (held.active && !held.keepActive) {
      held.active = false;
      this.host.lifecycle.leave();
    }
  };
}

/** The error of a send whose subscriber left. */
function abandoned(topic: string): SendError {
  return new SendError('send-aborted', 'the send was abandoned by its subscriber', { topic });
}
