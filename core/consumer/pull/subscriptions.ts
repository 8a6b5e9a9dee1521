import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import type { ExpressionType, SubscriptionData } from '../../ports/heartbeat.js';
import { validateTopic } from '../../validation/names.js';
import { buildSubscription } from '../subscription.js';
import { unwrapNamespace, wrapNamespace } from '../../message/namespace.js';
import { SubscriptionTable } from '../push/subscription-table.js';
import { PullConsumerError } from './errors.js';

/** How a pull consumer gets its queues: not yet chosen, given by the user, or allocated by rebalance. */
export type SubscriptionMode = 'none' | 'assign' | 'subscribe';

/** A user queue as the broker knows it (namespaced topic). */
export function wireQueue(queue: MessageQueue, namespace: string | undefined): MessageQueue {
  return { topic: wrapNamespace(namespace, queue.topic), brokerName: queue.brokerName, queueId: queue.queueId };
}

/** A broker queue as the user knows it (namespace removed). */
export function userQueue(queue: MessageQueue, namespace: string | undefined): MessageQueue {
  return { topic: unwrapNamespace(namespace, queue.topic), brokerName: queue.brokerName, queueId: queue.queueId };
}

/** Whether two queue lists hold the same queues in the same order. */
export function sameQueues(a: readonly MessageQueue[], b: readonly MessageQueue[]): boolean {
  return a.length === b.length && a.every((q, i) => queueKey(q) === queueKey(b[i]!));
}

function checkQueue(queue: unknown): asserts queue is MessageQueue {
  const q = queue as Partial<MessageQueue> | undefined;
  const ok =
    typeof q === 'object' && q !== null && typeof q.topic === 'string' && typeof q.brokerName === 'string' && q.brokerName !== '' &&
    Number.isInteger(q.queueId) && q.queueId! >= 0;
  if (!ok) throw new PullConsumerError('invalid-argument', 'a message queue needs a topic, a broker name and a queue id ≥ 0', { queue });
  validateTopic(q.topic, { allowRetryAndDlq: true, field: 'queue.topic' });
}

/**
 * What the user asked for: `subscribe(topic, expression)` (the rebalance allocates the topic's queues between the
 * group's clients) or `assign(queues)` (exactly these queues, every tag) — one or the other, as in Java. Topics and
 * queues are kept as the broker knows them (namespaced).
 */
export class Subscriptions {
  private current: SubscriptionMode = 'none';
  private readonly table: SubscriptionTable;
  private assigned: MessageQueue[] = [];
  private readonly everyTag = new Map<string, SubscriptionData>();

  constructor(
    private readonly namespace: string | undefined,
    group: string,
    private readonly now: () => number,
  ) {
    this.table = new SubscriptionTable(group, false, now);
  }

  get mode(): SubscriptionMode {
    return this.current;
  }

  /** Subscribes to a topic (a TAG or SQL92 expression); a second call for the topic replaces the expression. */
  subscribe(topic: string, expression: string | undefined, type: ExpressionType): void {
    validateTopic(topic, { allowRetryAndDlq: true });
    this.use('subscribe');
    this.table.set(wrapNamespace(this.namespace, topic), expression, type);
  }

  /** Stops subscribing to a topic; returns whether it was subscribed. */
  unsubscribe(topic: string): boolean {
    const removed = this.table.delete(wrapNamespace(this.namespace, topic));
    return removed;
  }

  /** Replaces the assigned queues (duplicates dropped). */
  assign(queues: readonly MessageQueue[]): void {
    if (!Array.isArray(queues) || queues.length === 0) {
      throw new PullConsumerError('invalid-argument', 'assign needs at least one message queue', { queues });
    }
    queues.forEach(checkQueue);
    this.use('assign');
    const byKey = new Map(queues.map((q) => wireQueue(q, this.namespace)).map((q) => [queueKey(q), q]));
    this.assigned = [...byKey.values()];
  }

  /** The assigned queues (assign mode). */
  assignedQueues(): MessageQueue[] {
    return [...this.assigned];
  }

  /** The subscribed topics (subscribe mode). */
  topics(): string[] {
    return this.table.userTopics();
  }

  /** The subscriptions the heartbeat carries (none in assign mode, as in Java). */
  all(): SubscriptionData[] {
    return this.table.all();
  }

  /** The subscription a queue's pulls carry: the topic's, or every tag (assign mode). */
  subscriptionOf(topic: string): SubscriptionData {
    const subscribed = this.table.get(topic);
    if (subscribed) return subscribed;
    let all = this.everyTag.get(topic);
    if (!all) {
      all = buildSubscription(topic, '*', { subVersion: this.now() });
      this.everyTag.set(topic, all);
    }
    return all;
  }

  private use(mode: Exclude<SubscriptionMode, 'none'>): void {
    if (this.current !== 'none' && this.current !== mode) {
      throw new PullConsumerError('subscription-conflict', `subscribe and assign are mutually exclusive; this consumer uses ${this.current}`, {
        mode: this.current,
        requested: mode,
      });
    }
    this.current = mode;
  }
}
