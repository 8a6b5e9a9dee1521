import { createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../../adapters/embedded/index.js';
import { ClientRegistry } from '../../../core/client/client-registry.js';
import { deriveTopicRoute } from '../../../core/client/topic-route.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { PulledMessage } from '../../../core/ports/broker-port.js';
import type { ProducerOptions } from '../../../core/options/option-types.js';
import { Producer, type ProducerRuntime } from '../../../core/producer/producer.js';

/** Producers over the real remoting client against `mq`, and a reader that pulls what they stored. */
export function loopback(mq: EmbeddedBroker) {
  const opened: RemotingClient[] = [];
  const registry = new ClientRegistry();
  const open = () => {
    const client = createRemotingClient({ nameServers: [mq.address], clientIp: '127.0.0.1' });
    opened.push(client);
    return client;
  };
  const producer = (options: ProducerOptions = {}, runtime: Partial<ProducerRuntime> = {}) =>
    new Producer({ group: 'PG_INT', nameServer: mq.address, clientIp: '127.0.0.1', ...options }, { portFactory: open, registry, ...runtime });
  const reader = open();

  /** The broker address of a queue's broker. */
  const addrOf = (brokerName: string) => mq.brokers.find((b) => b.name === brokerName)!.address;

  /** Every message of a queue from `from` on (waiting up to `waitMs` on the broker for the first one). */
  async function pullAll(queue: MessageQueue, from = 0, waitMs = 0): Promise<PulledMessage[]> {
    const out: PulledMessage[] = [];
    let offset = from;
    for (;;) {
      const suspend = out.length === 0 && waitMs > 0;
      const res = await reader.pull(
        addrOf(queue.brokerName),
        {
          consumerGroup: 'INT_READER',
          queue,
          queueOffset: offset,
          maxMsgNums: 32,
          sysFlag: 4 | (suspend ? 2 : 0),
          commitOffset: 0,
          suspendTimeoutMillis: suspend ? waitMs : 0,
          subscription: '*',
          subVersion: 0,
          expressionType: 'TAG',
        },
        { timeoutMs: waitMs + 5_000 },
      );
      if (res.status !== 'FOUND') return out;
      out.push(...res.messages);
      offset = res.nextBeginOffset;
    }
  }

  /** Long-polls `queue` from offset 0 on until a message matches (the broker holds each pull until one arrives). */
  async function waitForMessage(queue: MessageQueue, match: (m: PulledMessage) => boolean, waitMs = 10_000): Promise<PulledMessage> {
    const deadline = Date.now() + waitMs;
    let offset = 0;
    while (Date.now() < deadline) {
      const batch = await pullAll(queue, offset, Math.max(1, deadline - Date.now()));
      const found = batch.find(match);
      if (found) return found;
      if (batch.length > 0) offset = batch[batch.length - 1]!.queueOffset + 1;
    }
    throw new Error(`no matching message in ${queue.topic}@${queue.brokerName}#${queue.queueId} within ${waitMs} ms`);
  }

  /** Every message of every readable queue of `topic`, as its route lists them now. */
  async function pullTopic(topic: string): Promise<PulledMessage[]> {
    const route = deriveTopicRoute(topic, await reader.getRouteInfo(topic));
    const all: PulledMessage[] = [];
    for (const queue of route.subscribeQueues) all.push(...(await pullAll(queue)));
    return all;
  }

  const close = async () => {
    await Promise.all(opened.map((c) => c.close()));
  };
  return { producer, registry, clients: opened, pullAll, pullTopic, waitForMessage, close };
}

export { startEmbeddedBroker };
