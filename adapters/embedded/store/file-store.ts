import { validateAppend } from './append-validation.js';
import type { ConsumeQueue } from './consume-queue.js';
import { resolveFileStoreOptions, type FileStoreOptions, type ResolvedFileStoreOptions } from './file-store-options.js';
import { closeSession, openSession, type FileStoreSession } from './file-store-session.js';
import { storedRecord, type AppendRequest, type AppendResult, type MessageStore, type QueueEntry, type StoredRecord, type TopicConfigRecord } from './message-store.js';
import { lowerBoundByTime } from './queue-search.js';
import { patchOffsets, RECORD } from './record-layout.js';
import type { RecoveryResult } from './recovery.js';
import { checkCommit, checkState, checkTopicConfig } from './store-args.js';
import { StoreError } from './store-error.js';

/** Counters of an open file store (for tests and monitoring). */
export interface FileStoreStats {
  /** Bytes held by the commit-log read cache (bounded by `readCacheBytes`). */
  cachedBytes: number;
  /** Open file descriptors. */
  openFiles: number;
  /** Physical offset where the next record goes. */
  writePosition: number;
  /** Commit-log sync runs since open (sync appends share them: group commit). */
  commitLogSyncs: number;
  /** What the last `open()` recovered: bytes cut from a torn tail, queue entries re-created. */
  recovery: Pick<RecoveryResult, 'truncatedBytes' | 'rebuiltEntries'>;
}

/**
 * A durable `MessageStore` under a data directory: append-only segmented commit log, per-queue consume-queue files
 * read on demand, a journaled offset table and atomically rewritten config files. Appends reach the page cache
 * before they resolve (survives `kill -9`); `flush: 'sync'` also waits for an fdatasync shared by concurrent
 * appends. `open()` recovers from any shutdown. One open instance per directory (lock file).
 */
export class FileStore implements MessageStore {
  private readonly options: ResolvedFileStoreOptions;
  private session: FileStoreSession | undefined;
  private opening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private failure: unknown;

  constructor(options: FileStoreOptions) {
    this.options = resolveFileStoreOptions(options);
  }

