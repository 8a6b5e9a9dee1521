import type { RouteTable } from '../../client/route-table.js';
import type { TopicRoute } from '../../client/topic-route.js';
import type { MessageQueue } from '../../message/message-queue.js';
import type { BrokerPort } from '../../ports/broker-port.js';
import { MASTER_ID } from '../../ports/route.js';
import type { BrokerAddrLookup } from './pull-loop.js';

/**
 * Java `findBrokerAddressInSubscribe(brokerName, brokerId, false)`: the address of the suggested broker id, else the
 * master's, else any replica's. The queue's own topic route is looked at first (one lookup per pull, as the pull
 * loop asks on every pull); only when it does not list the suggested id is the table of every known route built.
 */
export function brokerAddrLookup(routes: Pick<RouteTable, 'brokers' | 'current'>): BrokerAddrLookup {
  return (queue, brokerId) => {
    const exact = routes.current(queue.topic)?.brokers.get(queue.brokerName)?.[String(brokerId)];
    if (exact) return { addr: exact, brokerId };
    return addressIn(routes.brokers().get(queue.brokerName), brokerId);
  };
}

function addressIn(addrs: Readonly<Record<string, string>> | undefined, brokerId: number): { addr: string; brokerId: number } | undefined {
  if (!addrs) return undefined;
  const exact = addrs[String(brokerId)];
  if (exact) return { addr: exact, brokerId };
  const master = addrs[MASTER_ID];
  if (master) return { addr: master, brokerId: 0 };
  const [id, addr] = Object.entries(addrs)[0] ?? [];
  return id === undefined || addr === undefined ? undefined : { addr, brokerId: Number(id) };
}

/**
 * The group's client ids (GET_CONSUMER_LIST_BY_GROUP), asked of the route's brokers in name order — master first,
 * else a replica — until one answers.
 */
export function consumerIdsOf(
  port: () => Pick<BrokerPort, 'getConsumerIdList'>,
  group: string,
  timeoutMs: number,
): (route: TopicRoute) => Promise<string[]> {
  return async (route) => {
    const names = [...route.brokers.keys()].sort();
    let lastError: unknown = new Error(`no broker in the route of ${route.topic}`);
    for (const name of names) {
      const addrs = route.brokers.get(name)!;
      const addr = addrs[MASTER_ID] ?? Object.values(addrs)[0];
      if (!addr) continue;
      try {
        return await port().getConsumerIdList(addr, group, { timeoutMs });
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  };
}

/** A writable queue of the retry topic (for the fallback copy of a failed send-back). */
export function retryQueueOf(routes: Pick<RouteTable, 'current'>, retryTopic: string): () => MessageQueue | undefined {
  return () => routes.current(retryTopic)?.publishQueues[0];
}
