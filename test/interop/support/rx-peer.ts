/**
 * Our side of the interop tests: producers and push consumers as an application builds them with the package's
 * factories (`createProducer`, `createPushConsumer`, sharing one client registry per peer), closed together. Given
 * adapter options, the peer opens the remoting clients itself instead (to pin options such as the first name server
 * tried) and records their connection attempts.
 */
import { createProducer, createPushConsumer } from '../../../index.js';
import { asyncScheduler } from 'rxjs';
import { createRemotingClient, type RemotingClient, type RemotingClientOptions } from '../../../adapters/remoting/client/index.js';
import { clientInstanceConfig } from '../../../core/client/client-config.js';
import { ClientRegistry, type PortFactory } from '../../../core/client/client-registry.js';
import type { ConsumerEvent } from '../../../core/consumer/push/events.js';
import type { ConsumerHandler } from '../../../core/consumer/push/handlers.js';
import { PushConsumer } from '../../../core/consumer/push/push-consumer.js';
import { resolveConsumerOptions } from '../../../core/defaults.js';
import type { ConsumerOptions, ProducerOptions } from '../../../core/options/option-types.js';
import type { Producer, ProducerRuntime } from '../../../core/producer/producer.js';

/** Adapter options of every remoting client a peer opens (`nameServers` comes from the client's options). */
export type PortOptions = Omit<RemotingClientOptions, 'nameServers'>;

/** A connection attempt of one of a peer's own remoting clients, in the order they happened. */
export interface ConnectAttempt {
  readonly type: 'connected' | 'connect-failed';
  readonly address: string;
}

/** A push consumer with the events it reported. */
export interface RecordedConsumer<T> {
  readonly consumer: PushConsumer<T>;
  readonly events: ConsumerEvent[];
}

/**
 * Builds our clients on `nameServer` (`host:port`, or several joined with `;`) and owns them: `close()` shuts down
 * every consumer and producer (which closes their remoting clients) and any remoting client the peer opened.
 */
export class RxPeer {
  /** The remoting clients the peer opened itself (only with `portOptions`). */
  readonly ports: RemotingClient[] = [];
  /** Every connect and failed connect of those clients (name servers and brokers). */
  readonly connects: ConnectAttempt[] = [];
  private readonly registry = new ClientRegistry();
  private readonly producers: Producer[] = [];
  private readonly consumers: PushConsumer<unknown>[] = [];
  private readonly ownPorts: PortFactory | undefined;

  constructor(
    private readonly nameServer: string,
    portOptions?: PortOptions,
  ) {
    this.ownPorts = portOptions === undefined ? undefined : (config) => this.open(config.nameServers, portOptions);
  }

  /** A producer (not started) of `group`. */
  producer(group: string, options: ProducerOptions = {}, runtime: Partial<ProducerRuntime> = {}): Producer {
    const own = this.ownPorts === undefined ? {} : { portFactory: this.ownPorts };
    const producer = createProducer({ group, nameServer: this.nameServer, clientIp: '127.0.0.1', ...options }, { registry: this.registry, ...own, ...runtime });
    this.producers.push(producer);
    return producer;
  }

  /** A push consumer (not started, nothing subscribed) of `group`, reading a new group from the first offset. */
  consumer<T = unknown>(group: string, handler: ConsumerHandler<T>, options: Partial<ConsumerOptions> = {}): RecordedConsumer<T> {
    const consumerOptions: ConsumerOptions = {
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      clientIp: '127.0.0.1',
      ...options,
      group,
      nameServer: this.nameServer,
    };
    const consumer = this.ownPorts === undefined ? createPushConsumer<T>(consumerOptions, handler, { registry: this.registry }) : this.direct(consumerOptions, handler, this.ownPorts);
    const events: ConsumerEvent[] = [];
    consumer.events$.subscribe((e) => events.push(e));
    this.consumers.push(consumer as PushConsumer<unknown>);
    return { consumer, events };
  }

  /** Shuts down consumers, then producers, then closes the remoting clients the peer opened. Idempotent. */
  async close(): Promise<void> {
    for (const consumer of this.consumers.splice(0)) await consumer.shutdown();
    for (const producer of this.producers.splice(0)) await producer.shutdown();
    await Promise.all(this.ports.map((port) => port.close()));
  }

  /** A push consumer on a client instance whose remoting client this peer opens (the factory has no port seam). */
  private direct<T>(options: ConsumerOptions, handler: ConsumerHandler<T>, ports: PortFactory): PushConsumer<T> {
    const instance = this.registry.acquire(clientInstanceConfig(resolveConsumerOptions(options), asyncScheduler), ports);
    return new PushConsumer<T>({ instance, options, handler });
  }

  private open(nameServers: readonly string[], portOptions: PortOptions): RemotingClient {
    const port = createRemotingClient({ clientIp: '127.0.0.1', ...portOptions, nameServers: [...nameServers] });
    this.ports.push(port);
    port.pool.events$.subscribe((e) => {
      if (e.type !== 'connection') this.connects.push({ type: e.type, address: e.address });
    });
    return port;
  }
}
