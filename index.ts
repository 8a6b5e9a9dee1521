/**
 * rocketmq-rx — the package's public barrel and composition root.
 *
 * The layers never import each other the wrong way (`decorators → core ← adapters`); this file is the one place
 * where they meet: it plugs the native remoting client (`createRemotingClient`) and the embedded broker
 * (`startEmbeddedBroker`) into the core's producer and consumers and into the decorators' module.
 */
import type { ContainerModule } from 'inversify';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { createLocalOffsetStorage, createRemotingClient, detectClientIp, type RemotingClientOptions } from './adapters/remoting/client/index.js';
import { startEmbeddedBroker, type EmbeddedBrokerOptions } from './adapters/embedded/index.js';
import { clientInstanceConfig } from './core/client/client-config.js';
import type { ClientInstanceConfig } from './core/client/client-instance.js';
import { ClientRegistry, type PortFactory } from './core/client/client-registry.js';
import type { CodecRegistry } from './core/codec/codec-registry.js';
import { PullConsumer, type PullConsumerRuntime } from './core/consumer/pull/pull-consumer.js';
import type { PullConsumerOptions } from './core/consumer/pull/options.js';
import type { ConsumerHandler } from './core/consumer/push/handlers.js';
import { PushConsumer } from './core/consumer/push/push-consumer.js';
import { CLIENT_DEFAULTS, resolveClientOptions } from './core/defaults.js';
import type { ClientOptions, ConsumerOptions, ProducerOptions } from './core/options/option-types.js';
import { Producer as CoreProducer, type ProducerRuntime } from './core/producer/producer.js';
import { createRocketMQModule, type RocketMQAdapters, type RocketMQModuleOptions as BaseModuleOptions } from './decorators/index.js';

// ── Core: messages, codecs, options and defaults, strategies, errors, client instances ─────────────────────────────
export * from './core/index.js';
export { Producer as ProducerClient } from './core/producer/producer.js';
export { TransactionStates } from './core/producer/send-result.js';
export { PushConsumer, type PushConsumerConfig } from './core/consumer/push/push-consumer.js';
export {
  ack,
  nack,
  type BatchHandler,
  type ConsumerHandler,
  type HandlerResult,
  type MessageHandler,
  type StreamAck,
  type StreamHandler,
} from './core/consumer/push/handlers.js';
export type { ConsumerEvent, QueueOffset, RebalanceReason } from './core/consumer/push/events.js';
export type { ConsumerStats, QueueStats } from './core/consumer/push/stats.js';
export { ConsumerError, type ConsumerErrorKind } from './core/consumer/push/errors.js';
export { PullConsumer, type PullConsumerRuntime } from './core/consumer/pull/pull-consumer.js';
export type { PullConsumerOptions, ResolvedPullConsumerOptions } from './core/consumer/pull/options.js';
export type { PullConsumerEvent } from './core/consumer/pull/events.js';
export { PullConsumerError, type PullConsumerErrorKind } from './core/consumer/pull/errors.js';
export type { LocalOffsetStorage, RemotingPort } from './core/ports/broker-port.js';
export { BrokerResponseError, isBrokerResponseError } from './core/ports/errors.js';

// ── Decorators: @Consumer, @Producer, interceptors, the app ────────────────────────────────────────────────────────
export * from './decorators/index.js';
// The decorators win the two names core also uses; core's are exported as ProducerClient and LocalTransactionFn.
export { LocalTransaction, Producer } from './decorators/index.js';
export type { LocalTransaction as LocalTransactionFn } from './core/producer/transaction.js';

// ── Adapters: the embedded broker, the native client ───────────────────────────────────────────────────────────────
export { startEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions, type EngineOptions } from './adapters/embedded/index.js';
export { createRemotingClient, type RemotingClient, type RemotingClientOptions } from './adapters/remoting/client/index.js';

