import type { MessageStore, TopicConfigRecord } from '../store/message-store.js';
import type { ResolvedBrokerConfig } from './config.js';
import { isInherited, PERM_INHERIT, PERM_READ, PERM_WRITE, permToString } from './perm.js';
import { TEMPLATE_TOPIC } from '../../../core/message/namespace.js';

/** Registration version of the topic table (REGISTER_BROKER's `dataVersion`). */
export interface DataVersion {
  counter: number;
  timestamp: number;
}

/**
 * The broker's topic configurations, loaded from and persisted to the store (`putTopicConfig`). Creating a topic
 * bumps the data version and calls `onCreated`, which the broker uses to re-register with its name servers.
 */
export class TopicTable {
  private readonly topics = new Map<string, TopicConfigRecord>();
  private version: DataVersion;

  constructor(
    private readonly store: MessageStore,
    private readonly config: ResolvedBrokerConfig,
    private readonly now: () => number,
    private readonly onCreated: (topic: TopicConfigRecord) => void,
  ) {
    this.version = { counter: 0, timestamp: now() };
  }

  /** Loads the stored configs; creates TBW102 (perm 7) when auto-creation is on. */
  async load(): Promise<void> {
    this.topics.clear();
    for (const cfg of this.store.topicConfigs()) this.topics.set(cfg.topicName, { ...cfg });
    if (this.config.autoCreateTopicEnable && !this.topics.has(TEMPLATE_TOPIC)) {
      const n = this.config.defaultTopicQueueNums;
      await this.put(topicConfig(TEMPLATE_TOPIC, n, n, PERM_INHERIT | PERM_READ | PERM_WRITE));
    }
  }

  get(topic: string): TopicConfigRecord | undefined {
    const cfg = this.topics.get(topic);
    return cfg === undefined ? undefined : { ...cfg };
  }

  all(): TopicConfigRecord[] {
    return [...this.topics.values()].map((c) => ({ ...c }));
  }

  get dataVersion(): DataVersion {
    return { ...this.version };
  }

  /**
   * Java `createTopicInSendMessageMethod`: the topic, auto-created from `defaultTopic` when that one is inheritable
   * (TBW102 only while auto-creation is on), with min(requested, template write queues) queues and the template's
   * perm minus INHERIT. Undefined when it cannot be created.
   */
  async createInSend(topic: string, defaultTopic: string, requestedQueueNums: number): Promise<TopicConfigRecord | undefined> {
    const existing = this.get(topic);
    if (existing !== undefined) return existing;
    const template = this.topics.get(defaultTopic);
    if (template === undefined) return undefined;
    let perm = template.perm;
    if (defaultTopic === TEMPLATE_TOPIC && !this.config.autoCreateTopicEnable) perm = PERM_READ | PERM_WRITE;
    if (!isInherited(perm)) return undefined;
    const n = Math.max(0, Math.min(requestedQueueNums, template.writeQueueNums));
    return this.create(topicConfig(topic, n, n, perm & ~PERM_INHERIT));
  }

  /** Java `createTopicInSendMessageBackMethod`: the topic, created with these settings if it does not exist. */
  async ensure(topic: string, queueNums: number, perm: number, topicSysFlag = 0): Promise<TopicConfigRecord> {
    const existing = this.get(topic);
    if (existing !== undefined) return existing;
    return this.create({ ...topicConfig(topic, queueNums, queueNums, perm), topicSysFlag });
  }

  /** Creates or replaces a topic (UPDATE_AND_CREATE_TOPIC). */
  async update(cfg: TopicConfigRecord): Promise<TopicConfigRecord> {
    return this.create({ ...cfg });
  }

  private async create(cfg: TopicConfigRecord): Promise<TopicConfigRecord> {
    await this.put(cfg);
    this.onCreated({ ...cfg });
    return { ...cfg };
  }

  private async put(cfg: TopicConfigRecord): Promise<void> {
    this.topics.set(cfg.topicName, cfg);
    this.version = { counter: this.version.counter + 1, timestamp: this.now() };
    await this.store.putTopicConfig({ ...cfg });
  }
}

export function topicConfig(topicName: string, readQueueNums: number, writeQueueNums: number, perm: number): TopicConfigRecord {
  return { topicName, readQueueNums, writeQueueNums, perm, topicSysFlag: 0, order: false };
}

/** Java `TopicConfig.toString()`, quoted in some remarks. */
export function describeTopicConfig(cfg: TopicConfigRecord): string {
  return `TopicConfig [topicName=${cfg.topicName}, readQueueNums=${cfg.readQueueNums}, writeQueueNums=${cfg.writeQueueNums}, ` +
    `perm=${permToString(cfg.perm)}, topicFilterType=SINGLE_TAG, topicSysFlag=${cfg.topicSysFlag}, order=${cfg.order}]`;
}
