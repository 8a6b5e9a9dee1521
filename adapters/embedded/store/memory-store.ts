import { storedRecord, type AppendRequest, type AppendResult, type MessageStore, type QueueEntry, type StoredRecord, type TopicConfigRecord } from './message-store.js';
import { Fifo } from './fifo.js';
import { MemoryLog } from './memory-log.js';
import { MemoryQueue } from './memory-queue.js';
import { OffsetTable } from './offset-table.js';
import { lowerBoundByTime } from './queue-search.js';
import { validateAppend } from './append-validation.js';
import { parseRecordRouting } from './record-fields.js';
import { patchOffsets, RECORD } from './record-layout.js';
import { checkCommit, checkState, checkTopicConfig } from './store-args.js';
import { StoreError } from './store-error.js';

/** Options of the memory store. */
export interface MemoryStoreOptions {
  /**
   * Retention bound on stored record bytes. When an append takes the total above it, the oldest records (in
   * commit-log order) are dropped and their queues' `minOffset` rises. Default: unbounded (`Infinity`).
   * The newest record is never dropped, even when it alone is larger than the bound.
   */
  maxBytes?: number;
}

/**
 * A `MessageStore` held entirely in memory: records copied back to back into a segmented log (`MemoryLog`, addressed
 * by physical offset) and per topic/queue entry columns (`MemoryQueue`). Nothing survives the process; data does
 * survive `close()` + `open()` on the same instance. Buffers handed out are views into the log: not to be mutated.
 */
export class MemoryStore implements MessageStore {
  private readonly maxBytes: number;
  private readonly topics = new Map<string, Map<number, MemoryQueue>>();
  private readonly records = new MemoryLog();
  /** The queue of each kept record, oldest first (what retention drops next). */
  private readonly order = new Fifo<MemoryQueue>();
  private readonly offsets = new OffsetTable();
  private readonly configs = new Map<string, TopicConfigRecord>();
  private readonly state = new Map<string, string>();
  private storedBytes = 0;
  private isOpen = false;

  constructor(options: MemoryStoreOptions = {}) {
    const maxBytes = options.maxBytes ?? Infinity;
    if (!(maxBytes > 0)) throw new StoreError('invalid-argument', 'maxBytes must be positive', { maxBytes });
    this.maxBytes = maxBytes;
  }

  /** Total bytes of the records currently kept. */
  get bytes(): number {
    return this.storedBytes;
  }

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async close(): Promise<void> {
    this.isOpen = false;
  }

  async append(requests: AppendRequest[], _opts?: { flush?: 'sync' | 'async' }): Promise<AppendResult[]> {
    this.ensureOpen();
    requests.forEach(validateAppend);
    const results = requests.map((req) => this.appendOne(req));
    this.enforceRetention();
    return results;
  }

  readEntries(topic: string, queueId: number, fromOffset: number, maxCount: number): QueueEntry[] {
    this.ensureOpen();
    return (this.queue(topic, queueId)?.slice(fromOffset, maxCount) ?? []).map((e) => ({ ...e }));
  }

  readRecord(physicalOffset: number): Buffer | undefined {
    this.ensureOpen();
    const head = this.records.slice(physicalOffset, RECORD.minSize);
    const record = head && this.records.slice(physicalOffset, head.readInt32BE(RECORD.totalSizeAt));
    const routing = record && parseRecordRouting(record);
    if (record === undefined || routing === undefined) return undefined;
    // Only the start of a kept record: its own fields must name a queue entry that points back at this offset.
    const queueOffset = Number(record.readBigInt64BE(RECORD.queueOffsetAt));
    const entryAt = this.queue(routing.topic, routing.queueId)?.physicalAt(queueOffset);
    return entryAt === physicalOffset && Number(record.readBigInt64BE(RECORD.physicalOffsetAt)) === physicalOffset ? record : undefined;
  }

