import type { QueueEntry } from './message-store.js';

/**
 * The entries of one queue in memory, as columns of numbers rather than an object per entry (a broker holding
 * millions of messages then has a handful of arrays for the GC to mark, not millions of objects). `minOffset` is the
 * queue offset of the first kept entry (it rises when retention drops the oldest), `maxOffset` the next offset to be
 * written.
 */
export class MemoryQueue {
  private physical = new Float64Array(16);
  private sizes = new Int32Array(16);
  private tagsCodes = new Float64Array(16);
  private storeTimes = new Float64Array(16);
  /** Index of the entry at `minOffset` in the columns; entries are [head, head + count). */
  private head = 0;
  private count = 0;
  private base = 0;

  get minOffset(): number {
    return this.base;
  }

  get maxOffset(): number {
    return this.base + this.count;
  }

  /** Appends the entry of offset `maxOffset`. */
  push(physicalOffset: number, size: number, tagsCode: number, storeTimestamp: number): void {
    if (this.head + this.count === this.physical.length) this.makeRoom();
    const i = this.head + this.count++;
    this.physical[i] = physicalOffset;
    this.sizes[i] = size;
    this.tagsCodes[i] = tagsCode;
    this.storeTimes[i] = storeTimestamp;
  }

  /** The physical offset of the entry at a queue offset, or -1 when it is not stored. */
  physicalAt(offset: number): number {
    const i = this.indexOf(offset);
    return i < 0 ? -1 : this.physical[i]!;
  }

  /** The store time of the entry at a stored queue offset. */
  storeTimeAt(offset: number): number {
    return this.storeTimes[this.head + offset - this.base]!;
  }

  /** Up to `maxCount` entries from `max(fromOffset, minOffset)`. */
  slice(fromOffset: number, maxCount: number): QueueEntry[] {
    const from = Math.max(fromOffset, this.base);
    const to = Math.min(this.maxOffset, from + Math.max(0, maxCount));
    const out: QueueEntry[] = [];
    for (let offset = from; offset < to; offset++) out.push(this.entry(this.head + offset - this.base, offset));
    return out;
  }

  /** Drops the oldest entry and raises `minOffset`; false when the queue is empty. */
  dropFirst(): boolean {
    if (this.count === 0) return false;
    this.head++;
    this.count--;
    this.base++;
    return true;
  }

  private indexOf(offset: number): number {
    return offset >= this.base && offset < this.base + this.count ? this.head + offset - this.base : -1;
  }

  private entry(i: number, queueOffset: number): QueueEntry {
    return { queueOffset, physicalOffset: this.physical[i]!, size: this.sizes[i]!, tagsCode: this.tagsCodes[i]!, storeTimestamp: this.storeTimes[i]! };
  }

  /** Moves the kept entries to the front, into columns twice their count when they are at least half full. */
  private makeRoom(): void {
    const capacity = Math.max(16, this.count * 2 > this.physical.length ? this.physical.length * 2 : this.physical.length);
    const [head, end] = [this.head, this.head + this.count];
    const move = <T extends Float64Array | Int32Array>(column: T, fresh: T): T => (fresh.set(column.subarray(head, end)), fresh);
    this.physical = move(this.physical, new Float64Array(capacity));
    this.sizes = move(this.sizes, new Int32Array(capacity));
    this.tagsCodes = move(this.tagsCodes, new Float64Array(capacity));
    this.storeTimes = move(this.storeTimes, new Float64Array(capacity));
    this.head = 0;
  }
}
