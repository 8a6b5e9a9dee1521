import type { MessageQueue } from '../message/message-queue.js';
import { OffsetIndex } from './offset-index.js';

/** What a process queue needs of a message (a `ReceivedMessage` has both). */
export interface QueuedMessage {
  readonly queueOffset: number;
  readonly body: { readonly length: number };
}

/** Which limit a queue is over. */
export type OverThreshold = 'count' | 'bytes' | 'span';

/** Options of {@link ProcessQueue}. */
export interface ProcessQueueOptions {
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The messages of one owned queue between pull and commit (Java `ProcessQueue`), kept in offset order.
 * Concurrent consumers `put` pulled messages and `remove` them when handled, committing the returned
 * offset. Orderly consumers `takeMessages` into a consuming set and then `commit` or `rollback`.
 * `count` and `bytes` include messages being consumed orderly; `span` covers cached ones only.
 */
export class ProcessQueue<M extends QueuedMessage = QueuedMessage> {
  readonly queue: MessageQueue;
  readonly #cached = new OffsetIndex<M>();
  readonly #consuming = new OffsetIndex<M>();
  readonly #now: () => number;
  #bytes = 0;
  #maxOffsetSeen = -1;
  #dropped = false;
  #locked = false;
  #lastLockAt: number;
  #lastPullAt: number;
  #lastConsumeAt: number;

  constructor(queue: MessageQueue, opts: ProcessQueueOptions = {}) {
    this.queue = queue;
    this.#now = opts.now ?? Date.now;
    this.#lastLockAt = this.#lastPullAt = this.#lastConsumeAt = this.#now();
  }

  /** Adds pulled messages; offsets already held are ignored. Returns how many were added. */
  put(msgs: readonly M[]): number {
    let added = 0;
    for (const m of msgs) {
      if (this.#consuming.has(m.queueOffset) || !this.#cached.set(m.queueOffset, m)) continue;
      added++;
      this.#bytes += m.body.length;
      if (m.queueOffset > this.#maxOffsetSeen) this.#maxOffsetSeen = m.queueOffset;
    }
    return added;
  }

  /**
   * Removes handled messages and returns the offset to commit: the smallest offset still held, or
   * (largest offset ever put) + 1 when nothing is held, or −1 if nothing was ever put.
   */
  remove(msgs: readonly M[], at?: number): number {
    this.#lastConsumeAt = at ?? this.#now();
    for (const m of msgs) {
      const held = this.#cached.delete(m.queueOffset);
      if (held !== undefined) this.#bytes -= held.body.length;
    }
    if (this.count === 0) this.#bytes = 0;
    return this.committableOffset();
  }

  /** {@link ProcessQueue.remove} of one message. */
  removeOne(m: M, at?: number): number {
    this.#lastConsumeAt = at ?? this.#now();
    const held = this.#cached.delete(m.queueOffset);
    if (held !== undefined) this.#bytes -= held.body.length;
    if (this.count === 0) this.#bytes = 0;
    return this.committableOffset();
  }

  /** The offset that may be committed now (see {@link ProcessQueue.remove}). */
  committableOffset(): number {
    const min = minOf(this.#cached.first(), this.#consuming.first());
    if (min !== undefined) return min;
    return this.#maxOffsetSeen < 0 ? -1 : this.#maxOffsetSeen + 1;
  }

  /** Messages held (cached and being consumed orderly). */
  get count(): number {
    return this.#cached.size + this.#consuming.size;
  }

  /** Body bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Largest minus smallest cached offset (0 when empty). */
  get span(): number {
    const first = this.#cached.first();
    return first === undefined ? 0 : this.#cached.last()! - first;
  }

  /** The cached message with the smallest offset. */
  first(): M | undefined {
    const offset = this.#cached.first();
    return offset === undefined ? undefined : this.#cached.get(offset);
  }

  /** Cached messages in offset order (a snapshot). */
  cachedMessages(): M[] {
    return [...this.#cached.entries()].map(([, m]) => m);
  }

  /** Whether any message waits to be taken (Java `hasTempMessage`). */
  get hasCached(): boolean {
    return this.#cached.size > 0;
  }

  get dropped(): boolean {
    return this.#dropped;
  }

  /** Marks the queue as no longer owned; its pulls and commits must stop. */
  markDropped(): void {
    this.#dropped = true;
  }

  // ---- orderly consumption ----

  /** Moves up to `n` cached messages, lowest offsets first, into the consuming set. */
  takeMessages(n: number): M[] {
    this.#lastConsumeAt = this.#now();
    const taken: M[] = [];
    while (taken.length < n) {
      const offset = this.#cached.first();
      if (offset === undefined) break;
      const m = this.#cached.delete(offset)!;
      this.#consuming.set(offset, m);
      taken.push(m);
    }
    return taken;
  }

  /** Messages taken and not yet committed or rolled back. */
  get consumingCount(): number {
    return this.#consuming.size;
  }

  /** Forgets the consuming set as done; returns (largest consumed offset) + 1, or −1 if none. */
  commit(): number {
    const last = this.#consuming.last();
    for (const [, m] of this.#consuming.entries()) this.#bytes -= m.body.length;
    this.#consuming.clear();
    if (this.count === 0) this.#bytes = 0;
    return last === undefined ? -1 : last + 1;
  }

  /** Puts every consuming message back into the cache, to be taken again. */
  rollback(): void {
    for (const [offset, m] of this.#consuming.entries()) this.#cached.set(offset, m);
    this.#consuming.clear();
  }

  /** Puts these consuming messages back into the cache (an orderly handler asked to retry them). */
  makeMessagesToConsumeAgain(msgs: readonly M[]): void {
    for (const m of msgs) {
      const held = this.#consuming.delete(m.queueOffset);
      if (held !== undefined) this.#cached.set(m.queueOffset, held);
    }
  }

  // ---- timestamps and locks ----

  /** Records a pull now. */
  markPulled(): void {
    this.#lastPullAt = this.#now();
  }

  get lastPullAt(): number {
    return this.#lastPullAt;
  }

  get lastConsumeAt(): number {
    return this.#lastConsumeAt;
  }

  /** No pull for longer than `maxIdleMs` (Java drops such queues at rebalance). */
  isPullExpired(maxIdleMs: number): boolean {
    return this.#now() - this.#lastPullAt > maxIdleMs;
  }

  get locked(): boolean {
    return this.#locked;
  }

  get lastLockAt(): number {
    return this.#lastLockAt;
  }

  /** Records a successful broker lock now. */
  markLocked(): void {
    this.#locked = true;
    this.#lastLockAt = this.#now();
  }

  markUnlocked(): void {
    this.#locked = false;
  }

  /** The last successful lock is older than `expiryMs`. */
  isLockExpired(expiryMs: number): boolean {
    return this.#now() - this.#lastLockAt > expiryMs;
  }

  /** Forgets every message (after an offset reset or when the queue is dropped). */
  clear(): void {
    this.#cached.clear();
    this.#consuming.clear();
    this.#bytes = 0;
    this.#maxOffsetSeen = -1;
  }
}

function minOf(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
