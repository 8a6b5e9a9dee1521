import { Observable, Subject } from 'rxjs';

/** A pulled batch waiting to be polled; a batch of a queue that was released or sought since is stale. */
export interface Batch {
  readonly messages: readonly unknown[];
  readonly stale: () => boolean;
}

interface Taker<B> {
  /** Hands over a batch; returns whether the taker wants more. */
  deliver(batch: B): boolean;
  end(): void;
}

/**
 * The batches pulled and not polled yet, across every queue, in arrival order (Java `consumeRequestCache`), and the
 * pollers waiting for them. A batch goes to exactly one taker: the longest-waiting one, and a streaming taker goes to
 * the back of the line after each batch so that several share fairly. With no taker, batches wait here; `count` is
 * the number of messages waiting (the pull consumer's total buffered count).
 */
export class ReadyBatches<B extends Batch> {
  private readonly batches: B[] = [];
  private readonly takers: Taker<B>[] = [];
  private readonly room = new Subject<void>();
  private waiting = 0;
  private closed = false;

  /** Messages waiting. */
  get count(): number {
    return this.waiting;
  }

  /** Emits after messages left (taken or dropped): pulls waiting for room may go. */
  get roomMade$(): Observable<void> {
    return this.room.asObservable();
  }

  /** Adds a pulled batch, or hands it to a waiting taker at once. Stale batches and batches after `close` are ignored. */
  push(batch: B): void {
    if (this.closed || batch.stale()) return;
    const taker = this.takers.shift();
    if (taker) {
      this.handTo(taker, batch);
      return;
    }
    this.batches.push(batch);
    this.waiting += batch.messages.length;
  }

  /** The next batch (at once if one waits), then completes; completes empty at `close`. Unsubscribing stops waiting. */
  take$(): Observable<B> {
    return this.taker$(true);
  }

  /** Every next batch as it comes, until `close` (then completes). */
  stream$(): Observable<B> {
    return this.taker$(false);
  }

  /** Removes the waiting batches that are stale now (their queue was released or sought); returns the messages dropped. */
  dropStale(): number {
    let dropped = 0;
    for (let i = this.batches.length - 1; i >= 0; i--) {
      const batch = this.batches[i]!;
      if (!batch.stale()) continue;
      this.batches.splice(i, 1);
      dropped += batch.messages.length;
    }
    if (dropped > 0) this.leave(dropped);
    return dropped;
  }

  /** Ends every taker and forgets every batch. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.batches.length = 0;
    this.waiting = 0;
    for (const taker of this.takers.splice(0)) taker.end();
    this.room.complete();
  }

  private taker$(once: boolean): Observable<B> {
    return new Observable<B>((subscriber) => {
      const taker: Taker<B> = {
        deliver: (batch) => {
          subscriber.next(batch);
          if (once) subscriber.complete();
          return !once && !subscriber.closed;
        },
        end: () => subscriber.complete(),
      };
      this.serve(taker);
      return () => {
        const at = this.takers.indexOf(taker);
        if (at >= 0) this.takers.splice(at, 1);
      };
    });
  }

  /** Gives waiting batches to a new taker while it wants more, then lines it up. */
  private serve(taker: Taker<B>): void {
    if (this.closed) return taker.end();
    for (;;) {
      const batch = this.nextFresh();
      if (batch === undefined) {
        this.takers.push(taker);
        return;
      }
      this.leave(batch.messages.length);
      if (!taker.deliver(batch)) return;
    }
  }

  private handTo(taker: Taker<B>, batch: B): void {
    if (taker.deliver(batch) && !this.closed) this.takers.push(taker);
  }

  private nextFresh(): B | undefined {
    for (;;) {
      const batch = this.batches.shift();
      if (batch === undefined) return undefined;
      if (!batch.stale()) return batch;
      this.leave(batch.messages.length);
    }
  }

  private leave(n: number): void {
    this.waiting -= n;
    this.room.next();
  }
}
