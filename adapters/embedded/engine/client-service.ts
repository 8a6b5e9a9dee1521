import { RequestCode, ResponseCode } from '../../remoting/protocol/codes.js';
import type { ClientChannel } from './channel.js';
import type { ConsumerDataInput, ConsumerListResult, HeartbeatInput, SubscriptionDataInput, UnregisterInput } from './client-types.js';
import type { ConsumerRegistry, GroupChange } from './consumer-registry.js';
import { emitSafely, type EngineEventSink } from './events.js';
import { DONE, failure, type Done, type Failure } from './outcome.js';
import { PERM_READ, PERM_WRITE } from './perm.js';
import type { ProducerRegistry } from './producer-registry.js';
import type { SubscriptionGroups } from './subscription-groups.js';
import { buildSubscription, type Subscription } from './subscription.js';
import { javaStringHashCode } from '../../../core/util/java-hash.js';
import { retryTopic } from './topic-names.js';
import type { TopicTable } from './topic-table.js';

export interface ClientServiceDeps {
  producers: ProducerRegistry;
  consumers: ConsumerRegistry;
  groups: SubscriptionGroups;
  topics: TopicTable;
  now: () => number;
  onEvent: EngineEventSink | undefined;
}

/**
 * HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP, closed and expired channels (Java
 * `ClientManageProcessor`, `ConsumerManager`, `ClientHousekeepingService`). Every change of a consumer group's
 * members or subscribed topics sends NOTIFY_CONSUMER_IDS_CHANGED to every member still in the group.
 */
export class ClientService {
  constructor(private readonly deps: ClientServiceDeps) {}

  async heartbeat(data: HeartbeatInput, channel: ClientChannel): Promise<Done | Failure> {
    const invalid = checkHeartbeat(data);
    if (invalid !== undefined) return failure(ResponseCode.SYSTEM_ERROR, invalid);
    const now = this.deps.now();
    for (const consumer of data.consumerDataSet ?? []) await this.registerConsumer(consumer, data.clientID, channel, now);
    for (const producer of data.producerDataSet ?? []) this.deps.producers.register(producer.groupName, channel, data.clientID, now);
    return DONE;
  }

  async unregister(req: UnregisterInput, channel: ClientChannel): Promise<Done> {
    if (req.producerGroup !== undefined) this.deps.producers.unregister(req.producerGroup, req.clientID, channel);
    if (req.consumerGroup !== undefined) {
      const change = this.deps.consumers.unregister(req.consumerGroup, req.clientID, channel);
      const notify = (await this.deps.groups.find(req.consumerGroup))?.notifyConsumerIdsChangedEnable ?? true;
      if (change !== undefined && notify) this.notifyChanged(change);
    }
    return DONE;
  }

  consumerList(group: string): ConsumerListResult | Failure {
    const ids = this.deps.consumers.clientIds(group);
    if (ids.length === 0) return failure(ResponseCode.SYSTEM_ERROR, `no consumer for this group, ${group}`);
    return { code: ResponseCode.SUCCESS, consumerIdList: ids };
  }

  /** The connection is gone: drop its registrations and tell the remaining members of its groups. */
  channelClosed(channel: ClientChannel): void {
    this.deps.producers.removeChannel(channel);
    for (const change of this.deps.consumers.removeChannel(channel)) this.notifyChanged(change);
  }

  /** Drops clients silent since before `now − expiryMs` (closing their channels). */
  expire(expiryMs: number): void {
    const deadline = this.deps.now() - expiryMs;
    const expired = new Map<string, ClientChannel>();
    for (const ch of [...this.deps.consumers.expiredChannels(deadline), ...this.deps.producers.expiredChannels(deadline)]) {
      expired.set(ch.id, ch);
    }
    for (const ch of expired.values()) {
      emitSafely(this.deps.onEvent, { type: 'client-expired', channelId: ch.id, remoteAddress: ch.remoteAddress });
      this.channelClosed(ch);
      this.closeQuietly(ch);
    }
  }

  private async registerConsumer(data: ConsumerDataInput, clientId: string, channel: ClientChannel, now: number): Promise<void> {
    const groupConfig = await this.deps.groups.find(data.groupName);
    if (groupConfig !== undefined) {
      const sysFlag = data.unitMode === true ? 2 : 0;
      await this.deps.topics.ensure(retryTopic(data.groupName), groupConfig.retryQueueNums, PERM_WRITE | PERM_READ, sysFlag);
    }
    const subs = (data.subscriptionDataSet ?? []).map(toSubscription);
    const settings = { consumeType: data.consumeType, messageModel: data.messageModel, consumeFromWhere: data.consumeFromWhere };
    const changed = this.deps.consumers.register(data.groupName, channel, clientId, settings, subs, now);
    if (changed && (groupConfig?.notifyConsumerIdsChangedEnable ?? true)) {
      this.notifyChanged({ group: data.groupName, channels: this.deps.consumers.channels(data.groupName) });
    }
  }

  private notifyChanged(change: GroupChange): void {
    for (const ch of change.channels) {
      if (ch.closed) continue;
      try {
        ch.notify(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, { consumerGroup: change.group });
      } catch (error) {
        emitSafely(this.deps.onEvent, { type: 'error', where: 'notify-consumer-ids-changed', error });
      }
    }
  }

  private closeQuietly(ch: ClientChannel): void {
    try {
      ch.close?.();
    } catch (error) {
      emitSafely(this.deps.onEvent, { type: 'error', where: 'close-expired-channel', error });
    }
  }
}

function toSubscription(s: SubscriptionDataInput): Subscription {
  const built = buildSubscription(s.topic, s.subString, s.expressionType, s.subVersion ?? 0);
  if (built.subString === '*' || built.expressionType !== 'TAG') return built;
  const tagsSet = Array.isArray(s.tagsSet) && s.tagsSet.length > 0 ? [...s.tagsSet] : built.tagsSet;
  const codeSet = Array.isArray(s.codeSet) && s.codeSet.length > 0 ? [...s.codeSet] : tagsSet.map(javaStringHashCode);
  return { ...built, tagsSet, codeSet };
}

/** What a heartbeat needs before anything is registered; the remark when it lacks it. */
function checkHeartbeat(data: HeartbeatInput): string | undefined {
  if (typeof data?.clientID !== 'string' || data.clientID.length === 0) return 'HEART_BEAT body has no clientID';
  for (const p of data.producerDataSet ?? []) {
    if (typeof p?.groupName !== 'string' || p.groupName.length === 0) return 'HEART_BEAT producer data without groupName';
  }
  for (const c of data.consumerDataSet ?? []) {
    if (typeof c?.groupName !== 'string' || c.groupName.length === 0) return 'HEART_BEAT consumer data without groupName';
    for (const s of c.subscriptionDataSet ?? []) {
      if (typeof s?.topic !== 'string' || s.topic.length === 0) return `HEART_BEAT subscription without topic in group ${c.groupName}`;
    }
  }
  return undefined;
}
