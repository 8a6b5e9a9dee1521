import { fdatasyncSync, ftruncateSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from './atomic-file.js';
import { scanCommitLog } from './commit-log-scan.js';
import type { ConsumeQueue } from './consume-queue.js';
import type { ConsumeQueueSet } from './consume-queue-set.js';
import type { FdPool } from './fd-pool.js';
import { asIoError, hasCode, io } from './fs-io.js';
import type { QueueEntry } from './message-store.js';
import { parseRecordFields, type RecordFields } from './record-fields.js';
import { parseSegmentName, segmentName } from './store-layout.js';
import { StoreError } from './store-error.js';

/** What recovery needs. */
export interface RecoveryInput {
  commitLogDir: string;
  segmentSize: number;
  pool: FdPool;
  queues: ConsumeQueueSet;
  /** Physical offset up to which the queues were durable at the last flush; undefined → scan everything. */
  checkpoint: number | undefined;
  tagsCodeOf(fields: RecordFields): number;
}

/** What recovery found and did. */
export interface RecoveryResult {
  /** Start offsets of the commit-log segments kept, ascending. */
  segments: number[];
  /** End of valid data: where the next record goes. */
  end: number;
  /** Bytes cut from a torn tail. */
  truncatedBytes: number;
  /** Queue entries re-created from the commit log. */
  rebuiltEntries: number;
}

interface Segment {
  start: number;
  size: number;
}

function listSegments(dir: string, segmentSize: number): Segment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return [];
    throw asIoError('readdir', dir, error);
  }
  const out: Segment[] = [];
  for (const name of names) {
    const start = parseSegmentName(name);
    if (start === undefined) continue;
    const path = join(dir, name);
    const size = io('stat', path, () => statSync(path).size);
    if (start % segmentSize !== 0 || size > segmentSize) {
      throw new StoreError('store-corrupt', 'commit-log segment does not match the segment size', { path, segmentSize, size });
    }
    out.push({ start, size });
  }
  return out.sort((a, b) => a.start - b.start);
}

function scanStart(checkpoint: number | undefined, segments: Segment[]): number {
  if (segments.length === 0) return 0;
  const first = segments[0].start;
  const last = segments[segments.length - 1];
  if (checkpoint === undefined || checkpoint < first) return first;
  return checkpoint > last.start + last.size ? last.start : checkpoint;
}

/** Cuts the log at `end`: the segment holding it is truncated, later ones deleted. Returns the bytes cut. */
function truncateLog(input: RecoveryInput, segments: Segment[], end: number): number {
  let cut = 0;
  for (const seg of segments) {
    const path = join(input.commitLogDir, segmentName(seg.start));
    const keep = Math.max(0, Math.min(seg.size, end - seg.start));
    if (seg.start > end) {
      input.pool.drop(path);
      io('unlink', path, () => unlinkSync(path), { physicalOffset: end });
      cut += seg.size;
    } else if (keep < seg.size) {
      const fd = input.pool.fd(path);
      io('ftruncate', path, () => ftruncateSync(fd, keep), { physicalOffset: end });
      io('fdatasync', path, () => fdatasyncSync(fd));
      cut += seg.size - keep;
    }
  }
  if (cut > 0) fsyncDir(input.commitLogDir);
  return cut;
}

/** Drops a queue's trailing entries that point past the end of the log. */
function dropEntriesPastEnd(queue: ConsumeQueue, end: number): void {
  let keep = queue.maxOffset;
  while (keep > queue.minOffset) {
    const e = queue.entryAt(keep - 1)!;
    if (e.physicalOffset + e.size <= end) break;
    keep--;
  }
  queue.truncateTo(keep);
}

/**
 * Re-creates the queue entries of records from `from` on that their queues lack. Returns the number created, or
 * 'gap' when a record's queue offset is ahead of its queue (entries before `from` are missing too).
 */
function dispatch(input: RecoveryInput, segments: Segment[], from: number): number | 'gap' {
  const pending = new Map<ConsumeQueue, QueueEntry[]>();
  let pendingCount = 0;
  let created = 0;
  let gap = false;
  const flush = () => {
    for (const [q, entries] of pending) if (entries.length > 0) q.append(entries);
    pending.clear();
    pendingCount = 0;
  };
  scanCommitLog({
    dir: input.commitLogDir,
    segmentSize: input.segmentSize,
    pool: input.pool,
    segments,
    from,
    accept: (record, physicalOffset) => {
      const f = parseRecordFields(record)!;
      const queue = input.queues.getOrCreate(f.topic, f.queueId);
      let list = pending.get(queue);
      if (!list) pending.set(queue, (list = []));
      const next = queue.maxOffset + list.length;
      if (f.queueOffset < next) return true;
      if (f.queueOffset > next) {
        gap = true;
        return false;
      }
      const tagsCode = input.tagsCodeOf(f);
      list.push({ queueOffset: f.queueOffset, physicalOffset, size: record.length, tagsCode, storeTimestamp: f.storeTimestamp });
      created++;
      if (++pendingCount >= 4096) flush();
      return true;
    },
  });
  flush();
  return gap ? 'gap' : created;
}

/**
 * Recovers the commit log and the consume queues after any shutdown: scans records from the checkpoint (or the
 * last segment, when the checkpoint lies past the data), cuts a torn tail, drops queue entries that point past the
 * end, and re-creates missing queue entries from the records. If a queue turns out to lack entries from before
 * the scan start, the whole log is re-dispatched.
 */
export function recover(input: RecoveryInput): RecoveryResult {
  const segments = listSegments(input.commitLogDir, input.segmentSize);
  const from = scanStart(input.checkpoint, segments);
  const end = scanCommitLog({
    dir: input.commitLogDir,
    segmentSize: input.segmentSize,
    pool: input.pool,
    segments,
    from,
    accept: (record) => parseRecordFields(record) !== undefined,
  });
  const truncatedBytes = truncateLog(input, segments, end);
  const kept = listSegments(input.commitLogDir, input.segmentSize);
  input.queues.loadAll();
  for (const q of input.queues.all()) dropEntriesPastEnd(q, end);
  let rebuilt = dispatch(input, kept, from);
  if (rebuilt === 'gap' && kept.length > 0 && from > kept[0].start) rebuilt = dispatch(input, kept, kept[0].start);
  if (rebuilt === 'gap') {
    throw new StoreError('store-corrupt', 'a consume queue lacks entries that the commit log no longer holds', { dir: input.commitLogDir });
  }
  return { segments: kept.map((s) => s.start), end, truncatedBytes, rebuiltEntries: rebuilt };
}
