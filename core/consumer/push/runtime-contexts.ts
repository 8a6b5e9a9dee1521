import { type Observable, of, type SchedulerLike } from 'rxjs';
import type { ClientInstance } from '../../client/client-instance.js';
import type { CodecRegistry } from '../../codec/codec-registry.js';
import type { MessageQueue } from '../../message/message-queue.js';
import { type ReceivedMessage, toReceivedMessage } from '../../message/received-message.js';
import type { LocalOffsetStorage, PulledMessage } from '../../ports/broker-port.js';
import type { ResolvedConsumerOptions } from '../../options/option-types.js';
import type { RetryPolicy } from '../retry-policy.js';
import { ConcurrentDispatcher, type DispatchContext } from './dispatch-concurrent.js';
import { OrderlyDispatcher } from './dispatch-orderly.js';
import { ConsumerError } from './errors.js';
import type { ReportConsumerEvent } from './events.js';
import type { FailureContext } from './failure.js';
import type { FlowThresholds } from './flow-control.js';
import { callBatchHandler, callMessageHandler, type ConsumeCall } from './consume-call.js';
import type { ConsumerHandler } from './handlers.js';
import { stripNamespace } from './message-copy.js';
import { LocalOffsetStore, type OffsetStore, RemoteOffsetStore } from './offset-store.js';
import type { PauseSet } from './pause-set.js';
import { LockKeeper } from './lock-keeper.js';
import type { QueueSession } from './queue-session.js';
import { retryQueueOf } from './routing.js';
import type { ConsumerCounters } from './stats.js';
import { StreamBridge } from './stream-handler.js';
import type { SubscriptionTable } from './subscription-table.js';

/** Everything a consumer runtime is built from. */
export interface RuntimeDeps {
  readonly instance: ClientInstance;
  readonly options: ResolvedConsumerOptions;
  /** The namespaced group. */
  readonly group: string;
  readonly handler: ConsumerHandler;
  readonly scheduler: SchedulerLike;
  readonly codecs: CodecRegistry;
  readonly localOffsets: LocalOffsetStorage | undefined;
  readonly subscriptions: SubscriptionTable;
  readonly pauses: PauseSet;
  readonly report: ReportConsumerEvent;
  readonly onQueueLoss: 'finish' | 'abandon';
  readonly postSubscriptionWhenPull: boolean;
}

/** The retry settings of the options. */
export function retryPolicyOf(o: ResolvedConsumerOptions): RetryPolicy {
  return {
    orderly: o.orderly,
    messageModel: o.messageModel,
    maxReconsumeTimes: o.maxReconsumeTimes,
    delayLevelWhenNextConsume: o.delayLevelWhenNextConsume,
    suspendCurrentQueueTimeMs: o.suspendCurrentQueueTimeMs,
    sendBackFailedRetryDelayMs: o.sendBackFailedRetryDelayMs,
  };
}

/** The flow-control thresholds of the options (no span limit for orderly consumers, as in Java). */
export function thresholdsOf(o: ResolvedConsumerOptions): FlowThresholds {
  return {
    count: o.pullThresholdForQueue,
    bytes: o.pullThresholdBytesForQueue,
    span: o.orderly ? undefined : o.consumeConcurrentlyMaxSpan,
    batch: o.pullBatchSize,
  };
}

/** The offset store of the message model: the brokers (clustering) or local storage (broadcasting). */
export function offsetStoreOf(deps: RuntimeDeps): OffsetStore {
  const { instance, group, report } = deps;
  if (deps.options.messageModel === 'BROADCASTING') {
    if (!deps.localOffsets) {
      throw new ConsumerError('invalid-consumer-config', 'a broadcasting consumer needs localOffsets (LocalOffsetStorage)', { group });
    }
    return new LocalOffsetStore({ storage: deps.localOffsets, clientId: instance.clientId, group, report });
  }
  return new RemoteOffsetStore({
    group,
    port: () => instance.port,
    masterAddr: (b) => instance.routes.masterAddr(b),
    requestTimeoutMs: deps.options.requestTimeoutMs,
    report,
  });
}

