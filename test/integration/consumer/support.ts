import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncScheduler, filter, firstValueFrom, type Observable, ReplaySubject, take, timeout } from 'rxjs';
import { startEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions } from '../../../adapters/embedded/index.js';
import { createLocalOffsetStorage, createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { clientInstanceConfig } from '../../../core/client/client-config.js';
import { ClientRegistry, type PortFactory } from '../../../core/client/client-registry.js';
import type { ConsumerEvent } from '../../../core/consumer/push/events.js';
import type { ConsumerHandler } from '../../../core/consumer/push/handlers.js';
import { PushConsumer } from '../../../core/consumer/push/push-consumer.js';
import { resolveConsumerOptions } from '../../../core/defaults.js';
import { Message } from '../../../core/message/message.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { ReceivedMessage } from '../../../core/message/received-message.js';
import type { ConsumerOptions, ProducerOptions } from '../../../core/options/option-types.js';
import { Producer } from '../../../core/producer/producer.js';

/** A consumer, what it received (replayed to late subscribers) and what it reported. */
export interface Recorded {
  readonly consumer: PushConsumer;
  readonly received: ReceivedMessage[];
  readonly received$: Observable<ReceivedMessage>;
  readonly events: ConsumerEvent[];
  /** The events, replayed to late subscribers. */
  readonly events$: Observable<ConsumerEvent>;
}

/** Every delay level 1 s, so that retries come back quickly. */
export const FAST_DELAYS = Array.from({ length: 18 }, () => '1s').join(' ');

/**
 * An embedded broker on a free loopback port, our producers and push consumers over the native remoting client,
 * each consumer with its own client id (its own client instance), all closed by `close()`.
 */
export class Loopback {
  readonly ports: RemotingClient[] = [];
  private readonly registry = new ClientRegistry();
  private readonly consumers: PushConsumer[] = [];
  private readonly producers: Producer[] = [];
  private readonly dirs: string[] = [];
  private instanceSeq = 0;
  private readonly openPort: PortFactory = (config) => {
    const port = createRemotingClient({ clientIp: '127.0.0.1', nameServers: [...config.nameServers] });
    this.ports.push(port);
    return port;
  };

  private constructor(readonly broker: EmbeddedBroker) {}

  static async start(options: EmbeddedBrokerOptions = {}): Promise<Loopback> {
    return new Loopback(await startEmbeddedBroker({ port: 0, ...options }));
  }

  /** A raw client for admin calls (create topics, pull the DLQ). */
  admin(): RemotingClient {
    const port = createRemotingClient({ clientIp: '127.0.0.1', nameServers: [this.broker.address] });
    this.ports.push(port);
    return port;
  }

  async createTopic(topic: string, queues: number): Promise<void> {
    const admin = this.admin();
    for (const b of this.broker.brokers) await admin.createTopic(b.address, { topic, readQueueNums: queues, writeQueueNums: queues, perm: 6 });
  }

  async producer(options: ProducerOptions = {}): Promise<Producer> {
    const producer = new Producer(
      { group: 'PG_PUSH_INT', nameServer: this.broker.address, clientIp: '127.0.0.1', instanceName: 'producer', ...options },
      { portFactory: this.openPort, registry: this.registry },
    );
    this.producers.push(producer);
    await producer.start();
    return producer;
  }

  /** A directory for local offsets, removed at `close()`. */
  async tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'rmqrx-offsets-'));
    this.dirs.push(dir);
    return dir;
  }

  /** A push consumer (not started) subscribed to `topic`, with its own client id. */
  consumer(group: string, topic: string, handler: ConsumerHandler, options: Partial<ConsumerOptions> = {}, expression = '*', localOffsetDir?: string): Recorded {
    const consumerOptions: ConsumerOptions = {
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      clientIp: '127.0.0.1',
      instanceName: `consumer-${++this.instanceSeq}`,
      ...options,
      group,
      nameServer: this.broker.address,
    };
    const instance = this.registry.acquire(clientInstanceConfig(resolveConsumerOptions(consumerOptions), asyncScheduler), this.openPort);
    const received: ReceivedMessage[] = [];
    const received$ = new ReplaySubject<ReceivedMessage>();
    const record = (m: ReceivedMessage) => {
      received.push(m);
      received$.next(m);
    };
    const wrapped = wrap(handler, record);
    const consumer = new PushConsumer({
      instance,
      options: consumerOptions,
      handler: wrapped,
      ...(localOffsetDir === undefined ? {} : { localOffsets: createLocalOffsetStorage(localOffsetDir) }),
    });
    consumer.subscribe(topic, expression);
    const events: ConsumerEvent[] = [];
    const events$ = new ReplaySubject<ConsumerEvent>();
    consumer.events$.subscribe((e) => {
      events.push(e);
      events$.next(e);
    });
    this.consumers.push(consumer);
    return { consumer, received, received$, events, events$ };
  }

  async close(): Promise<void> {
    for (const c of this.consumers.splice(0)) await c.shutdown();
    for (const p of this.producers.splice(0)) await p.shutdown();
    await Promise.all(this.ports.map((p) => p.close()));
    await this.broker.close();
    await Promise.all(this.dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}

function wrap(handler: ConsumerHandler, record: (m: ReceivedMessage) => void): ConsumerHandler {
  if (typeof handler === 'function') return (m) => (record(m), handler(m));
  if ('message' in handler) return { message: (m) => (record(m), handler.message(m)) };
  return handler;
}

/** Waits (on the stream, not on a clock) until `count` values match, failing after `ms`. */
export function waitForCount<T>(source$: Observable<T>, count: number, match: (v: T) => boolean = () => true, ms = 15_000): Promise<T> {
  return firstValueFrom(source$.pipe(filter(match), take(count), (o) => o.pipe(filter((_, i) => i === count - 1)), timeout(ms)));
}

/** Waits until an Observable emits a value that satisfies `match`. */
export function waitFor<T>(source$: Observable<T>, match: (v: T) => boolean, ms = 15_000): Promise<T> {
  return firstValueFrom(source$.pipe(filter(match), timeout(ms)));
}

/** Sends one message (`<label><queueId>`) to each of the topic's `queues` queues; returns their ids. */
export async function sendToEachQueue(producer: Producer, topic: string, queues: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let q = 0; q < queues; q++) {
    ids.push((await producer.sendOrderly(new Message(topic, `${label}${q}`), (all: readonly MessageQueue[]) => all[q]!)).msgId);
  }
  return ids;
}

export const keyOf = (q: MessageQueue) => `${q.topic}@${q.brokerName}#${q.queueId}`;
