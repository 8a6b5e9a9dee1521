import { existsSync } from 'node:fs';
import { writeFileAtomicSync } from './atomic-file.js';
import { readJsonFile } from './json-file.js';
import { defaultTagsCode, type RecordFields } from './record-fields.js';
import { StoreError } from './store-error.js';

/** Options of the file store. Only `dir` is required. */
export interface FileStoreOptions {
  /** Data directory (created when missing). */
  dir: string;
  /** Commit-log segment size in bytes, a multiple of 4096. Default 64 MiB. Fixed at creation (kept in store.json). */
  segmentSize?: number;
  /** Entries per consume-queue file. Default 300,000 (as RocketMQ). Fixed at creation (kept in store.json). */
  queueFileEntries?: number;
  /** Default flush of `append` when the call does not say: 'async' (periodic fsync, like RocketMQ's default) or 'sync'. */
  flush?: 'sync' | 'async';
  /** Period of the background flush (commit log, consume queues, checkpoint). Default 500 ms. */
  flushIntervalMs?: number;
  /** Bound on open file descriptors (commit-log segments and queue files). Default 256. */
  maxOpenFiles?: number;
  /** Bound on the commit-log read cache. Default 4 MiB; 0 disables it. */
  readCacheBytes?: number;
  /** The offset journal is compacted into its snapshot when it passes this size. Default 4 MiB. */
  offsetJournalBytes?: number;
  /**
   * Tags code of a queue entry that recovery re-creates from its record (the original `AppendRequest.tagsCode` is
   * not stored in the record). Default: Java hashCode of the TAGS property, 0 without tags. A broker that stores
   * something else there (e.g. a delivery time for scheduled messages) supplies the same computation here.
   */
  tagsCodeOf?: (fields: RecordFields) => number;
}

export type ResolvedFileStoreOptions = Required<FileStoreOptions>;

const MiB = 1024 * 1024;

function positiveInt(name: string, value: number, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new StoreError('invalid-argument', `option ${name} must be an integer >= ${min}`, { option: name, value });
  }
  return value;
}

/** Fills defaults and validates; throws `invalid-argument` naming the option. */
export function resolveFileStoreOptions(o: FileStoreOptions): ResolvedFileStoreOptions {
  if (typeof o?.dir !== 'string' || o.dir.length === 0) {
    throw new StoreError('invalid-argument', 'option dir must be a non-empty path', { option: 'dir', value: o?.dir });
  }
  const segmentSize = positiveInt('segmentSize', o.segmentSize ?? 64 * MiB, 4096);
  if (segmentSize % 4096 !== 0) throw new StoreError('invalid-argument', 'option segmentSize must be a multiple of 4096', { option: 'segmentSize', value: segmentSize });
  const flush = o.flush ?? 'async';
  if (flush !== 'sync' && flush !== 'async') throw new StoreError('invalid-argument', "option flush must be 'sync' or 'async'", { option: 'flush', value: flush });
  return {
    dir: o.dir,
    segmentSize,
    queueFileEntries: positiveInt('queueFileEntries', o.queueFileEntries ?? 300_000),
    flush,
    flushIntervalMs: positiveInt('flushIntervalMs', o.flushIntervalMs ?? 500),
    maxOpenFiles: positiveInt('maxOpenFiles', o.maxOpenFiles ?? 256, 8),
    readCacheBytes: positiveInt('readCacheBytes', o.readCacheBytes ?? 4 * MiB, 0),
    offsetJournalBytes: positiveInt('offsetJournalBytes', o.offsetJournalBytes ?? 4 * MiB, 1024),
    tagsCodeOf: o.tagsCodeOf ?? defaultTagsCode,
  };
}

/** The geometry of an existing store, read from store.json (written on first open). */
export interface StoreMeta {
  version: 1;
  segmentSize: number;
  queueFileEntries: number;
}

/** Reads store.json, or writes it from the options for a new store. Existing geometry wins over the options. */
export function loadOrCreateMeta(path: string, options: ResolvedFileStoreOptions): StoreMeta {
  if (!existsSync(path)) {
    const meta: StoreMeta = { version: 1, segmentSize: options.segmentSize, queueFileEntries: options.queueFileEntries };
    writeFileAtomicSync(path, JSON.stringify(meta));
    return meta;
  }
  const meta = readJsonFile(path) as Partial<StoreMeta> | null;
  const ok =
    meta?.version === 1 &&
    Number.isSafeInteger(meta.segmentSize) &&
    meta.segmentSize! % 4096 === 0 &&
    meta.segmentSize! > 0 &&
    Number.isSafeInteger(meta.queueFileEntries) &&
    meta.queueFileEntries! > 0;
  if (!ok) throw new StoreError('store-corrupt', 'store.json has an unexpected shape', { path });
  return meta as StoreMeta;
}

/** Reads the checkpoint (the physical offset up to which queues were durable), undefined when absent. */
export function readCheckpoint(path: string): number | undefined {
  const data = readJsonFile(path) as { dispatched?: unknown } | undefined | null;
  if (data === undefined) return undefined;
  if (!Number.isSafeInteger(data?.dispatched) || (data!.dispatched as number) < 0) {
    throw new StoreError('store-corrupt', 'checkpoint has an unexpected shape', { path });
  }
  return data!.dispatched as number;
}
