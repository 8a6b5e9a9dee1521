import { asyncScheduler } from 'rxjs';
import { vi } from 'vitest';
import { ClientInstance } from '../../../../core/client/client-instance.js';
import type { ConsumerEvent } from '../../../../core/consumer/push/events.js';
import type { ConsumerHandler } from '../../../../core/consumer/push/handlers.js';
import { PushConsumer, type PushConsumerConfig } from '../../../../core/consumer/push/push-consumer.js';
import type { MessageQueue } from '../../../../core/message/message-queue.js';
import type { ConsumerOptions } from '../../../../core/options/option-types.js';
import { type FakeBroker, FakePort } from '../../fakes/fake-port.js';
import { FakeCluster } from './fake-cluster.js';
import { resolveClientOptions } from '../../../../core/defaults.js';

export const BROKER_A: FakeBroker = { name: 'broker-a', addr: '10.0.0.1:10911', queues: 4 };
export const BROKER_B: FakeBroker = { name: 'broker-b', addr: '10.0.0.2:10911', queues: 4 };
export const GROUP = 'G1';
export const TOPIC = 'T1';
export const RETRY_TOPIC = `%RETRY%${GROUP}`;

export const mq = (queueId: number, topic = TOPIC, brokerName = 'broker-a'): MessageQueue => ({ topic, brokerName, queueId });

/** Advances fake time (flushing promises between timers). */
export const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
/** Lets pending promises and zero-delay timers run (several rounds: pull loops chain many promise hops). */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await vi.advanceTimersByTimeAsync(0);
}

/** A consumer on a fake port and cluster, with its events recorded. */
export interface Harness<T = unknown> {
  readonly port: FakePort;
  readonly cluster: FakeCluster;
  readonly instance: ClientInstance;
  readonly consumer: PushConsumer<T>;
  readonly events: ConsumerEvent[];
  eventsOf<K extends ConsumerEvent['type']>(type: K): Extract<ConsumerEvent, { type: K }>[];
}

export interface HarnessOptions<T> {
  readonly handler: ConsumerHandler<T>;
  readonly options?: Partial<ConsumerOptions>;
  readonly clientId?: string;
  /** Share the cluster of another harness (several consumers of one group, each with its own port). */
  readonly cluster?: FakeCluster;
  readonly brokers?: readonly FakeBroker[];
  /** Subscribe to TOPIC with this expression (default `*`); `null` to subscribe to nothing. */
  readonly expression?: string | null;
  readonly config?: Partial<PushConsumerConfig<T>>;
}

export function harness<T = unknown>(opts: HarnessOptions<T>): Harness<T> {
  const port = new FakePort();
  const cluster = opts.cluster ?? new FakeCluster();
  cluster.attach(port);
  const brokers = opts.brokers ?? [BROKER_A];
  port.setRoute(TOPIC, brokers);
  port.setRoute(RETRY_TOPIC, brokers.map((b) => ({ ...b, queues: 1 })));
  const clientId = opts.clientId ?? '10.0.0.5@c1';
  if (!opts.cluster) cluster.consumerIds = [clientId];
  const instance = new ClientInstance(
    {
      clientId,
      nameServers: ['127.0.0.1:9876'],
      routeRefreshIntervalMs: 30_000,
      heartbeatIntervalMs: 30_000,
      requestTimeoutMs: 3_000,
      scheduler: asyncScheduler,
      options: resolveClientOptions({ nameServer: '127.0.0.1:9876' }),
    },
    () => port,
  );
  const consumer = new PushConsumer<T>({
    instance,
    handler: opts.handler,
    options: { group: GROUP, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', ...opts.options },
    ...opts.config,
  });
  if (opts.expression !== null) consumer.subscribe(TOPIC, opts.expression ?? '*');
  const events: ConsumerEvent[] = [];
  consumer.events$.subscribe((e) => events.push(e));
  const eventsOf = <K extends ConsumerEvent['type']>(type: K) => events.filter((e): e is Extract<ConsumerEvent, { type: K }> => e.type === type);
  return { port, cluster, instance, consumer, events, eventsOf };
}
