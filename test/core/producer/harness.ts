import { afterEach, beforeEach, vi } from 'vitest';
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

/** Runs each test of the enclosing suite on vitest's fake timers, starting at a fixed time. */
export function useFakeTimeFrom(now: number): void {
  beforeEach(() => {
    vi.useFakeTimers({ now });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** A body of `n` bytes of `fill`. */
export const body = (n: number, fill = 'x'): Buffer => Buffer.alloc(n, fill);

/** Each request the fake broker received, as its message count (0 for a plain send, else the batch size). */
export const shapes = (port: FakePort): number[] => port.sends().map((s) => s.req.batch?.length ?? 0);
