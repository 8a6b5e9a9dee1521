import { Fifo } from './fifo.js';
import type { QueueEntry } from './message-store.js';

/**
 * The entries of one queue in memory. `minOffset` is the queue offset of the first kept entry (it rises when
 * retention drops the oldest), `maxOffset` the next offset to be written.
 */
export class MemoryQueue {
  private readonly entries = new Fifo<QueueEntry>();
  private base = 0;

  get minOffset(): number {
    return this.base;
  }

  get maxOffset(): number {
    return this.base + this.entries.length;
  }

  push(entry: QueueEntry): void {
    this.entries.push(entry);
  }

  /** The entry at a queue offset, or undefined when it is not (or no longer) stored. */
  at(offset: number): QueueEntry | undefined {
    return this.entries.at(offset - this.base);
  }

  /** Up to `maxCount` entries from `max(fromOffset, minOffset)`. */
  slice(fromOffset: number, maxCount: number): QueueEntry[] {
    const start = Math.max(fromOffset, this.base) - this.base;
    return this.entries.slice(start, start + Math.max(0, maxCount));
  }

  /** Drops the oldest entry and raises `minOffset`. */
  dropFirst(): QueueEntry | undefined {
    const entry = this.entries.shift();
    if (entry) this.base++;
    return entry;
  }
}
