import { ValidationError } from '../validation/validation-error.js';

/** A send waiting for room (see {@link InFlightLimiter.wait}). */
export interface Waiter {
  readonly bytes: number;
  admit(): void;
}

/**
 * Bounds the sends in flight by count and by bytes: a small counting semaphore with a FIFO of waiters. The send
 * core takes room with `tryEnter` (or `wait` when there is none, `leave` to give up waiting) and gives it back
 * with `release` once the send settles.
 *
 * Semantics:
 * - Waiters are admitted first come, first served; a large send at the head is not overtaken by small ones.
 * - A send is admitted when fewer than `maxCount` are in flight and its bytes fit under `maxBytes`; a single send
 *   larger than `maxBytes` is admitted alone, when nothing else is in flight (so it cannot wait forever).
 * - Waiting costs no I/O and no timer. Leaving the queue while waiting keeps the order of the rest; releasing
 *   admits the next waiters at once.
 * - The limiter does not bound how many callers wait: the caller does, by how many it subscribes at once. With
 *   `from(events).pipe(mergeMap((e) => producer.send$(e), 64))` at most 64 sends exist at any time, so nothing
 *   upstream buffers without bound.
 */
export class InFlightLimiter {
  private readonly queue: Waiter[] = [];
  private count = 0;
  private bytes = 0;
  private draining = false;

  constructor(
    readonly maxCount: number,
    readonly maxBytes: number,
  ) {
    if (!Number.isInteger(maxCount) || maxCount < 1) throw new ValidationError('invalid-option', 'producer.maxInflightSends', maxCount, 'must be an integer ≥ 1');
    if (!(maxBytes >= 1)) throw new ValidationError('invalid-option', 'producer.maxInflightBytes', maxBytes, 'must be ≥ 1');
  }

  /** Sends in flight now. */
  get inFlight(): number {
    return this.count;
  }

  /** Bytes in flight now. */
  get inFlightBytes(): number {
    return this.bytes;
  }

  /** Sends waiting for room. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Takes room for `bytes` at once if nobody waits and it fits; `false` means {@link wait}. */
  tryEnter(bytes: number): boolean {
    if (this.queue.length > 0 || !this.fits(bytes)) return false;
    this.change(1, bytes);
    return true;
  }

  /** Queues `bytes`; `admit` runs (synchronously, within a `release` or `wait`) once the room is taken for it. */
  wait(bytes: number, admit: () => void): Waiter {
    const waiter: Waiter = {
      bytes,
      admit: () => {
        this.change(1, bytes);
        admit();
      },
    };
    this.queue.push(waiter);
    this.drain();
    return waiter;
  }

  /** Takes a waiter that was not admitted yet out of the queue. */
  leave(waiter: Waiter): void {
    const i = this.queue.indexOf(waiter);
    if (i < 0) return;
    this.queue.splice(i, 1);
    this.drain();
  }

  /** Gives back the room of an admitted send. */
  release(bytes: number): void {
    this.change(-1, -bytes);
    this.drain();
  }

  private fits(bytes: number): boolean {
    if (this.count >= this.maxCount) return false;
    return this.count === 0 || this.bytes + bytes <= this.maxBytes;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 && this.fits(this.queue[0]!.bytes)) this.queue.shift()!.admit();
    } finally {
      this.draining = false;
    }
  }

  private change(count: number, bytes: number): void {
    this.count += count;
    this.bytes += bytes;
  }
}
