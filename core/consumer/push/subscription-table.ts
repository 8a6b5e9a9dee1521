import type { ExpressionType, SubscriptionData } from '../../ports/heartbeat.js';
import { RETRY_TOPIC_PREFIX } from '../../validation/names.js';
import { buildSubscription } from '../subscription.js';

/**
 * A consumer's subscriptions by (namespaced) topic. In clustering mode it also holds `%RETRY%<group>` with `*`
 * (Java `copySubscription`), which the heartbeat registers and the rebalance allocates like any topic.
 */
export class SubscriptionTable {
  private readonly byTopic = new Map<string, SubscriptionData>();
  private retry: SubscriptionData | undefined;

  constructor(
    private readonly group: string,
    private readonly clustering: boolean,
    private readonly now: () => number,
  ) {}

  /** The retry topic of the group. */
  get retryTopic(): string {
    return `${RETRY_TOPIC_PREFIX}${this.group}`;
  }

  /** Adds or replaces a topic's subscription; throws `SubscriptionError` for a malformed expression. */
  set(topic: string, expression: string | undefined, type: ExpressionType): SubscriptionData {
    const data = buildSubscription(topic, expression, { type, subVersion: this.now() });
    this.byTopic.set(topic, data);
    return data;
  }

  /** Removes a topic; returns whether it was subscribed. */
  delete(topic: string): boolean {
    return this.byTopic.delete(topic);
  }

  has(topic: string): boolean {
    return this.byTopic.has(topic);
  }

  /** The subscription that applies to a queue's topic (the retry topic's in clustering mode). */
  get(topic: string): SubscriptionData | undefined {
    if (topic === this.retryTopic) return this.retrySubscription();
    return this.byTopic.get(topic);
  }

  /** The user's topics. */
  userTopics(): string[] {
    return [...this.byTopic.keys()];
  }

  /** Every topic the consumer pulls: the user's, plus the retry topic in clustering mode once there is one. */
  topics(): string[] {
    const topics = this.userTopics();
    return this.clustering && topics.length > 0 ? [...topics, this.retryTopic] : topics;
  }

  /** Every subscription, as the heartbeat carries it. */
  all(): SubscriptionData[] {
    const subs = [...this.byTopic.values()];
    return this.clustering && subs.length > 0 ? [...subs, this.retrySubscription()] : subs;
  }

  private retrySubscription(): SubscriptionData {
    this.retry ??= buildSubscription(this.retryTopic, '*', { subVersion: this.now() });
    return this.retry;
  }
}