/** The remoting client options of a client instance (TLS, credentials, serialization … from its client options). */
function remotingOptionsOf(config: ClientInstanceConfig): RemotingClientOptions {
  const o = config.options;
  const out: RemotingClientOptions = {
    nameServers: [...config.nameServers],
    tls: o.tls,
    serializeType: o.serialization,
    requestTimeoutMs: o.requestTimeoutMs,
    language: o.language,
    version: o.version,
  };
  if (o.credentials !== undefined) out.credentials = o.credentials;
  if (o.clientIp !== undefined) out.clientIp = o.clientIp;
  if (o.unitName !== undefined) out.unitName = o.unitName;
  return out;
}

/** Opens the native remoting client for a client instance: the `PortFactory` every factory below uses. */
export const nativePortFactory: PortFactory = (config) => createRemotingClient(remotingOptionsOf(config));

/** The native adapters for the decorators' module. */
export function nativeAdapters(): RocketMQAdapters {
  return {
    portFactory: nativePortFactory,
    startBroker: (options) => startEmbeddedBroker(options as EmbeddedBrokerOptions),
    localOffsets: (dir) => createLocalOffsetStorage(dir),
  };
}

/** `RocketMQModule` options: the decorators' options, with typed embedded-broker options. */
export type RocketMQModuleOptions = Omit<BaseModuleOptions, 'embedded'> & {
  /** Start the embedded broker for the app's lifetime (on a free loopback port), optionally with these options. */
  embedded?: boolean | EmbeddedBrokerOptions;
};

/**
 * The inversify module of a rocketmq-rx application, wired to the native remoting client and the embedded broker.
 *
 * @example
 * const container = new Container();
 * container.bind(OrderService).toSelf().inSingletonScope();
 * await container.load(RocketMQModule({ nameServer: '127.0.0.1:9876' }));   // or { embedded: true }
 * const app = createRocketMQApp(container);
 * await app.start();
 */
export function RocketMQModule(options: RocketMQModuleOptions): ContainerModule {
  const client = { ...(options.client ?? {}) };
  if (client.clientIp === undefined) client.clientIp = detectClientIp();
  return createRocketMQModule({ ...options, client } as BaseModuleOptions, nativeAdapters());
}

/** A producer over the native client: `new ProducerClient(options, { portFactory: nativePortFactory, ...runtime })`. */
export function createProducer(options: ProducerOptions, runtime: Partial<ProducerRuntime> = {}): CoreProducer {
  return new CoreProducer(options, { portFactory: nativePortFactory, ...runtime });
}

/** A pull consumer over the native client. */
export function createPullConsumer(options: PullConsumerOptions, runtime: Partial<PullConsumerRuntime> = {}): PullConsumer {
  return new PullConsumer(options, { portFactory: nativePortFactory, ...runtime });
}

/** How {@link createPushConsumer} reaches the world (all optional). */
export interface PushConsumerFactoryRuntime {
  /** Share client instances with producers and other consumers. Default: a registry of this consumer's own. */
  readonly registry?: ClientRegistry;
  readonly codecs?: CodecRegistry;
  readonly scheduler?: SchedulerLike;
  /** Root of broadcasting offset files (default `~/.rocketmq_offsets`). */
  readonly localOffsetDir?: string;
}

function clientPart(options: ClientOptions & Record<string, unknown>): ClientOptions {
  const keys = Object.keys(CLIENT_DEFAULTS);
  return Object.fromEntries(Object.entries(options).filter(([k]) => keys.includes(k))) as ClientOptions;
}

/** A push consumer over the native client; `subscribe(...)` then `start()`. */
export function createPushConsumer<T = unknown>(options: ConsumerOptions, handler: ConsumerHandler<T>, runtime: PushConsumerFactoryRuntime = {}): PushConsumer<T> {
  const scheduler = runtime.scheduler ?? asyncScheduler;
  const registry = runtime.registry ?? new ClientRegistry();
  const instance = registry.acquire(clientInstanceConfig(resolveClientOptions(clientPart(options)), scheduler), nativePortFactory);
  return new PushConsumer<T>({
    instance,
    options,
    handler,
    scheduler,
    localOffsets: createLocalOffsetStorage(runtime.localOffsetDir),
    ...(runtime.codecs === undefined ? {} : { codecs: runtime.codecs }),
  });
}
