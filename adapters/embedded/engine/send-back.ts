import { ResponseCode } from '../../remoting/protocol/codes.js';
import type { ConsumerSendMsgBackRequestHeader } from '../../remoting/protocol/headers/consumer-send-msg-back.js';
import type { HeaderExtras } from '../../remoting/protocol/headers/field-spec.js';
import type { RpcRequestFields } from '../../remoting/protocol/headers/rpc-request-header.js';
import { MessageProperty, type Properties } from '../../remoting/protocol/message/properties.js';
import type { MessageStore } from '../store/message-store.js';
import { checkHeader } from './header-check.js';
import type { MessageWriter, StagedWrite } from './message-writer.js';
import { DONE, failure, type Done, type Failure } from './outcome.js';
import { isWriteable, PERM_READ, PERM_WRITE } from './perm.js';
import { lookMessage, messageFrom } from './record-reader.js';
import { ensureDlq, groupNotExist, reconsumeLimit } from './retry-limits.js';
import type { SubscriptionGroups } from './subscription-groups.js';
import { retryTopic } from './topic-names.js';
import type { TopicTable } from './topic-table.js';

/** CONSUMER_SEND_MSG_BACK (shared/protocol §4.8): the protocol's decoded `ConsumerSendMsgBackRequestHeader` plus the version. */
export interface SendBackRequest extends Omit<ConsumerSendMsgBackRequestHeader, keyof RpcRequestFields | keyof HeaderExtras> {
  /** The request's `version`; `maxReconsumeTimes` counts only from V3_4_9 (121) on. Default: current. */
  version?: number;
}

export interface SendBackDeps {
  store: MessageStore;
  topics: TopicTable;
  groups: SubscriptionGroups;
  writer: MessageWriter;
  random: () => number;
}

const HEADER = { strings: ['group'], integers: ['offset', 'delayLevel'], optionalIntegers: ['maxReconsumeTimes', 'version'] } as const;

/**
 * Java `SendMessageProcessor.asyncConsumerSendMsgBack` (4.9.7): the consumed message goes to `%RETRY%<group>` with
 * RETRY_TOPIC, ORIGIN_MESSAGE_ID and reconsumeTimes + 1, delayed by its level; past the reconsume limit (or with
 * level −1) to `%DLQ%<group>` (1 queue, perm 6 as the captured 4.9.8 route shows), undelayed. Stored in arrival order
 * (group and topic creation included, see `MessageWriter.admit`).
 */
export async function sendBack(deps: SendBackDeps, req: SendBackRequest): Promise<Done | Failure> {
  const bad = checkHeader(req, HEADER);
  if (bad !== undefined) return bad;
  const staged = await deps.writer.admit(() => stageSendBack(deps, req));
  if ('code' in staged) return staged;
  const put = await staged.done;
  return put.ok ? DONE : put.failure;
}

/** The admission step: group, retry (or DLQ) topic, the retried copy staged. DONE when the group keeps no retries. */
async function stageSendBack(deps: SendBackDeps, req: SendBackRequest): Promise<StagedWrite | Done | Failure> {
  const group = await deps.groups.find(req.group);
  if (group === undefined) {
    return groupNotExist(req.group);
  }
  if (group.retryQueueNums <= 0) return DONE;
  let topic = await deps.topics.ensure(retryTopic(req.group), group.retryQueueNums, PERM_WRITE | PERM_READ, req.unitMode === true ? 2 : 0);
  if (!isWriteable(topic.perm)) return failure(ResponseCode.NO_PERMISSION, `the topic[${topic.topicName}] sending message is forbidden`);
  let queueId = Math.floor(deps.random() * 99_999_999) % group.retryQueueNums;
  const original = lookMessage(deps.store, req.offset);
  if (original === undefined) return failure(ResponseCode.SYSTEM_ERROR, `look message by offset failed, ${req.offset}`);

  const props: Properties = { ...original.properties };
  if (props[MessageProperty.RETRY_TOPIC] === undefined) props[MessageProperty.RETRY_TOPIC] = original.topic;
  props[MessageProperty.WAIT_STORE_MSG_OK] = 'false';
  const max = reconsumeLimit(req, group.retryMaxTimes);
  let delayLevel = req.delayLevel;
  if (original.reconsumeTimes >= max || delayLevel < 0) {
    topic = await ensureDlq(deps.topics, req.group);
    queueId = 0;
    delayLevel = 0;
  } else if (delayLevel === 0) {
    delayLevel = 3 + original.reconsumeTimes;
  }
  props[MessageProperty.DELAY_TIME_LEVEL] = String(delayLevel);
  if ((props[MessageProperty.ORIGIN_MESSAGE_ID] ?? '').trim().length === 0) props[MessageProperty.ORIGIN_MESSAGE_ID] = original.offsetMsgId;

  const { propertiesString: _stored, ...base } = messageFrom(original);
  return deps.writer.stage([{
    ...base,
    topic: topic.topicName,
    queueId,
    reconsumeTimes: original.reconsumeTimes + 1,
    properties: props,
    delayLevel,
  }]);
}
