import { ResponseCode } from '../../remoting/protocol/codes.js';
import { PullSysFlag } from '../../remoting/protocol/message/sysflag.js';
import type { MessageStore } from '../store/message-store.js';
import type { ClientChannel } from './channel.js';
import type { ResolvedBrokerConfig } from './config.js';
import type { ConsumerRegistry } from './consumer-registry.js';
import { EngineError } from './errors.js';
import { getMessage, type GetMessageResult } from './get-message.js';
import { checkHeader } from './header-check.js';
import { failure, FAQ_SUFFIX, type Failure, type FailureCode } from './outcome.js';
import { isReadable } from './perm.js';
import type { PullHoldService } from './pull-hold.js';
import type { PullOutcome, PullRequest, PullResult, PullResultCode } from './pull-types.js';
import type { SubscriptionGroupConfig, SubscriptionGroups } from './subscription-groups.js';
import { buildSubscription, matchesTagsCode, SubscriptionParseError, TAG_EXPRESSION, type Subscription } from './subscription.js';
import type { TopicTable } from './topic-table.js';

export interface PullServiceDeps {
  store: MessageStore;
  config: ResolvedBrokerConfig;
  topics: TopicTable;
  groups: SubscriptionGroups;
  consumers: ConsumerRegistry;
  hold: () => PullHoldService;
}

type Step = { outcome: PullOutcome } | { park: Subscription };
type PullFailure = Failure<Exclude<FailureCode, PullResultCode>>;

const HEADER = {
  strings: ['consumerGroup', 'topic'],
  integers: ['queueId', 'queueOffset', 'maxMsgNums', 'sysFlag', 'commitOffset', 'suspendTimeoutMillis', 'subVersion'],
} as const;

/** PULL_MESSAGE (Java `PullMessageProcessor` on a master, 4.9.7). */
export class PullService {
  constructor(private readonly deps: PullServiceDeps) {}

  /** A client's pull: may park (long polling) and resolve later; `undefined` = answer nothing. */
  async pull(req: PullRequest, channel: ClientChannel): Promise<PullOutcome | undefined> {
    const step = await this.process(req, channel, true);
    if ('outcome' in step) return step.outcome;
    if (channel.closed) return undefined;
    const timeout = Math.max(0, req.suspendTimeoutMillis);
    return this.deps.hold().park(req, channel, timeout, (code) => matchesTagsCode(step.park, code));
  }

  /** A woken pull: runs once more and answers whatever it finds. */
  execute = async (req: PullRequest, channel: ClientChannel): Promise<PullOutcome> => {
    const step = await this.process(req, channel, false);
    if ('outcome' in step) return step.outcome;
    throw new EngineError('invariant-violated', 'a woken pull asked to park again', { topic: req.topic, queueId: req.queueId, queueOffset: req.queueOffset });
  };

  private async process(req: PullRequest, channel: ClientChannel, allowSuspend: boolean): Promise<Step> {
    const bad = checkHeader(req, HEADER);
    if (bad !== undefined) return { outcome: bad };
    const group = await this.deps.groups.find(req.consumerGroup);
    const checked = this.check(req, channel, group);
    if ('code' in checked) return { outcome: checked };
    const got = getMessage(this.deps.store, req.topic, req.queueId, req.queueOffset, this.limits(req), (c) => matchesTagsCode(checked, c));
    const result = toPullResult(got, req.queueOffset);
    if (allowSuspend && (req.sysFlag & PullSysFlag.COMMIT_OFFSET) !== 0 && req.commitOffset >= 0) {
      await this.deps.store.commitOffset(req.consumerGroup, req.topic, req.queueId, req.commitOffset);
    }
    const suspend = allowSuspend && (req.sysFlag & PullSysFlag.SUSPEND) !== 0;
    if (result.code === ResponseCode.PULL_NOT_FOUND && suspend) return { park: checked };
    return { outcome: result };
  }

