/**
 * Our side of the interop tests: producers and push consumers over the native remoting client, built directly from
 * core and the adapter (one client registry per peer), and closed together.
 */
import { asyncScheduler } from 'rxjs';
import { createRemotingClient, type RemotingClient, type RemotingClientOptions } from '../../../adapters/remoting/client/index.js';
import { clientInstanceConfig } from '../../../core/client/client-config.js';
import { ClientRegistry, type PortFactory } from '../../../core/client/client-registry.js';
import type { ConsumerEvent } from '../../../core/consumer/push/events.js';
import type { ConsumerHandler } from '../../../core/consumer/push/handlers.js';
import { PushConsumer } from '../../../core/consumer/push/push-consumer.js';
import { resolveConsumerOptions } from '../../../core/defaults.js';
import type { ConsumerOptions, ProducerOptions } from '../../../core/options/option-types.js';
import { Producer, type ProducerRuntime } from '../../../core/producer/producer.js';

/** Adapter options of every remoting client a peer opens (`nameServers` comes from the client's options). */
export type PortOptions = Omit<RemotingClientOptions, 'nameServers'>;

/** A connection attempt of one of a peer's remoting clients, in the order they happened. */
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
 * every consumer and producer and closes every remoting client they opened.
 */
export class RxPeer {
  /** Every remoting client opened so far (one per client instance). */
  readonly ports: RemotingClient[] = [];
  /** Every connect and failed connect of those clients (name servers and brokers). */
  readonly connects: ConnectAttempt[] = [];
  private readonly registry = new ClientRegistry();
  private readonly producers: Producer[] = [];
  private readonly consumers: PushConsumer<unknown>[] = [];
  private readonly openPort: PortFactory = (config) => {
    const port = createRemotingClient({ clientIp: '127.0.0.1', ...this.portOptions, nameServers: [...config.nameServers] });
    this.ports.push(port);
    port.pool.events$.subscribe((e) => {
      if (e.type !== 'connection') this.connects.push({ type: e.type, address: e.address });
    });
    return port;
  };

  constructor(
    private readonly nameServer: string,
    private readonly portOptions: PortOptions = {},
  ) {}

  /** A producer (not started) of `group`. */
  producer(group: string, options: ProducerOptions = {}, runtime: Partial<ProducerRuntime> = {}): Producer {
    const producer = new Producer(
      { group, nameServer: this.nameServer, clientIp: '127.0.0.1', ...options },
      { portFactory: this.openPort, registry: this.registry, ...runtime },
    );
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
    const config = clientInstanceConfig(resolveConsumerOptions(consumerOptions), asyncScheduler);
    const instance = this.registry.acquire(config, this.openPort);
    const consumer = new PushConsumer<T>({ instance, options: consumerOptions, handler });
    const events: ConsumerEvent[] = [];
    consumer.events$.subscribe((e) => events.push(e));
    this.consumers.push(consumer as PushConsumer<unknown>);
    return { consumer, events };
  }

  /** Shuts down consumers, then producers, then closes every remoting client. Idempotent. */
  async close(): Promise<void> {
    for (const consumer of this.consumers.splice(0)) await consumer.shutdown();
    for (const producer of this.producers.splice(0)) await producer.shutdown();
    await Promise.all(this.ports.map((port) => port.close()));
  }
}
