import { readSync } from 'node:fs';
import { join } from 'node:path';
import type { FdPool } from './fd-pool.js';
import { io } from './fs-io.js';
import { isRecordMagic, RECORD } from './record-layout.js';
import { segmentName } from './store-layout.js';

/** What a commit-log scan walks over. */
export interface ScanInput {
  dir: string;
  segmentSize: number;
  pool: FdPool;
  /** Existing segment start offsets, ascending, with their file sizes. */
  segments: Array<{ start: number; size: number }>;
  /** A record boundary to start from (a checkpoint or a segment start). */
  from: number;
  /**
   * Called with each record that passes the header checks (a view, valid during the call). Returning false stops
   * the scan there as if the record were torn.
   */
  accept(record: Buffer, physicalOffset: number): boolean;
}

const WINDOW = 1 << 20;

/** Reads a file through a window, so that a scan does one read per MiB instead of one per record. */
class WindowReader {
  private buf = Buffer.alloc(WINDOW);
  private start = 0;
  private length = 0;

  constructor(
    private readonly path: string,
    private readonly fd: number,
  ) {}

  /** `length` bytes at `position` (a view), or fewer when the file ends. */
  bytes(position: number, length: number): Buffer {
    if (position < this.start || position + length > this.start + this.length) this.fill(position, length);
    const from = position - this.start;
    return this.buf.subarray(from, Math.min(from + length, this.length));
  }

  private fill(position: number, length: number): void {
    if (length > this.buf.length) this.buf = Buffer.alloc(length);
    this.start = position;
    this.length = 0;
    while (this.length < this.buf.length) {
      const n = io('read', this.path, () => readSync(this.fd, this.buf, this.length, this.buf.length - this.length, position + this.length));
      if (n === 0) break;
      this.length += n;
    }
  }
}

/**
 * Walks records from `from` and returns the end of valid data: the first position where no further record
 * exists (end of the last segment) or where the bytes are not a whole valid record (TOTALSIZE within the segment
 * and the file, magic V1/V2, the record's own PHYSICALOFFSET field equal to its position). A segment's data ends
 * at its file end; the scan then continues at the next segment's start.
 */
export function scanCommitLog(input: ScanInput): number {
  const { segmentSize } = input;
  const bySegment = new Map(input.segments.map((s) => [s.start, s.size]));
  let pos = input.from;
  for (;;) {
    const segment = Math.floor(pos / segmentSize) * segmentSize;
    const size = bySegment.get(segment);
    if (size === undefined) return pos;
    const end = scanSegment(input, segment, size, pos);
    if (end < segment + size) return end;
    if (!bySegment.has(segment + segmentSize)) return end;
    pos = segment + segmentSize;
  }
}

function scanSegment(input: ScanInput, segment: number, fileSize: number, from: number): number {
  const path = join(input.dir, segmentName(segment));
  // Pinned: `accept` writes queue files through the same pool and must not evict this descriptor.
  const lease = input.pool.pin(path);
  try {
    const reader = new WindowReader(path, lease.fd);
    let rel = from - segment;
    while (rel + 8 <= fileSize) {
      const header = reader.bytes(rel, 8);
      const total = header.readInt32BE(0);
      if (!isRecordMagic(header.readUInt32BE(4)) || total < RECORD.minSize || rel + total > fileSize) break;
      const record = reader.bytes(rel, total);
      if (record.length < total || record.readBigInt64BE(RECORD.physicalOffsetAt) !== BigInt(segment + rel)) break;
      if (!input.accept(record, segment + rel)) break;
      rel += total;
    }
    return segment + Math.min(rel, fileSize);
  } finally {
    lease.release();
  }
}