  open(): Promise<void> {
    if (this.opening) return this.opening;
    if (this.closing) return this.closing.then(() => this.open());
    if (this.session) return Promise.resolve();
    this.opening = openSession(this.options, (e) => this.fail(e))
      .then((s) => {
        this.session = s;
        this.failure = undefined;
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  close(): Promise<void> {
    if (this.opening) return this.opening.then(() => this.close(), () => this.close());
    const s = this.session;
    if (!s) return this.closing ?? Promise.resolve();
    this.session = undefined;
    this.closing = closeSession(s, this.failure !== undefined).finally(() => {
      this.closing = undefined;
    });
    return this.closing;
  }

  /** Counters of the open store. */
  stats(): FileStoreStats {
    const s = this.open_();
    const { truncatedBytes, rebuiltEntries } = s.recovery;
    return {
      cachedBytes: s.log.cachedBytes,
      openFiles: s.pool.size,
      writePosition: s.log.writePosition,
      commitLogSyncs: s.log.syncCount,
      recovery: { truncatedBytes, rebuiltEntries },
    };
  }

  async append(requests: AppendRequest[], opts?: { flush?: 'sync' | 'async' }): Promise<AppendResult[]> {
    const s = this.writable();
    for (const req of requests) {
      validateAppend(req);
      if (req.record.length > s.meta.segmentSize) {
        throw new StoreError('invalid-record', 'record larger than a commit-log segment', { topic: req.topic, length: req.record.length, segmentSize: s.meta.segmentSize });
      }
    }
    const physical = s.log.plan(requests.map((r) => r.record.length));
    const byQueue = new Map<ConsumeQueue, QueueEntry[]>();
    const results = requests.map((req, i): AppendResult => {
      const queue = s.queues.getOrCreate(req.topic, req.queueId);
      let entries = byQueue.get(queue);
      if (!entries) byQueue.set(queue, (entries = []));
      const queueOffset = queue.maxOffset + entries.length;
      patchOffsets(req.record, queueOffset, physical[i]);
      entries.push({ queueOffset, physicalOffset: physical[i], size: req.record.length, tagsCode: req.tagsCode, storeTimestamp: req.storeTimestamp });
      return { queueOffset, physicalOffset: physical[i] };
    });
    s.log.write(requests.map((r) => r.record), physical);
    try {
      for (const [queue, entries] of byQueue) queue.append(entries);
    } catch (error) {
      throw this.fail(error);
    }
    if ((opts?.flush ?? this.options.flush) === 'sync') await s.logSync.run().catch((e: unknown) => Promise.reject(this.fail(e)));
    return results;
  }

  readEntries(topic: string, queueId: number, fromOffset: number, maxCount: number): QueueEntry[] {
    return this.open_().queues.get(topic, queueId)?.read(fromOffset, maxCount) ?? [];
  }

  readRecord(physicalOffset: number): Buffer | undefined {
    return this.open_().log.readRecordAt(physicalOffset);
  }

  readRecords(topic: string, queueId: number, fromOffset: number, maxCount: number, maxBytes = Infinity): StoredRecord[] {
    const s = this.open_();
    const queue = s.queues.get(topic, queueId);
    const out: StoredRecord[] = [];
    let total = 0;
    let at = fromOffset;
    while (queue && out.length < maxCount) {
      // Entries in small chunks: a huge maxCount bounded by maxBytes never loads the whole index.
      const entries = queue.read(at, Math.min(64, maxCount - out.length));
      if (entries.length === 0) break;
      for (const entry of entries) {
        if (out.length > 0 && total + entry.size > maxBytes) return out;
        const record = s.log.read(entry.physicalOffset, entry.size);
        if (!record || record.readBigInt64BE(RECORD.queueOffsetAt) !== BigInt(entry.queueOffset)) {
          throw new StoreError('store-corrupt', 'queue entry does not point at its record', { topic, queueId, ...entry });
        }
        total += entry.size;
        out.push(storedRecord(entry, record));
      }
      at = entries[entries.length - 1].queueOffset + 1;
    }
    return out;
  }

  minOffset(topic: string, queueId: number): number {
    return this.open_().queues.get(topic, queueId)?.minOffset ?? 0;
  }

  maxOffset(topic: string, queueId: number): number {
    return this.open_().queues.get(topic, queueId)?.maxOffset ?? 0;
  }

  offsetForTimestamp(topic: string, queueId: number, timestamp: number): number {
    const q = this.open_().queues.get(topic, queueId);
    if (!q) return 0;
    return lowerBoundByTime(q.minOffset, q.maxOffset, timestamp, (o) => q.entryAt(o)!.storeTimestamp);
  }

  earliestStoreTime(topic: string, queueId: number): number {
    const q = this.open_().queues.get(topic, queueId);
    return q?.entryAt(q.minOffset)?.storeTimestamp ?? -1;
  }

  queues(): Map<string, number> {
    return this.open_().queues.counts();
  }

  async commitOffset(group: string, topic: string, queueId: number, offset: number): Promise<void> {
    const s = this.writable();
    checkCommit(group, topic, queueId, offset);
    await s.journal.commit(group, topic, queueId, offset);
  }

  committedOffset(group: string, topic: string, queueId: number): number | undefined {
    return this.open_().journal.table.get(group, topic, queueId);
  }

  committedOffsets(group: string): Map<string, Map<number, number>> {
    return this.open_().journal.table.ofGroup(group);
  }

  async putTopicConfig(config: TopicConfigRecord): Promise<void> {
    const s = this.writable();
    checkTopicConfig(config);
    await s.configs.putTopic(config);
  }

  async deleteTopicConfig(topic: string): Promise<void> {
    await this.writable().configs.deleteTopic(topic);
  }

  topicConfigs(): TopicConfigRecord[] {
    return [...this.open_().configs.topics.values()].map((c) => ({ ...c }));
  }

  async putState(key: string, value: string): Promise<void> {
    const s = this.writable();
    checkState(key, value);
    await s.configs.putState(key, value);
  }

  getState(key: string): string | undefined {
    return this.open_().configs.state.get(key);
  }

  /** Records a fatal write/sync failure: every later write is refused with it. Returns it as a StoreError. */
  private fail(error: unknown): StoreError {
    const e = error instanceof StoreError ? error : new StoreError('io-failed', 'store write failed', { dir: this.options.dir }, { cause: error });
    this.failure ??= e;
    return e;
  }

  private open_(): FileStoreSession {
    if (!this.session) throw new StoreError('store-closed', 'the file store is not open', { dir: this.options.dir });
    return this.session;
  }

  private writable(): FileStoreSession {
    const s = this.open_();
    if (this.failure !== undefined) throw this.failure;
    return s;
  }
}
