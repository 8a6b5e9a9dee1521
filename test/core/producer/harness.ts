import { ClientRegistry } from '../../../core/client/client-registry.js';
import type { ProducerOptions } from '../../../core/options/option-types.js';
import type { ProducerEvent } from '../../../core/producer/events.js';
import { Producer, type ProducerRuntime } from '../../../core/producer/producer.js';
import { FakePort } from '../fakes/fake-port.js';

export const A = { name: 'broker-a', addr: '10.0.0.1:10911' };
export const B = { name: 'broker-b', addr: '10.0.0.2:10911' };

/** A producer of group PG over a FakePort whose topic `T` has brokers a and b (4 queues each). */
export function makeProducer(options: ProducerOptions = {}, runtime: Partial<ProducerRuntime> = {}) {
  const port = new FakePort();
  port.setRoute('T', [A, B]);
  const registry = new ClientRegistry();
  const producer = new Producer(
    { group: 'PG', ...options },
    { portFactory: () => port, registry, identity: { pid: 42, startTime: 1_700_000_000_000 }, ...runtime },
  );
  const events: ProducerEvent[] = [];
  producer.events$.subscribe((e) => events.push(e));
  return { port, registry, producer, events };
}
