import { javaStringHashCode } from '../../../core/util/java-hash.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import { encodeResetOffsetBody, type QueueOffset } from '../../remoting/protocol/body/reset-offset.js';
import { RequestCode, ResponseCode } from '../../remoting/protocol/codes.js';
import { javaHashOrder } from '../../remoting/protocol/headers/java-hashmap-order.js';
import { encodeResetOffsetRequest } from '../../remoting/protocol/headers/reset-offset.js';
import type { MessageStore } from '../store/message-store.js';
import type { ClientChannel } from './channel.js';
import type { ConsumerRegistry } from './consumer-registry.js';
import { emitSafely, type EngineEventSink } from './events.js';
import { failure, type Failure } from './outcome.js';
import type { TopicTable } from './topic-table.js';

/** INVOKE_BROKER_TO_RESET_OFFSET (222): which group's offsets of which topic go where. */
export interface ResetOffsetRequest {
  topic: string;
  group: string;
  /** Store time (ms) to reset to; `-1` means the end of each queue (its max offset), as in Java. */
  timestamp: number;
  /** `false` only moves offsets backwards (a target past the committed offset keeps the committed one). */
  isForce: boolean;
  /** 5.x: only this queue (`-1` or absent: every queue of the topic on this broker). */
  queueId?: number;
  /** 5.x: the target offset itself (taken as is, within the queue's range) instead of searching by `timestamp`. */
  offset?: number;
}

/** The answer: the new offset of every queue reset, also the RESET_CONSUMER_CLIENT_OFFSET body pushed to consumers. */
export interface ResetOffsetResult {
  readonly code: typeof ResponseCode.SUCCESS;
  /** In the Java `HashMap<MessageQueue, Long>` iteration order a 4.9.8 broker writes. */
  readonly offsets: readonly QueueOffset[];
}

export interface ResetOffsetDeps {
  store: MessageStore;
  topics: TopicTable;
  consumers: ConsumerRegistry;
  brokerName: string;
  onEvent: EngineEventSink | undefined;
}

type ResetFailure = Failure<typeof ResponseCode.SYSTEM_ERROR | typeof ResponseCode.CONSUMER_NOT_ONLINE>;

/**
 * Java `Broker2Client.resetOffset` (4.9.8): per queue of the topic on this broker, the target is the offset of
 * `timestamp` (the max offset for `-1`), kept only when `isForce` or when it is behind the group's committed offset.
 * A queue without a committed offset fails the whole request (SYSTEM_ERROR "THe consumer group <g> not exist"), and
 * so does a group with no consumer connected (CONSUMER_NOT_ONLINE). Otherwise the new offsets are committed (so that
 * a consumer joining later starts from them too), pushed oneway as RESET_CONSUMER_CLIENT_OFFSET to every consumer
 * of the group connected here, and returned.
 */
export async function resetOffset(deps: ResetOffsetDeps, req: ResetOffsetRequest): Promise<ResetOffsetResult | ResetFailure> {
  const bad = checkRequest(req);
  if (bad !== undefined) return failure(ResponseCode.SYSTEM_ERROR, bad);
  const config = deps.topics.get(req.topic);
  if (config === undefined) {
    return failure(ResponseCode.SYSTEM_ERROR, `[reset-offset] reset offset failed, no topic in this broker. topic=${req.topic}`);
  }
  const queueIds = queuesOf(req, config.writeQueueNums);
  if (typeof queueIds === 'string') return failure(ResponseCode.SYSTEM_ERROR, queueIds);
  const targets: QueueOffset[] = [];
  for (const queueId of queueIds) {
    const target = targetOffset(deps.store, req, queueId);
    if (typeof target === 'string') return failure(ResponseCode.SYSTEM_ERROR, target);
    targets.push({ queue: { topic: req.topic, brokerName: deps.brokerName, queueId }, offset: target });
  }
  const channels = deps.consumers.channels(req.group).filter((ch) => !ch.closed);
  if (channels.length === 0) {
    return failure(
      ResponseCode.CONSUMER_NOT_ONLINE,
      `Consumer not online, so can not reset offset, Group: ${req.group} Topic: ${req.topic} Timestamp: ${req.timestamp}`,
    );
  }
  for (const { queue, offset } of targets) await deps.store.commitOffset(req.group, req.topic, queue.queueId, offset);
  const offsets = javaHashOrder(targets, (e) => messageQueueHash(e.queue));
  pushToConsumers(deps, req, channels, offsets);
  return { code: ResponseCode.SUCCESS, offsets };
}

/** The new offset of one queue, or the remark of why there is none. */
function targetOffset(store: MessageStore, req: ResetOffsetRequest, queueId: number): number | string {
  const committed = store.committedOffset(req.group, req.topic, queueId);
  if (committed === undefined || committed < 0) return `THe consumer group <${req.group}> not exist`;
  if (req.offset !== undefined && req.offset !== -1) {
    const min = store.minOffset(req.topic, queueId);
    const max = store.maxOffset(req.topic, queueId);
    if (req.offset < min || req.offset > max) return `Target offset ${req.offset} not in consume queue range [${min}-${max}]`;
    return req.offset;
  }
  const found = req.timestamp === -1 ? store.maxOffset(req.topic, queueId) : store.offsetForTimestamp(req.topic, queueId, req.timestamp);
  const target = Math.max(found, 0);
  return req.isForce || target < committed ? target : committed;
}

function queuesOf(req: ResetOffsetRequest, writeQueueNums: number): number[] | string {
  if (req.queueId === undefined || req.queueId === -1) return Array.from({ length: writeQueueNums }, (_, i) => i);
  if (req.queueId >= writeQueueNums) return `queueId ${req.queueId} is not a queue of ${req.topic} (it has ${writeQueueNums})`;
  return [req.queueId];
}

/** The RESET_CONSUMER_CLIENT_OFFSET a 4.9.8 broker sends: `isForce` is left at its default (false) and not forwarded. */
function pushToConsumers(deps: ResetOffsetDeps, req: ResetOffsetRequest, channels: readonly ClientChannel[], offsets: readonly QueueOffset[]): void {
  const header = encodeResetOffsetRequest({ topic: req.topic, group: req.group, timestamp: req.timestamp, isForce: false });
  const body = encodeResetOffsetBody(offsets);
  for (const channel of channels) {
    try {
      channel.notify(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, header, body);
    } catch (error) {
      emitSafely(deps.onEvent, { type: 'error', where: 'reset-consumer-client-offset', error });
    }
  }
}

function checkRequest(req: ResetOffsetRequest): string | undefined {
  if (typeof req.topic !== 'string' || req.topic.length === 0) return 'the topic is missing';
  if (typeof req.group !== 'string' || req.group.length === 0) return 'the group is missing';
  if (!Number.isSafeInteger(req.timestamp)) return `invalid timestamp ${String(req.timestamp)}`;
  if (req.queueId !== undefined && (!Number.isInteger(req.queueId) || req.queueId < -1)) return `invalid queueId ${String(req.queueId)}`;
  if (req.offset !== undefined && (!Number.isSafeInteger(req.offset) || req.offset < -1)) return `invalid offset ${String(req.offset)}`;
  return undefined;
}

/** Java `MessageQueue.hashCode()`: brokerName, queueId, topic folded with the prime 31 (int32). */
function messageQueueHash(mq: MessageQueue): number {
  let h = (31 + javaStringHashCode(mq.brokerName)) | 0;
  h = (Math.imul(31, h) + mq.queueId) | 0;
  return (Math.imul(31, h) + javaStringHashCode(mq.topic)) | 0;
}