/** The handler as a consume call (no timeout), and, for a stream handler, its bridge. */
export function consumeOf(deps: RuntimeDeps): { consume: ConsumeCall; stream: StreamBridge | undefined; unitSize: number } {
  const h = deps.handler;
  if (typeof h === 'function') return { consume: callMessageHandler(h), stream: undefined, unitSize: 1 };
  if ('stream' in h) {
    const stream = new StreamBridge(h.stream, deps.scheduler, deps.options.pullDelayOnErrorMs, deps.report);
    return { consume: stream.call, stream, unitSize: 1 };
  }
  if ('batch' in h) return { consume: callBatchHandler(h.batch), stream: undefined, unitSize: deps.options.consumeBatchSize };
  return { consume: callMessageHandler(h.message), stream: undefined, unitSize: 1 };
}

/** The consumer's view of a pulled message: decoded lazily with the consumer's codecs, namespace removed. */
export function messageFactory(deps: RuntimeDeps): (pulled: PulledMessage, queue: MessageQueue) => ReceivedMessage {
  const decoding = { registry: deps.codecs, fallback: deps.options.fallbackCodec };
  return (pulled, queue) => stripNamespace(toReceivedMessage(pulled, queue, decoding), deps.options.namespace);
}

/** What sending failed messages back needs, from the consumer's parts. */
export function failureContextOf(deps: RuntimeDeps, counters: ConsumerCounters): FailureContext {
  const { instance } = deps;
  return {
    group: deps.group,
    namespace: deps.options.namespace,
    policy: retryPolicyOf(deps.options),
    port: () => instance.port,
    masterAddr: (b) => instance.routes.masterAddr(b),
    retryQueue: retryQueueOf(instance.routes, deps.subscriptions.retryTopic),
    requestTimeoutMs: deps.options.requestTimeoutMs,
    now: () => deps.scheduler.now(),
    report: deps.report,
    counters,
  };
}

/** Orderly clustering: the pull waits for the queue's lock (locking it if needed). */
export function lockGate(locks: LockKeeper): (session: QueueSession) => Observable<boolean> {
  return (session) => (locks.isHeld(session) ? of(true) : locks.lock$(session));
}

/** What the facade needs of a dispatcher. */
export interface Dispatcher {
  submit(session: QueueSession, messages: readonly ReceivedMessage[]): void;
  stop(): void;
  close(): void;
}

/** Orderly consumers wait this long before looking again at a queue whose lock is not held (Java's 3 s pull delay). */
const RELOCK_DELAY_MS = 3_000;

/** The pieces a dispatcher is made of. */
export interface DispatchParts {
  /** The handler; the concurrent dispatcher bounds each unit by `consumeTimeoutMs`, the orderly one does not. */
  readonly consume: ConsumeCall;
  readonly unitSize: number;
  /** Stream handlers are bounded by the flow-control thresholds, not by `consumeConcurrency`. */
  readonly streaming: boolean;
  readonly offsets: OffsetStore;
  readonly counters: ConsumerCounters;
}

/** The concurrent or the orderly dispatcher, per `options.orderly`. */
export function dispatcherOf(deps: RuntimeDeps, parts: DispatchParts, needsLock: boolean): Dispatcher {
  const o = deps.options;
  const base: DispatchContext = {
    consume: parts.consume,
    consumeTimeoutMs: o.consumeTimeoutMs,
    unitSize: parts.unitSize,
    concurrency: parts.streaming ? Number.POSITIVE_INFINITY : o.consumeConcurrency,
    policy: retryPolicyOf(o),
    failure: failureContextOf(deps, parts.counters),
    offsets: parts.offsets,
    scheduler: deps.scheduler,
    report: deps.report,
    counters: parts.counters,
    deliver: (session, m) => session.deliverable(m),
  };
  if (!o.orderly) return new ConcurrentDispatcher(base);
  return new OrderlyDispatcher({
    ...base,
    needsLock,
    lockExpiryMs: o.lockExpiryMs,
    maxTimeConsumeContinuouslyMs: o.maxTimeConsumeContinuouslyMs,
    relockDelayMs: RELOCK_DELAY_MS,
  });
}

/** The lock keeper of an orderly clustering consumer. */
export function lockKeeperOf(deps: RuntimeDeps, sessions: () => readonly QueueSession[], onLocked: (s: QueueSession) => void): LockKeeper {
  const { instance, options: o } = deps;
  return new LockKeeper({
    group: deps.group,
    clientId: instance.clientId,
    port: () => instance.port,
    masterAddr: (b) => instance.routes.masterAddr(b),
    requestTimeoutMs: o.requestTimeoutMs,
    lockExpiryMs: o.lockExpiryMs,
    scheduler: deps.scheduler,
    report: deps.report,
    sessions,
    onLocked,
  });
}
