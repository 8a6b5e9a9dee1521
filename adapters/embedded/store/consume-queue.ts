import { fstatSync, ftruncateSync, mkdirSync, readdirSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readInt64, writeInt64 } from '../../remoting/protocol/message/int64.js';
import type { FdPool } from './fd-pool.js';
import { asIoError, hasCode, io } from './fs-io.js';
import type { QueueEntry } from './message-store.js';
import { parseSegmentName, segmentName } from './store-layout.js';
import { StoreError } from './store-error.js';

/** Bytes of one consume-queue entry: physical offset int64, size int32, tags code int64, store time int64. */
export const CQ_ENTRY_SIZE = 28;

// The int64 fields as numbers (two 32-bit halves), not BigInts: every pull decodes its entries.
function encodeEntry(e: QueueEntry, buf: Buffer, at: number): void {
  writeInt64(buf, e.physicalOffset, at);
  buf.writeInt32BE(e.size, at + 8);
  writeInt64(buf, e.tagsCode, at + 12);
  writeInt64(buf, e.storeTimestamp, at + 20);
}

function decodeEntry(buf: Buffer, at: number, queueOffset: number): QueueEntry {
  return {
    queueOffset,
    physicalOffset: readInt64(buf, at),
    size: buf.readInt32BE(at + 8),
    tagsCode: readInt64(buf, at + 12),
    storeTimestamp: readInt64(buf, at + 20),
  };
}

/**
 * One queue's index on disk: fixed 28-byte entries in segment files of `entriesPerFile` entries, each named by
 * the byte offset of its first entry (queue offset × 28, zero-padded to 20 digits). Only `minOffset` and
 * `maxOffset` live in memory; entries are read on demand.
 */
export class ConsumeQueue {
  private min = 0;
  private max = 0;
  private created = false;

  constructor(
    readonly dir: string,
    private readonly entriesPerFile: number,
    private readonly pool: FdPool,
    private readonly onWrite: (path: string, newFile: boolean) => void,
  ) {}

  get minOffset(): number {
    return this.min;
  }

  get maxOffset(): number {
    return this.max;
  }

  /** Reads min/max from the files present; cuts a trailing partial entry. */
  load(): void {
    const files = this.files();
    this.created = files.length > 0;
    if (files.length === 0) return;
    const last = files[files.length - 1];
    const path = this.filePath(last);
    const size = io('fstat', path, () => fstatSync(this.pool.fd(path)).size);
    const whole = Math.floor(size / CQ_ENTRY_SIZE);
    if (size !== whole * CQ_ENTRY_SIZE) io('ftruncate', path, () => ftruncateSync(this.pool.fd(path), whole * CQ_ENTRY_SIZE));
    this.max = last + whole;
    this.min = Math.min(files[0], this.max);
    while (this.min < this.max && this.entryAt(this.min)?.size === 0) this.min++;
  }

  /** Appends entries; the first must carry queue offset `maxOffset`, the rest follow consecutively. */
  append(entries: QueueEntry[]): void {
    let i = 0;
    while (i < entries.length) {
      const first = entries[i].queueOffset;
      if (first !== this.max) {
        throw new StoreError('store-corrupt', `queue entry ${first} does not follow ${this.max}`, { dir: this.dir, queueOffset: first });
      }
      const fileStart = first - (first % this.entriesPerFile);
      const n = Math.min(entries.length - i, fileStart + this.entriesPerFile - first);
      const buf = Buffer.alloc(n * CQ_ENTRY_SIZE);
      for (let k = 0; k < n; k++) encodeEntry(entries[i + k], buf, k * CQ_ENTRY_SIZE);
      this.writeAt(fileStart, (first - fileStart) * CQ_ENTRY_SIZE, buf);
      this.max += n;
      i += n;
    }
  }

  /** Up to `maxCount` entries from `max(fromOffset, minOffset)`. */
  read(fromOffset: number, maxCount: number): QueueEntry[] {
    const out: QueueEntry[] = [];
    let at = Math.max(fromOffset, this.min);
    const to = Math.min(this.max, at + Math.max(0, maxCount));
    while (at < to) {
      const fileStart = at - (at % this.entriesPerFile);
      const n = Math.min(to - at, fileStart + this.entriesPerFile - at);
      const buf = this.readAt(fileStart, (at - fileStart) * CQ_ENTRY_SIZE, n * CQ_ENTRY_SIZE);
      for (let k = 0; k < n; k++) out.push(decodeEntry(buf, k * CQ_ENTRY_SIZE, at + k));
      at += n;
    }
    return out;
  }

  /** The entry at a queue offset, or undefined when not stored. */
  entryAt(offset: number): QueueEntry | undefined {
    return offset < this.min || offset >= this.max ? undefined : this.read(offset, 1)[0];
  }

  /** Drops entries at and after `offset` (recovery: they point past the end of the log). */
  truncateTo(offset: number): void {
    if (offset >= this.max) return;
    const keep = Math.max(offset, this.min);
    for (const start of this.files()) {
      const path = this.filePath(start);
      if (start >= keep) {
        this.pool.drop(path);
        io('unlink', path, () => unlinkSync(path));
      } else if (start + this.entriesPerFile > keep) {
        io('ftruncate', path, () => ftruncateSync(this.pool.fd(path), (keep - start) * CQ_ENTRY_SIZE));
        this.onWrite(path, false);
      }
    }
    this.max = keep;
  }

  private writeAt(fileStart: number, position: number, buf: Buffer): void {
    if (!this.created) {
      io('mkdir', this.dir, () => mkdirSync(this.dir, { recursive: true }));
      this.created = true;
    }
    const path = this.filePath(fileStart);
    const fd = this.pool.fd(path, true);
    let done = 0;
    while (done < buf.length) done += io('write', path, () => writeSync(fd, buf, done, buf.length - done, position + done));
    this.onWrite(path, position === 0);
  }

  private readAt(fileStart: number, position: number, length: number): Buffer {
    const path = this.filePath(fileStart);
    const fd = this.pool.fd(path);
    const buf = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = io('read', path, () => readSync(fd, buf, done, length - done, position + done));
      if (n === 0) throw new StoreError('store-corrupt', 'consume queue file is shorter than its entries', { path, position });
      done += n;
    }
    return buf;
  }

  /** Start queue offsets of the files present, ascending. */
  private files(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (error) {
      if (hasCode(error, 'ENOENT')) return [];
      throw asIoError('readdir', this.dir, error);
    }
    const starts: number[] = [];
    for (const name of names) {
      const byteOffset = parseSegmentName(name);
      if (byteOffset === undefined || byteOffset % (CQ_ENTRY_SIZE * this.entriesPerFile) !== 0) continue;
      starts.push(byteOffset / CQ_ENTRY_SIZE);
    }
    return starts.sort((a, b) => a - b);
  }

  private filePath(startOffset: number): string {
    return join(this.dir, segmentName(startOffset * CQ_ENTRY_SIZE));
  }
}
