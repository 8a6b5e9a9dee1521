import type { PortFactory } from '../core/client/client-registry.js';
import type { LocalOffsetStorage } from '../core/ports/broker-port.js';

/**
 * Injection tokens of the RocketMQ module. The decorators never import an adapter: the composition root (the
 * package's `index.ts`) passes the adapter factories in, and the module binds them under these tokens.
 */
export const ROCKETMQ_TOKENS = Object.freeze({
  /** The resolved {@link RocketMQModuleOptions}. */
  options: Symbol.for('rocketmq-rx/options'),
  /** {@link RocketMQAdapters}: how to open a `RemotingPort`, start an embedded broker, store local offsets. */
  adapters: Symbol.for('rocketmq-rx/adapters'),
  /** The app's shared `ClientRegistry` (one client instance per name server list and client id). */
  clientRegistry: Symbol.for('rocketmq-rx/client-registry'),
  /** The app's `CodecRegistry` (built-ins plus the module's `codecs`). */
  codecs: Symbol.for('rocketmq-rx/codecs'),
  /** The app's {@link RocketMQLogger}. */
  logger: Symbol.for('rocketmq-rx/logger'),
});

/** A running embedded broker as the app needs it: where clients reach it, and how to stop it. */
export interface EmbeddedBrokerHandle {
  /** `host:port` of its name server. */
  readonly address: string;
  close(): Promise<void>;
}

/** Starts an embedded broker with the given options (the root passes `startEmbeddedBroker`). */
export type BrokerStarter = (options: Record<string, unknown>) => Promise<EmbeddedBrokerHandle>;

/** The adapter factories the composition root plugs into the decorators' module. */
export interface RocketMQAdapters {
  /** Opens the remoting adapter of a client instance (the root passes `createRemotingClient`). */
  readonly portFactory: PortFactory;
  /** Starts an embedded broker, for `embedded` module options. */
  readonly startBroker?: BrokerStarter;
  /** Where broadcasting consumers keep offsets (`dir` from the module's `localOffsetDir`). */
  readonly localOffsets?: (dir: string | undefined) => LocalOffsetStorage;
}