  readRecords(topic: string, queueId: number, fromOffset: number, maxCount: number, maxBytes = Infinity): StoredRecord[] {
    const out: StoredRecord[] = [];
    let total = 0;
    for (const entry of this.readEntries(topic, queueId, fromOffset, maxCount)) {
      const record = this.records.slice(entry.physicalOffset, entry.size);
      if (!record) break;
      if (out.length > 0 && total + entry.size > maxBytes) break;
      total += entry.size;
      out.push(storedRecord(entry, record));
    }
    return out;
  }

  minOffset(topic: string, queueId: number): number {
    this.ensureOpen();
    return this.queue(topic, queueId)?.minOffset ?? 0;
  }

  maxOffset(topic: string, queueId: number): number {
    this.ensureOpen();
    return this.queue(topic, queueId)?.maxOffset ?? 0;
  }

  offsetForTimestamp(topic: string, queueId: number, timestamp: number): number {
    this.ensureOpen();
    const q = this.queue(topic, queueId);
    if (!q) return 0;
    return lowerBoundByTime(q.minOffset, q.maxOffset, timestamp, (o) => q.storeTimeAt(o));
  }

  earliestStoreTime(topic: string, queueId: number): number {
    this.ensureOpen();
    const q = this.queue(topic, queueId);
    return q !== undefined && q.maxOffset > q.minOffset ? q.storeTimeAt(q.minOffset) : -1;
  }

  queues(): Map<string, number> {
    this.ensureOpen();
    const out = new Map<string, number>();
    for (const [topic, qs] of this.topics) out.set(topic, Math.max(...qs.keys()) + 1);
    return out;
  }

  async commitOffset(group: string, topic: string, queueId: number, offset: number): Promise<void> {
    this.ensureOpen();
    checkCommit(group, topic, queueId, offset);
    this.offsets.set(group, topic, queueId, offset);
  }

  committedOffset(group: string, topic: string, queueId: number): number | undefined {
    this.ensureOpen();
    return this.offsets.get(group, topic, queueId);
  }

  committedOffsets(group: string): Map<string, Map<number, number>> {
    this.ensureOpen();
    return this.offsets.ofGroup(group);
  }

  async putTopicConfig(config: TopicConfigRecord): Promise<void> {
    this.ensureOpen();
    checkTopicConfig(config);
    this.configs.set(config.topicName, { ...config });
  }

  async deleteTopicConfig(topic: string): Promise<void> {
    this.ensureOpen();
    this.configs.delete(topic);
  }

  topicConfigs(): TopicConfigRecord[] {
    this.ensureOpen();
    return [...this.configs.values()].map((c) => ({ ...c }));
  }

  async putState(key: string, value: string): Promise<void> {
    this.ensureOpen();
    checkState(key, value);
    this.state.set(key, value);
  }

  getState(key: string): string | undefined {
    this.ensureOpen();
    return this.state.get(key);
  }

  private appendOne(req: AppendRequest): AppendResult {
    const queue = this.queueFor(req.topic, req.queueId);
    const queueOffset = queue.maxOffset;
    const physicalOffset = this.records.end;
    patchOffsets(req.record, queueOffset, physicalOffset);
    this.records.append(req.record);
    const size = req.record.length;
    queue.push(physicalOffset, size, req.tagsCode, req.storeTimestamp);
    this.order.push(queue);
    this.storedBytes += size;
    return { queueOffset, physicalOffset };
  }

  private enforceRetention(): void {
    while (this.storedBytes > this.maxBytes && this.order.length > 1) {
      const size = this.records.slice(this.records.head, RECORD.minSize)!.readInt32BE(RECORD.totalSizeAt);
      this.order.shift()!.dropFirst();
      this.records.dropHead(size);
      this.storedBytes -= size;
    }
  }

  private queue(topic: string, queueId: number): MemoryQueue | undefined {
    return this.topics.get(topic)?.get(queueId);
  }

  private queueFor(topic: string, queueId: number): MemoryQueue {
    let qs = this.topics.get(topic);
    if (!qs) this.topics.set(topic, (qs = new Map()));
    let q = qs.get(queueId);
    if (!q) qs.set(queueId, (q = new MemoryQueue()));
    return q;
  }

  private ensureOpen(): void {
    if (!this.isOpen) throw new StoreError('store-closed', 'the memory store is not open');
  }
}