  /** Group, topic, queue and subscription checks, in the real broker's order; the subscription to filter with. */
  private check(req: PullRequest, channel: ClientChannel, group: SubscriptionGroupConfig | undefined): Subscription | PullFailure {
    if (group === undefined) {
      return failure(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group [${req.consumerGroup}] does not exist, ${FAQ_SUFFIX}`);
    }
    if (!group.consumeEnable) return failure(ResponseCode.NO_PERMISSION, `subscription group no permission, ${req.consumerGroup}`);
    const topic = this.deps.topics.get(req.topic);
    if (topic === undefined) {
      return failure(ResponseCode.TOPIC_NOT_EXIST, `topic[${req.topic}] not exist, apply first please! ${FAQ_SUFFIX}`);
    }
    if (!isReadable(topic.perm)) return failure(ResponseCode.NO_PERMISSION, `the topic[${req.topic}] pulling message is forbidden`);
    if (req.queueId < 0 || req.queueId >= topic.readQueueNums) {
      return failure(
        ResponseCode.SYSTEM_ERROR,
        `queueId[${req.queueId}] is illegal, topic:[${req.topic}] topicConfig.readQueueNums:[${topic.readQueueNums}] consumer:[${channel.remoteAddress}]`,
      );
    }
    const sub = (req.sysFlag & PullSysFlag.SUBSCRIPTION) !== 0 ? this.fromRequest(req) : this.fromRegistry(req, group);
    if ('code' in sub) return sub;
    if (sub.expressionType !== TAG_EXPRESSION) {
      return failure(ResponseCode.SYSTEM_ERROR, `The broker does not support consumer to filter message by ${sub.expressionType}`);
    }
    return sub;
  }

  private fromRequest(req: PullRequest): Subscription | PullFailure {
    try {
      return buildSubscription(req.topic, req.subscription, req.expressionType, req.subVersion);
    } catch (err) {
      if (!(err instanceof SubscriptionParseError)) throw err;
      return failure(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "parse the consumer's subscription failed");
    }
  }

  private fromRegistry(req: PullRequest, group: SubscriptionGroupConfig): Subscription | PullFailure {
    const settings = this.deps.consumers.settings(req.consumerGroup);
    if (settings === undefined) {
      return failure(ResponseCode.SUBSCRIPTION_NOT_EXIST, `the consumer's group info not exist${FAQ_SUFFIX}`);
    }
    if (!group.consumeBroadcastEnable && settings.messageModel === 'BROADCASTING') {
      return failure(ResponseCode.NO_PERMISSION, `the consumer group[${req.consumerGroup}] can not consume by broadcast way`);
    }
    const sub = this.deps.consumers.subscription(req.consumerGroup, req.topic);
    if (sub === undefined) return failure(ResponseCode.SUBSCRIPTION_NOT_EXIST, `the consumer's subscription not exist${FAQ_SUFFIX}`);
    if (sub.subVersion < req.subVersion) {
      return failure(ResponseCode.SUBSCRIPTION_NOT_LATEST, "the consumer's subscription not latest");
    }
    return sub;
  }

  private limits(req: PullRequest) {
    const { maxTransferBytesPerPull: maxBytes, maxTransferCountPerPull: maxCount } = this.deps.config;
    return { maxMsgNums: req.maxMsgNums, maxBytes, maxCount };
  }
}

/** Java's status → response code mapping (master). */
function toPullResult(got: GetMessageResult, requestedOffset: number): PullResult {
  const code = codeOf(got, requestedOffset);
  const result: { -readonly [K in keyof PullResult]: PullResult[K] } = {
    code,
    remark: got.status,
    suggestWhichBrokerId: 0,
    nextBeginOffset: got.nextBeginOffset,
    minOffset: got.minOffset,
    maxOffset: got.maxOffset,
    messageCount: got.records.length,
  };
  // Added to the literal, not `{ ...result, body }`, which makes a new hidden class per pull on Node 20.
  if (code === ResponseCode.SUCCESS) result.body = Buffer.concat(got.records);
  return result;
}

function codeOf(got: GetMessageResult, requestedOffset: number): PullResultCode {
  switch (got.status) {
    case 'FOUND':
      return ResponseCode.SUCCESS;
    case 'MESSAGE_WAS_REMOVING':
    case 'NO_MATCHED_MESSAGE':
      return ResponseCode.PULL_RETRY_IMMEDIATELY;
    case 'NO_MATCHED_LOGIC_QUEUE':
    case 'NO_MESSAGE_IN_QUEUE':
      return requestedOffset !== 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
    case 'OFFSET_FOUND_NULL':
    case 'OFFSET_OVERFLOW_ONE':
      return ResponseCode.PULL_NOT_FOUND;
    case 'OFFSET_OVERFLOW_BADLY':
    case 'OFFSET_TOO_SMALL':
      return ResponseCode.PULL_OFFSET_MOVED;
  }
}
