import type { MessageQueue } from '../../message/message-queue.js';
import type { OverThreshold } from '../process-queue.js';
import type { QueueSession } from './queue-session.js';

/** Running totals of a push consumer (mutable, owned by the consumer; read through `stats()`). */
export interface ConsumerCounters {
  pulls: number;
  pullErrors: number;
  pulledMessages: number;
  /** Sum of pull round-trip times (long polls included). */
  pullTimeMs: number;
  consumedOk: number;
  consumedFailed: number;
  /** Sum of handler times of finished units. */
  consumeTimeMs: number;
  sentBack: number;
  localRetries: number;
  deadLettered: number;
  /** Highest message count / byte count any one queue ever held. */
  peakQueueCount: number;
  peakQueueBytes: number;
}

/** Counters at zero. */
export function newCounters(): ConsumerCounters {
  return {
    pulls: 0,
    pullErrors: 0,
    pulledMessages: 0,
    pullTimeMs: 0,
    consumedOk: 0,
    consumedFailed: 0,
    consumeTimeMs: 0,
    sentBack: 0,
    localRetries: 0,
    deadLettered: 0,
    peakQueueCount: 0,
    peakQueueBytes: 0,
  };
}

/** One owned queue as `stats()` reports it. */
export interface QueueStats {
  readonly queue: MessageQueue;
  /** Messages held by the process queue (cached, queued for a handler, being handled, waiting for a local retry). */
  readonly cachedCount: number;
  readonly cachedBytes: number;
  /** Largest minus smallest cached offset. */
  readonly span: number;
  /** Messages whose handler is running. */
  readonly inFlight: number;
  /** Highest count / bytes this queue held since it was taken. */
  readonly peakCount: number;
  readonly peakBytes: number;
  readonly nextPullOffset: number;
  /** The in-memory committed offset. */
  readonly committedOffset: number | undefined;
  /** The threshold that currently stops this queue's pulls, if any. */
  readonly flowControl: OverThreshold | undefined;
  readonly paused: boolean;
  /** Orderly: whether the broker lock is held and not expired. */
  readonly locked: boolean;
}

/** A snapshot of a push consumer: per-queue figures, totals over owned queues, and running counters. */
export interface ConsumerStats {
  readonly queues: readonly QueueStats[];
  readonly cachedCount: number;
  readonly cachedBytes: number;
  readonly inFlight: number;
  readonly counters: Readonly<ConsumerCounters>;
}

/** What a queue's stats need besides its session. */
export interface QueueStatsContext {
  committedOffset(queue: MessageQueue): number | undefined;
  isPaused(queue: MessageQueue): boolean;
  isLocked(session: QueueSession): boolean;
}

/** One owned queue's figures now. */
export function queueStats(session: QueueSession, ctx: QueueStatsContext): QueueStats {
  return {
    queue: session.queue,
    cachedCount: session.pq.count,
    cachedBytes: session.pq.bytes,
    span: session.pq.span,
    inFlight: session.inFlight.value,
    peakCount: session.peakCount,
    peakBytes: session.peakBytes,
    nextPullOffset: session.nextOffset,
    committedOffset: ctx.committedOffset(session.queue),
    flowControl: session.flowControl,
    paused: ctx.isPaused(session.queue),
    locked: ctx.isLocked(session),
  };
}

/** Folds queue stats into a consumer snapshot (counters copied). */
export function consumerStats(queues: readonly QueueStats[], counters: ConsumerCounters): ConsumerStats {
  let cachedCount = 0;
  let cachedBytes = 0;
  let inFlight = 0;
  for (const q of queues) {
    cachedCount += q.cachedCount;
    cachedBytes += q.cachedBytes;
    inFlight += q.inFlight;
  }
  return { queues, cachedCount, cachedBytes, inFlight, counters: { ...counters } };
}
