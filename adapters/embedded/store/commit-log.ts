import { readSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { syncDirectory } from './atomic-file.js';
import { BlockCache } from './block-cache.js';
import type { FdPool } from './fd-pool.js';
import { fdatasyncAsync, io } from './fs-io.js';
import { isRecordMagic, RECORD } from './record-layout.js';
import { segmentName } from './store-layout.js';

/** How the commit log is laid out and cached. */
export interface CommitLogConfig {
  dir: string;
  segmentSize: number;
  pool: FdPool;
  readCacheBytes: number;
}

/**
 * The append-only commit log: segment files named by their start physical offset, records back to back inside a
 * segment; a record that does not fit in the rest of a segment starts the next one (physical offsets skip the
 * unused tail, so physical offset = position in the virtual concatenation of fixed-size segments).
 * Writes go to the page cache synchronously; `sync()` fdatasyncs what was written since the last sync.
 */
export class CommitLog {
  private readonly segments: number[];
  private readonly known: Set<number>;
  private end: number;
  private readonly dirtyFiles = new Set<string>();
  private dirDirty = false;
  private syncs = 0;
  private readonly cache: BlockCache;

  /** `segments`: start offsets of the existing files (ascending); `end`: the recovered end of valid data. */
  constructor(
    private readonly config: CommitLogConfig,
    segments: number[],
    end: number,
  ) {
    this.segments = [...segments];
    this.known = new Set(segments);
    this.end = end;
    const blockSize = config.segmentSize % 65536 === 0 ? 65536 : 4096;
    this.cache = new BlockCache(blockSize, config.readCacheBytes, (i) => this.loadBlock(i, blockSize));
  }

  /** Physical offset where the next record goes (or the segment after it, when it does not fit). */
  get writePosition(): number {
    return this.end;
  }

  /** Bytes held by the read cache. */
  get cachedBytes(): number {
    return this.cache.cachedBytes;
  }

  /** Physical offsets the records of these sizes would get, in order (nothing is written). */
  plan(sizes: number[]): number[] {
    const seg = this.config.segmentSize;
    let pos = this.end;
    return sizes.map((size) => {
      const start = Math.floor(pos / seg) * seg;
      if (pos + size > start + seg) pos = start + seg;
      const at = pos;
      pos += size;
      return at;
    });
  }

  /** Writes records at the offsets `plan` gave (same call stack, no append in between) and advances the end. */
  write(records: Buffer[], offsets: number[]): void {
    let i = 0;
    while (i < records.length) {
      const start = this.segmentStart(offsets[i]);
      let j = i;
      while (j < records.length && this.segmentStart(offsets[j]) === start) j++;
      this.writeRun(start, offsets[i], records.slice(i, j));
      i = j;
    }
    const last = records.length - 1;
    if (last >= 0) {
      this.cache.invalidate(this.end, offsets[last] + records[last].length);
      this.end = offsets[last] + records[last].length;
    }
  }

  /** A copy of [physicalOffset, physicalOffset + size) when it lies in written data. */
  read(physicalOffset: number, size: number): Buffer | undefined {
    if (physicalOffset < 0 || size <= 0 || physicalOffset + size > this.end) return undefined;
    if (size > this.cache.blockSize || !this.cache.enabled) return this.readDirect(physicalOffset, size);
    return this.cache.read(physicalOffset, size);
  }

  /**
   * The record that starts at `physicalOffset`, or undefined when none does: the header must be sane and the
   * record's own PHYSICALOFFSET field must equal the offset asked for.
   */
  readRecordAt(physicalOffset: number): Buffer | undefined {
    if (!Number.isSafeInteger(physicalOffset)) return undefined;
    const header = this.read(physicalOffset, 8);
    if (!header || !isRecordMagic(header.readUInt32BE(4))) return undefined;
    const total = header.readInt32BE(0);
    if (total < RECORD.minSize || total > this.config.segmentSize) return undefined;
    const record = this.read(physicalOffset, total);
    if (!record || record.readBigInt64BE(RECORD.physicalOffsetAt) !== BigInt(physicalOffset)) return undefined;
    return record;
  }

  /** Number of `sync()` runs so far. */
  get syncCount(): number {
    return this.syncs;
  }

  /** fdatasyncs every segment written since the last sync (and the directory when a segment was created). */
  async sync(): Promise<void> {
    this.syncs++;
    const files = [...this.dirtyFiles];
    this.dirtyFiles.clear();
    const dir = this.dirDirty;
    this.dirDirty = false;
    for (const path of files) {
      const lease = this.config.pool.pin(path);
      try {
        await fdatasyncAsync(path, lease.fd);
      } finally {
        lease.release();
      }
    }
    if (dir) await syncDirectory(this.config.dir);
  }

  /** True when something was written since the last `sync()`. */
  get dirty(): boolean {
    return this.dirtyFiles.size > 0 || this.dirDirty;
  }

  /** Forgets cached blocks (the store is closing). */
  dispose(): void {
    this.cache.clear();
  }

  private writeRun(segment: number, position: number, records: Buffer[]): void {
    const path = this.segmentPath(segment);
    if (this.segments[this.segments.length - 1] !== segment) {
      this.segments.push(segment);
      this.known.add(segment);
      this.dirDirty = true;
    }
    const fd = this.config.pool.fd(path, true);
    let filePos = position - segment;
    let bufs = records;
    let remaining = records.reduce((n, r) => n + r.length, 0);
    while (remaining > 0) {
      const written = io('write', path, () => writevSync(fd, bufs, filePos), { physicalOffset: position });
      remaining -= written;
      filePos += written;
      bufs = skipBytes(bufs, written);
    }
    this.dirtyFiles.add(path);
  }

  private loadBlock(index: number, blockSize: number): Buffer {
    const start = index * blockSize;
    const length = Math.min(blockSize, this.end - start);
    if (length <= 0) return Buffer.alloc(0);
    const buf = Buffer.alloc(blockSize);
    return buf.subarray(0, this.readInto(buf, start, length));
  }

  private readDirect(physicalOffset: number, size: number): Buffer | undefined {
    const buf = Buffer.alloc(size);
    return this.readInto(buf, physicalOffset, size) === size ? buf : undefined;
  }

  private readInto(buf: Buffer, physicalOffset: number, length: number): number {
    const segment = this.segmentStart(physicalOffset);
    if (!this.known.has(segment)) return 0;
    const path = this.segmentPath(segment);
    const fd = this.config.pool.fd(path);
    let done = 0;
    while (done < length) {
      const n = io('read', path, () => readSync(fd, buf, done, length - done, physicalOffset - segment + done), { physicalOffset });
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  private segmentStart(physicalOffset: number): number {
    return Math.floor(physicalOffset / this.config.segmentSize) * this.config.segmentSize;
  }

  private segmentPath(start: number): string {
    return join(this.config.dir, segmentName(start));
  }
}

function skipBytes(bufs: Buffer[], n: number): Buffer[] {
  const out: Buffer[] = [];
  let skip = n;
  for (const b of bufs) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}

