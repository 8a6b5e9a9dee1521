import { ClientRegistry } from '../../../../core/client/client-registry.js';
import type { MessageQueue } from '../../../../core/message/message-queue.js';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import type { PullConsumerEvent } from '../../../../core/consumer/pull/events.js';
import type { PullConsumerOptions } from '../../../../core/consumer/pull/options.js';
import { PullConsumer, type PullConsumerRuntime } from '../../../../core/consumer/pull/pull-consumer.js';
import { A, B, MemoryBroker } from './fake-broker.js';

export { A, B, MemoryBroker };

/** The queues of topic `T` on broker a (ids 0..n-1). */
export const qa = (queueId: number, topic = 'T'): MessageQueue => ({ topic, brokerName: A.name, queueId });
export const qb = (queueId: number, topic = 'T'): MessageQueue => ({ topic, brokerName: B.name, queueId });

/** A broker whose topic `T` has 4 queues on broker a and 4 on broker b. */
export function memoryBroker(): MemoryBroker {
  const broker = new MemoryBroker();
  broker.setRoute('T', [A, B]);
  return broker;
}

/** A pull consumer of group G over its own port to `broker` (instance name `name`). */
export function makeConsumer(broker: MemoryBroker, options: Partial<PullConsumerOptions> = {}, runtime: Partial<PullConsumerRuntime> = {}) {
  const port = broker.port();
  const registry = new ClientRegistry();
  const consumer = new PullConsumer(
    { group: 'G', ...options },
    { portFactory: () => port, registry, identity: { pid: 42, startTime: 1_700_000_000_000 }, ...runtime },
  );
  const events: PullConsumerEvent[] = [];
  consumer.events$.subscribe((e) => events.push(e));
  return { consumer, port, registry, events };
}

/** `queueId:offset` of each message (the fake broker's bodies). */
export const ids = (messages: readonly ReceivedMessage[]) => messages.map((m) => `${m.queue.brokerName}/${m.queue.queueId}:${m.queueOffset}`);

/** Offsets per queue key, in the order polled. */
export function offsetsByQueue(messages: readonly ReceivedMessage[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of messages) {
    const key = `${m.queue.brokerName}/${m.queue.queueId}`;
    out.set(key, [...(out.get(key) ?? []), m.queueOffset]);
  }
  return out;
}
