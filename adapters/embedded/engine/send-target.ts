import { ResponseCode } from '../../remoting/protocol/codes.js';
import type { TopicConfigRecord } from '../store/message-store.js';
import type { ClientChannel } from './channel.js';
import { failure, FAQ_SUFFIX, type Failure } from './outcome.js';
import { PERM_READ, PERM_WRITE } from './perm.js';
import { ensureDlq, groupNotExist, reconsumeLimit } from './retry-limits.js';
import type { SendRequest } from './send-types.js';
import type { SubscriptionGroups } from './subscription-groups.js';
import { RETRY_TOPIC_PREFIX } from '../../../core/validation/names.js';
import { checkSendAllowed, validateTopic } from './topic-names.js';
import { describeTopicConfig, type TopicTable } from './topic-table.js';

export interface Target {
  config: TopicConfigRecord;
  /** The request's queue, or the one the broker picked. */
  queueId: number;
}

/**
 * Where a send goes (Java `AbstractSendMessageProcessor.msgCheck` and `SendMessageProcessor.handleRetryAndDLQ`):
 * topic validation, auto-creation from the default topic, the queue id, and the %RETRY% → %DLQ% diversion.
 */
export class SendTarget {
  constructor(
    private readonly topics: TopicTable,
    private readonly groups: SubscriptionGroups,
    private readonly random: () => number,
  ) {}

  async resolve(req: SendRequest, channel: ClientChannel): Promise<Target | Failure> {
    const invalid = validateTopic(req.topic) ?? checkSendAllowed(req.topic);
    if (invalid !== undefined) return invalid;
    const config = await this.topicFor(req);
    if (config === undefined) {
      return failure(ResponseCode.TOPIC_NOT_EXIST, `topic[${req.topic}] not exist, apply first please!${FAQ_SUFFIX}`);
    }
    const valid = Math.max(config.writeQueueNums, config.readQueueNums);
    if (req.queueId >= valid) {
      return failure(
        ResponseCode.SYSTEM_ERROR,
        `request queueId[${req.queueId}] is illegal, ${describeTopicConfig(config)} Producer: ${channel.remoteAddress}`,
      );
    }
    if (req.queueId >= 0) return { config, queueId: req.queueId };
    if (config.writeQueueNums <= 0) {
      return failure(ResponseCode.SYSTEM_ERROR, `no writable queue in ${describeTopicConfig(config)}`);
    }
    return { config, queueId: Math.floor(this.random() * 99_999_999) % config.writeQueueNums };
  }

  /** A %RETRY% send past its reconsume limit goes to %DLQ%<group> instead. */
  async retryOrDlq(req: SendRequest, queueId: number): Promise<{ topic: string; queueId: number } | Failure> {
    if (!req.topic.startsWith(RETRY_TOPIC_PREFIX)) return { topic: req.topic, queueId };
    const group = req.topic.slice(RETRY_TOPIC_PREFIX.length);
    const config = await this.groups.find(group);
    if (config === undefined) {
      return groupNotExist(group);
    }
    if ((req.reconsumeTimes ?? 0) < reconsumeLimit(req, config.retryMaxTimes)) return { topic: req.topic, queueId };
    const dlq = await ensureDlq(this.topics, group);
    return { topic: dlq.topicName, queueId: 0 };
  }

  private async topicFor(req: SendRequest): Promise<TopicConfigRecord | undefined> {
    const existing = this.topics.get(req.topic);
    if (existing !== undefined) return existing;
    const created = await this.topics.createInSend(req.topic, req.defaultTopic, req.defaultTopicQueueNums);
    if (created !== undefined || !req.topic.startsWith(RETRY_TOPIC_PREFIX)) return created;
    return this.topics.ensure(req.topic, 1, PERM_WRITE | PERM_READ);
  }
}
