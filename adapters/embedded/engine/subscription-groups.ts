import type { MessageStore } from '../store/message-store.js';
import type { ResolvedBrokerConfig } from './config.js';

/** Java `SubscriptionGroupConfig`, the fields the engine uses. */
export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeBroadcastEnable: boolean;
  /** Queues of `%RETRY%<group>` (1). */
  retryQueueNums: number;
  /** Reconsume limit when a request does not carry one (16). */
  retryMaxTimes: number;
  notifyConsumerIdsChangedEnable: boolean;
}

const STATE_KEY = 'engine.subscriptionGroups';
const SYSTEM_GROUP_PREFIX = 'CID_RMQ_SYS_';

/**
 * Subscription groups, persisted as one JSON value in the store's state area. `find` auto-creates a group with the
 * defaults when `autoCreateSubscriptionGroup` is on (and always for `CID_RMQ_SYS_` groups), as the real broker does.
 */
export class SubscriptionGroups {
  private readonly groups = new Map<string, SubscriptionGroupConfig>();

  constructor(
    private readonly store: MessageStore,
    private readonly config: ResolvedBrokerConfig,
  ) {}

  load(): void {
    this.groups.clear();
    const text = this.store.getState(STATE_KEY);
    if (text === undefined) return;
    for (const g of JSON.parse(text) as SubscriptionGroupConfig[]) this.groups.set(g.groupName, g);
  }

  /** The group's config, auto-created if allowed; undefined for an unknown group when auto-creation is off. */
  async find(group: string): Promise<SubscriptionGroupConfig | undefined> {
    const existing = this.groups.get(group);
    if (existing !== undefined) return { ...existing };
    if (!this.config.autoCreateSubscriptionGroup && !group.startsWith(SYSTEM_GROUP_PREFIX)) return undefined;
    return this.update(this.defaults(group));
  }

  /** Known (not auto-created) config, if any. */
  peek(group: string): SubscriptionGroupConfig | undefined {
    const g = this.groups.get(group);
    return g === undefined ? undefined : { ...g };
  }

  /** Creates or replaces a group (the admin path; also how tests prepare groups with auto-creation off). */
  async update(cfg: SubscriptionGroupConfig): Promise<SubscriptionGroupConfig> {
    this.groups.set(cfg.groupName, { ...cfg });
    await this.store.putState(STATE_KEY, JSON.stringify([...this.groups.values()]));
    return { ...cfg };
  }

  defaults(group: string): SubscriptionGroupConfig {
    return {
      groupName: group,
      consumeEnable: true,
      consumeBroadcastEnable: true,
      retryQueueNums: 1,
      retryMaxTimes: this.config.retryMaxTimes,
      notifyConsumerIdsChangedEnable: true,
    };
  }
}
