import type { SchedulerLike } from 'rxjs';
import type { PayloadCodec } from '../core/codec/payload-codec.js';
import { resolveClientOptions } from '../core/defaults.js';
import type { ClientOptions, Credentials } from '../core/options/option-types.js';
import { AppError } from './errors.js';
import type { HandlerInterceptor } from './interceptor-types.js';
import { consoleLogger, type RocketMQLogger } from './logger.js';
import type { Constructor } from './metadata.js';
import { errorText } from './validate.js';

/** Client settings beyond the common ones (timeouts, intervals, serialization …), as the core client takes them. */
export type ExtraClientOptions = Omit<ClientOptions, 'nameServer' | 'instanceName' | 'namespace' | 'credentials' | 'tls'>;

/**
 * Options of `RocketMQModule`: where the cluster is (`nameServer`, or `embedded` to start the embedded broker on a
 * free loopback port for the app's lifetime) and what every client of the app shares.
 */
export interface RocketMQModuleOptions {
  /** Name servers: `'host:port;host:port'` or a list. Required unless `embedded`. */
  nameServer?: string | readonly string[];
  /** Start the embedded broker (with these options, e.g. `{ engine: { … } }`) when the app starts; stop it when it stops. */
  embedded?: boolean | Readonly<Record<string, unknown>>;
  /** The instance part of the client id (`<ip>@<clientId>`). Default: `<pid>#<start time>`; give two apps in one process different ids. */
  clientId?: string;
  /** ACL 1.0 credentials; every request is signed. */
  credentials?: Credentials;
  /** TLS for every connection. */
  tls?: boolean;
  /** Resources become `<namespace>%<name>` on the wire. */
  namespace?: string;
  /** Where the app logs (default: warnings and errors to the console). */
  logger?: RocketMQLogger;
  /** Custom payload codecs (referred to by name in `codec` options). */
  codecs?: readonly PayloadCodec[];
  /** Interceptors around every handler (outermost). */
  interceptors?: readonly HandlerInterceptor[];
  /** Classes to include even if the container shows them only as dynamic values (each must be bound). */
  include?: readonly Constructor[];
  /**
   * Create the topics the app consumes (and its producers' default topics) with UPDATE_AND_CREATE_TOPIC when they do
   * not exist yet, before consumers subscribe (`queues` per broker, default 4). Default: on with `embedded`, off for a
   * real cluster (where topics are usually managed by operators).
   */
  autoCreateTopics?: boolean | { readonly queues?: number };
  /** Root directory of broadcasting consumers' offset files (default `~/.rocketmq_offsets`). */
  localOffsetDir?: string;
  /** Further client settings (request timeout, heartbeat interval, serialization, client IP …). */
  client?: ExtraClientOptions;
  /** Timers of every client (virtual time in tests). */
  scheduler?: SchedulerLike;
}

/** The module options with defaults applied and checked. */
export interface ResolvedModuleOptions extends Omit<RocketMQModuleOptions, 'nameServer' | 'logger' | 'codecs' | 'interceptors' | 'include'> {
  readonly nameServer: string | undefined;
  readonly logger: RocketMQLogger;
  readonly codecs: readonly PayloadCodec[];
  readonly interceptors: readonly HandlerInterceptor[];
  readonly include: readonly Constructor[];
}

function invalid(message: string, context: Record<string, unknown>, cause?: unknown): AppError {
  return new AppError('invalid-module-options', `RocketMQModule: ${message}`, context, cause === undefined ? undefined : { cause });
}

/** Applies defaults and checks the options eagerly (throws `AppError('invalid-module-options')`). */
export function resolveModuleOptions(options: RocketMQModuleOptions): ResolvedModuleOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object', { options });
  const nameServer = Array.isArray(options.nameServer) ? options.nameServer.join(';') : (options.nameServer as string | undefined);
  if (!options.embedded && (nameServer === undefined || nameServer.trim() === '')) {
    throw invalid("give nameServer ('host:port;host:port') or embedded: true", { nameServer: options.nameServer });
  }
  if (options.embedded && nameServer !== undefined) throw invalid('give nameServer or embedded, not both', { nameServer });
  const queues = typeof options.autoCreateTopics === 'object' ? options.autoCreateTopics.queues : undefined;
  if (queues !== undefined && (!Number.isInteger(queues) || queues < 1 || queues > 1024)) {
    throw invalid('autoCreateTopics.queues must be an integer in [1, 1024]', { queues });
  }
  try {
    resolveClientOptions(clientOptionsOf({ ...options, nameServer: nameServer ?? '127.0.0.1:9876' }));
  } catch (cause) {
    throw invalid(errorText(cause), {}, cause);
  }
  return Object.freeze({
    ...options,
    nameServer,
    logger: options.logger ?? consoleLogger('warn'),
    codecs: options.codecs ?? [],
    interceptors: options.interceptors ?? [],
    include: options.include ?? [],
  });
}

/** The core client options of the app, for a known name server address. */
export function clientOptionsOf(o: Pick<RocketMQModuleOptions, 'clientId' | 'credentials' | 'tls' | 'namespace' | 'client'> & { nameServer: string }): ClientOptions {
  const out: ClientOptions = { ...(o.client ?? {}), nameServer: o.nameServer };
  if (o.clientId !== undefined) out.instanceName = o.clientId;
  if (o.credentials !== undefined) out.credentials = o.credentials;
  if (o.tls !== undefined) out.tls = o.tls;
  if (o.namespace !== undefined) out.namespace = o.namespace;
  return out;
}
