import type { MessageQueue } from '../message/message-queue.js';
import { MASTER_ID, PERM_READ, PERM_WRITE, type QueueData, type TopicRouteData } from '../ports/route.js';

/**
 * A topic's route with the lists the client derives from it (shared/protocol §5.1).
 */
export interface TopicRoute {
  readonly topic: string;
  /** The route as the name server returned it (for a fallback route: `TBW102`'s, queue counts trimmed). */
  readonly data: TopicRouteData;
  /** Writable queues of brokers that have a master, by broker name; or the `orderTopicConf` list. */
  readonly publishQueues: readonly MessageQueue[];
  /** Readable queues of every broker of the topic. */
  readonly subscribeQueues: readonly MessageQueue[];
  /** Broker name → broker id (decimal string, `"0"` = master) → `ip:port`. */
  readonly brokers: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** True when the topic is unknown to the name server and `TBW102`'s route stands in for it (sending only). */
  readonly viaDefaultTopic: boolean;
}

function queuesOf(topic: string, brokerName: string, count: number): MessageQueue[] {
  return Array.from({ length: Math.max(0, count) }, (_, queueId) => ({ topic, brokerName, queueId }));
}

function byBrokerName(a: QueueData, b: QueueData): number {
  if (a.brokerName === b.brokerName) return 0;
  return a.brokerName < b.brokerName ? -1 : 1;
}

/** `"broker-a:4;broker-b:4"` → the queues of an ordered topic, in the configured order. */
function orderedPublishQueues(topic: string, conf: string): MessageQueue[] {
  return conf
    .split(';')
    .map((item) => item.split(':'))
    .filter((parts) => parts.length === 2 && parts[0] !== '')
    .flatMap(([brokerName, nums]) => queuesOf(topic, brokerName!, Number.parseInt(nums!, 10) || 0));
}

function hasMaster(data: TopicRouteData, brokerName: string): boolean {
  const broker = data.brokerDatas.find((b) => b.brokerName === brokerName);
  return broker !== undefined && typeof broker.brokerAddrs[MASTER_ID] === 'string';
}

/** The Java producer's publish list: `orderTopicConf` if set, else writable queues of brokers with a master. */
export function publishQueuesOf(topic: string, data: TopicRouteData): MessageQueue[] {
  if (data.orderTopicConf) return orderedPublishQueues(topic, data.orderTopicConf);
  return [...data.queueDatas]
    .sort(byBrokerName)
    .filter((q) => (q.perm & PERM_WRITE) !== 0 && hasMaster(data, q.brokerName))
    .flatMap((q) => queuesOf(topic, q.brokerName, q.writeQueueNums));
}

/** The Java consumer's subscribe list: every readable queue. */
export function subscribeQueuesOf(topic: string, data: TopicRouteData): MessageQueue[] {
  return data.queueDatas
    .filter((q) => (q.perm & PERM_READ) !== 0)
    .flatMap((q) => queuesOf(topic, q.brokerName, q.readQueueNums));
}

/** Derives the publish and subscribe lists and the broker address table of a route. */
export function deriveTopicRoute(topic: string, data: TopicRouteData, viaDefaultTopic = false): TopicRoute {
  const brokers = new Map<string, Readonly<Record<string, string>>>();
  for (const b of data.brokerDatas) brokers.set(b.brokerName, { ...b.brokerAddrs });
  return {
    topic,
    data,
    publishQueues: publishQueuesOf(topic, data),
    subscribeQueues: subscribeQueuesOf(topic, data),
    brokers,
    viaDefaultTopic,
  };
}

/**
 * The Java fallback for an unknown topic: `TBW102`'s route with every broker's read and write queue count cut to
 * `min(defaultTopicQueueNums, readQueueNums)`, so the broker auto-creates the topic with that many queues.
 */
export function defaultTopicRouteFor(topic: string, template: TopicRouteData, defaultTopicQueueNums: number): TopicRoute {
  const queueDatas = template.queueDatas.map((q) => {
    const nums = Math.min(defaultTopicQueueNums, q.readQueueNums);
    return { ...q, readQueueNums: nums, writeQueueNums: nums };
  });
  return deriveTopicRoute(topic, { ...template, queueDatas }, true);
}

/** Order-insensitive fingerprint of a route, to tell a changed route from a refreshed copy (Java `topicRouteDataIsChange`). */
export function routeFingerprint(data: TopicRouteData): string {
  const queueDatas = [...data.queueDatas].sort(byBrokerName);
  const brokerDatas = [...data.brokerDatas]
    .sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0))
    .map((b) => ({ ...b, brokerAddrs: Object.fromEntries(Object.entries(b.brokerAddrs).sort(([x], [y]) => Number(x) - Number(y))) }));
  return JSON.stringify({ o: data.orderTopicConf ?? null, q: queueDatas.map(sortedKeys), b: brokerDatas.map(sortedKeys) });
}

function sortedKeys(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
