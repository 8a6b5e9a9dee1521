import type { RemotingPort } from '../core/ports/broker-port.js';
import { isBrokerResponseError } from '../core/ports/errors.js';
import { TEMPLATE_TOPIC } from '../core/message/namespace.js';
import { MASTER_ID, PERM_READ, PERM_WRITE, TOPIC_NOT_EXIST } from '../core/ports/route.js';

/** What {@link ensureTopics} did. */
export interface TopicSetupResult {
  readonly existing: readonly string[];
  readonly created: readonly string[];
  /** Topics it could not create (no broker known): left to the brokers' auto-creation on first send. */
  readonly skipped: readonly string[];
}

async function exists(port: RemotingPort, topic: string, timeoutMs: number): Promise<boolean> {
  try {
    const route = await port.getRouteInfo(topic, { timeoutMs });
    return route.queueDatas.length > 0;
  } catch (error) {
    if (isBrokerResponseError(error) && error.code === TOPIC_NOT_EXIST) return false;
    throw error;
  }
}

async function masters(port: RemotingPort, timeoutMs: number): Promise<string[]> {
  try {
    // The template topic's route lists the brokers that may create topics (present when auto-creation is on).
    const route = await port.getRouteInfo(TEMPLATE_TOPIC, { timeoutMs });
    return route.brokerDatas.map((b) => b.brokerAddrs[MASTER_ID]).filter((a): a is string => a !== undefined);
  } catch (error) {
    if (isBrokerResponseError(error) && error.code === TOPIC_NOT_EXIST) return [];
    throw error;
  }
}

/**
 * Makes sure `topics` exist before consumers subscribe (so their first rebalance finds a route): each missing topic
 * is created with UPDATE_AND_CREATE_TOPIC (`queues` read and write queues) on every master broker that serves the
 * auto-create template topic. Without such brokers, nothing is created and the topics are reported as skipped.
 */
export async function ensureTopics(port: RemotingPort, topics: readonly string[], opts: { queues: number; timeoutMs: number }): Promise<TopicSetupResult> {
  const existing: string[] = [];
  const missing: string[] = [];
  for (const topic of new Set(topics)) (await exists(port, topic, opts.timeoutMs) ? existing : missing).push(topic);
  if (missing.length === 0) return { existing, created: [], skipped: [] };
  const brokers = await masters(port, opts.timeoutMs);
  if (brokers.length === 0) return { existing, created: [], skipped: missing };
  for (const topic of missing) {
    for (const addr of brokers) {
      await port.createTopic(addr, { topic, readQueueNums: opts.queues, writeQueueNums: opts.queues, perm: PERM_READ | PERM_WRITE }, { timeoutMs: opts.timeoutMs });
    }
  }
  return { existing, created: missing, skipped: [] };
}
