import type { SchedulerLike, Subscription } from 'rxjs';
import type { Message } from '../message/message.js';
import type { ResolvedProducerOptions } from '../options/option-types.js';
import { SystemProperty } from '../message/system-properties.js';
import { RETRY_TOPIC_PREFIX } from '../validation/names.js';
import { sendAutoBatch, type AutoBatchMember, type FlushContext } from './auto-batch-flush.js';
import { batchRecordBytes } from './batch.js';
import type { AutoBatchSink, Outgoing } from './send-core.js';
import type { SendPipeline } from './send-pipeline.js';
import type { SendTicket } from './send-ticket.js';

/**
 * Java `DefaultMQProducer.canBatch`, plus our own rule: no delay level or delivery time, not a `%RETRY%` topic, not
 * tied to a producer group (a transaction's half message), and no sharding key (a selector may hash it per message).
 * Orderly, transactional, oneway and batch sends never ask.
 */
export function canAutoBatch(message: Message): boolean {
  if (message.delayLevel !== undefined && message.delayLevel > 0) return false;
  if (message.deliveryTimestamp !== undefined) return false;
  if (message.topic.startsWith(RETRY_TOPIC_PREFIX)) return false;
  if (message.properties[SystemProperty.PRODUCER_GROUP] !== undefined) return false;
  return message.shardingKey === undefined;
}

/** The settings of the auto batcher (from the producer's options). */
export interface AutoBatchSettings {
  readonly batchMaxDelayMs: number;
  readonly batchMaxBytes: number;
  readonly totalBatchMaxBytes: number;
  readonly maxMessageSize: number;
  readonly compressOverBytes: number;
  readonly compressLevel: number;
}

/** What the auto batcher uses of its producer. */
export interface AutoBatchHost extends FlushContext {
  readonly settings: AutoBatchSettings;
  /** Times each batch's `batchMaxDelayMs`. */
  readonly scheduler: SchedulerLike;
}

/** A batch still gathering members. */
interface PendingBatch {
  readonly key: string;
  readonly members: AutoBatchMember[];
  /** Body bytes of the members (Java's `messagesSize`). */
  bytes: number;
  /** Bytes of the members' records in the batch body (kept under `maxMessageSize`). */
  encoded: number;
  timer: Subscription | undefined;
}

/**
 * The producer's auto batching (Java 5.x `ProduceAccumulator`): sends that hold their in-flight room and may be
 * batched join the pending batch of their key (wire topic, WAIT, timeout). A batch goes out when its bodies hold more
 * than `batchMaxBytes`, `batchMaxDelayMs` after its first member, when the next member would take its encoded size
 * over `maxMessageSize`, or at {@link close}. While the bytes held in pending and in-flight batches are at or over
 * `totalBatchMaxBytes`, a send goes out on its own (Java's `canBatch` says no then). A member abandoned before its
 * batch goes out leaves it; one abandoned later rejects at once while the batch goes on (see `auto-batch-flush.ts`).
 */
export class AutoBatcher implements AutoBatchSink {
  private readonly pending = new Map<string, PendingBatch>();
  /** Body bytes in pending and in-flight auto batches (Java's `currentlyHoldSize`). */
  private held = 0;
  private closing = false;

  constructor(private readonly host: AutoBatchHost) {}

  add(out: Outgoing, ticket: SendTicket): void {
    if (this.closing || this.held >= this.host.settings.totalBatchMaxBytes) {
      sendAutoBatch([{ out, ticket }], this.host, () => undefined);
      return;
    }
    const key = out.autoBatchKey!;
    const record = batchRecordBytes(out.prepared);
    let batch = this.pending.get(key);
    if (batch && batch.encoded + record > this.host.settings.maxMessageSize) {
      this.flush(batch);
      batch = undefined;
    }
    batch ??= this.open(key);
    const member: AutoBatchMember = { out, ticket };
    batch.members.push(member);
    this.count(batch, out.bytes, record);
    const joined = batch;
    ticket.onAbort(() => this.leave(joined, member, record));
    if (batch.bytes > this.host.settings.batchMaxBytes) this.flush(batch);
  }

  /** Sends every pending batch now, and every later send on its own (the producer is shutting down). */
  close(): void {
    this.closing = true;
    for (const batch of [...this.pending.values()]) this.flush(batch);
  }

  private open(key: string): PendingBatch {
    const batch: PendingBatch = { key, members: [], bytes: 0, encoded: 0, timer: undefined };
    this.pending.set(key, batch);
    batch.timer = this.host.scheduler.schedule(() => this.flush(batch), this.host.settings.batchMaxDelayMs);
    return batch;
  }

  private count(batch: PendingBatch, bytes: number, record: number): void {
    batch.bytes += bytes;
    batch.encoded += record;
    this.held += bytes;
  }

  /** A member abandoned before its batch went out: it leaves (an emptied batch is dropped with its timer). */
  private leave(batch: PendingBatch, member: AutoBatchMember, record: number): void {
    const i = batch.members.indexOf(member);
    if (i < 0) return;
    batch.members.splice(i, 1);
    this.count(batch, -member.out.bytes, -record);
    if (batch.members.length > 0) return;
    batch.timer?.unsubscribe();
    batch.timer = undefined;
    if (this.pending.get(batch.key) === batch) this.pending.delete(batch.key);
  }

  private flush(batch: PendingBatch): void {
    batch.timer?.unsubscribe();
    batch.timer = undefined;
    if (this.pending.get(batch.key) === batch) this.pending.delete(batch.key);
    if (batch.members.length === 0) return;
    const bytes = batch.bytes;
    sendAutoBatch(
      batch.members,
      this.host,
      () => {
        this.held -= bytes;
      },
      batch.encoded,
    );
  }
}

/** The auto batcher of a producer with these options (`pipeline` throws before start). */
export function autoBatcherFor(o: ResolvedProducerOptions, scheduler: SchedulerLike, pipeline: () => SendPipeline): AutoBatcher {
  const settings: AutoBatchSettings = {
    batchMaxDelayMs: o.batchMaxDelayMs,
    batchMaxBytes: o.batchMaxBytes,
    totalBatchMaxBytes: o.totalBatchMaxBytes,
    maxMessageSize: o.maxMessageSize,
    compressOverBytes: o.compressBodyOverBytes,
    compressLevel: o.compressLevel,
  };
  return new AutoBatcher({ settings, scheduler, pipeline });
}
