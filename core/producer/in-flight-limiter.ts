import { BehaviorSubject, filter, map, Observable, type Subscription, take } from 'rxjs';
import { ValidationError } from '../validation/validation-error.js';

interface Waiter {
  readonly bytes: number;
  admit(): void;
}

/**
 * Bounds the sends in flight by count and by bytes: `run(bytes, work)` waits until there is room, then subscribes
 * `work` and holds its share until `work` ends, fails or is unsubscribed.
 *
 * Semantics:
 * - Waiters are admitted first come, first served; a large send at the head is not overtaken by small ones.
 * - A send is admitted when fewer than `maxCount` are in flight and its bytes fit under `maxBytes`; a single send
 *   larger than `maxBytes` is admitted alone, when nothing else is in flight (so it cannot wait forever).
 * - Waiting costs no I/O and no timer: the waiting Observable just has not subscribed `work` yet. Unsubscribing
 *   while waiting leaves the queue; unsubscribing while running releases the room at once.
 * - The limiter does not bound how many callers wait: the caller does, by how many it subscribes at once. With
 *   `from(events).pipe(mergeMap((e) => producer.send$(e), 64))` at most 64 sends exist at any time, so nothing
 *   upstream buffers without bound.
 */
export class InFlightLimiter {
  private readonly queue: Waiter[] = [];
  private readonly state = new BehaviorSubject({ count: 0, bytes: 0 });
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
    return this.state.value.count;
  }

  /** Bytes in flight now. */
  get inFlightBytes(): number {
    return this.state.value.bytes;
  }

  /** Sends waiting for room. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Emits once (then completes) when nothing is in flight or waiting. */
  idle$(): Observable<void> {
    return this.state.pipe(
      filter((s) => s.count === 0 && this.queue.length === 0),
      take(1),
      map(() => undefined),
    );
  }

  /** Runs `work` once `bytes` fit; see the class comment for the rules. */
  run<T>(bytes: number, work: () => Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let inner: Subscription | undefined;
      let admitted = false;
      const waiter: Waiter = {
        bytes,
        admit: () => {
          admitted = true;
          this.change(1, bytes);
          inner = work().subscribe(subscriber);
        },
      };
      this.queue.push(waiter);
      this.drain();
      return () => {
        if (!admitted) {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          this.drain();
          return;
        }
        inner?.unsubscribe();
        this.change(-1, -bytes);
        this.drain();
      };
    });
  }

  private fits(bytes: number): boolean {
    const { count, bytes: used } = this.state.value;
    if (count >= this.maxCount) return false;
    return count === 0 || used + bytes <= this.maxBytes;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 && this.fits(this.queue[0]!.bytes)) this.queue.shift()!.admit();
    } finally {
      this.draining = false;
    }
    if (this.state.value.count === 0 && this.queue.length === 0) this.state.next(this.state.value);
  }

  private change(count: number, bytes: number): void {
    const s = this.state.value;
    this.state.next({ count: s.count + count, bytes: s.bytes + bytes });
  }
}
