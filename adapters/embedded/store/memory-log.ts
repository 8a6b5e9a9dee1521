/**
 * The memory store's commit log: records copied back to back into large segment buffers, addressed by physical
 * offset. Physical offsets are contiguous (a record that does not fit in the current segment starts a new one at the
 * same offset), so they are exactly what a byte-counting log assigns.
 *
 * Why segments and not one Buffer per record: a small Buffer is cut from Node's shared 8 KiB pool, and one long-lived
 * record then pins the pool slab together with whatever short-lived buffers were cut from it (frames, headers). A
 * broker that kept 1 KiB records this way held 4 KiB of memory per message, and as many heap objects as records,
 * which every full GC marks. Here a million records are a few hundred buffers.
 */

interface Segment {
  /** Physical offset of the segment's first byte. */
  readonly base: number;
  readonly buf: Buffer;
  /** Bytes written. */
  used: number;
}

/** The first segment's size; each new one doubles up to {@link MAX_SEGMENT}, or fits one larger record. */
const MIN_SEGMENT = 64 * 1024;
const MAX_SEGMENT = 8 * 1024 * 1024;

export class MemoryLog {
  private segments: Segment[] = [];
  private headOffset = 0;
  private endOffset = 0;

  /** Physical offset of the oldest kept byte. */
  get head(): number {
    return this.headOffset;
  }

  /** Physical offset the next record gets. */
  get end(): number {
    return this.endOffset;
  }

  /** Copies `record` to the end of the log; returns its physical offset. */
  append(record: Buffer): number {
    const at = this.endOffset;
    let last = this.segments[this.segments.length - 1];
    if (last === undefined || last.buf.length - last.used < record.length) {
      const size = Math.max(record.length, Math.min(MAX_SEGMENT, Math.max(MIN_SEGMENT, (last?.buf.length ?? 0) * 2)));
      last = { base: at, buf: Buffer.allocUnsafeSlow(size), used: 0 };
      this.segments.push(last);
    }
    record.copy(last.buf, last.used);
    last.used += record.length;
    this.endOffset += record.length;
    return at;
  }

  /**
   * The `size` bytes stored at `physicalOffset` (a view into the log: not to be mutated), or undefined when they are
   * not all kept or straddle two segments (no record does).
   */
  slice(physicalOffset: number, size: number): Buffer | undefined {
    if (physicalOffset < this.headOffset || size <= 0 || physicalOffset + size > this.endOffset) return undefined;
    const segment = this.segmentAt(physicalOffset);
    const from = physicalOffset - segment.base;
    return from + size <= segment.used ? segment.buf.subarray(from, from + size) : undefined;
  }

  /** Forgets the oldest `size` bytes (a whole number of records); frees each segment once all of it is forgotten. */
  dropHead(size: number): void {
    this.headOffset = Math.min(this.endOffset, this.headOffset + size);
    let drop = 0;
    while (drop < this.segments.length - 1 && this.segments[drop]!.base + this.segments[drop]!.used <= this.headOffset) drop++;
    if (drop > 0) this.segments = this.segments.slice(drop);
  }

  /** The segment holding `physicalOffset`, which is within [head, end). */
  private segmentAt(physicalOffset: number): Segment {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid]!.base <= physicalOffset) lo = mid;
      else hi = mid - 1;
    }
    return this.segments[lo]!;
  }
}
