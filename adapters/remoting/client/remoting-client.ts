import type { CallOptions, Cancelable, ClientRequestHandlers, LocalOffsetStorage, RemotingPort, Reply, SendRequest, SendResponse } from '../../../core/ports/broker-port.js';
import type { TopicRouteData } from '../../../core/ports/route.js';
import type { UniqueIdGenerator } from '../protocol/message/message-id.js';
import type { ConnectOptions } from '../transport/connect.js';
import { ConnectionPool, type ConnectionPoolOptions } from '../transport/pool.js';
import { createAclHook } from './acl-hook.js';
import { BrokerClient } from './broker-client.js';
import { createLocalOffsetStorage } from './local-offset-storage.js';
import { NameServerClient } from './name-server-client.js';
import { resolveRemotingClientOptions, type RemotingClientOptions, type ResolvedRemotingClientOptions } from './options.js';
import { installPushHandlers } from './push-handlers.js';
import { Rpc } from './rpc.js';
import { createProcessUniqueIdGenerator, detectClientIp } from './unique-id.js';

/** The native adapter: core's `RemotingPort` over TCP, plus the local offset files and the detected client IP. */
export interface RemotingClient extends RemotingPort {
  /** Broadcasting consumers' offset files under `localOffsetDir`. */
  readonly localOffsets: LocalOffsetStorage;
  /** The IP for client ids: the `clientIp` option, or the one detected from the network interfaces. */
  readonly clientIp: string;
  /** The `unitName` option, if any. */
  readonly unitName: string | undefined;
  /** The connection pool (its `events$` report connects, failures and every connection event). */
  readonly pool: ConnectionPool;
  /** Always present here (optional in the port). */
  sendTo(addr: string, req: SendRequest, timeoutMs: number, reply: Reply<SendResponse>): Cancelable;
}

function poolOptions(options: ResolvedRemotingClientOptions): ConnectionPoolOptions {
  const { tls, transport = {} } = options;
  const connect: ConnectOptions = {};
  if (tls !== undefined && tls !== false) connect.tls = tls;
  if (transport.connectTimeoutMs !== undefined) connect.connectTimeoutMs = transport.connectTimeoutMs;
  if (transport.idleTimeoutMs !== undefined) connect.idleTimeoutMs = transport.idleTimeoutMs;
  if (transport.clock !== undefined) connect.clock = transport.clock;
  const pool: ConnectionPoolOptions = { connect };
  if (transport.connector !== undefined) pool.connector = transport.connector;
  if (transport.backoff !== undefined) pool.backoff = transport.backoff;
  if (transport.clock !== undefined) pool.clock = transport.clock;
  return pool;
}

/** The facade: the broker methods inherited, the name-server, unique-id, handler and lifecycle methods delegated. */
class NativeRemotingClient extends BrokerClient implements RemotingClient {
  private handlers: ClientRequestHandlers | undefined;

  constructor(
    rpc: Rpc,
    private readonly nameServer: NameServerClient,
    private readonly uniqueIds: UniqueIdGenerator,
    readonly pool: ConnectionPool,
    readonly localOffsets: LocalOffsetStorage,
    readonly clientIp: string,
    readonly unitName: string | undefined,
  ) {
    super(rpc);
    installPushHandlers(pool, () => this.handlers);
  }

  getRouteInfo(topic: string, opts?: CallOptions): Promise<TopicRouteData> {
    return this.nameServer.getRouteInfo(topic, opts);
  }

  nextUniqueId(): string {
    return this.uniqueIds.next();
  }

  setHandlers(handlers: ClientRequestHandlers): void {
    this.handlers = handlers;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Creates the remoting client: a thin facade over a connection pool (one connection per broker / name server), the
 * name-server client (route look-ups with fail-over), the broker client (one method per request), the processors for
 * broker-pushed requests, ACL signing when credentials are given, and this process's UNIQ_KEY generator.
 * Nothing connects until the first call; `close()` releases every connection (idempotent).
 * @throws RemotingClientError `invalid-option` naming the option.
 */
export function createRemotingClient(options: RemotingClientOptions): RemotingClient {
  const resolved = resolveRemotingClientOptions(options);
  const pool = new ConnectionPool(poolOptions(resolved));
  const { serializeType, language, version, requestTimeoutMs } = resolved;
  const rpc = new Rpc({ pool, serializeType, language, version, requestTimeoutMs, hook: createAclHook(resolved.credentials) });
  return new NativeRemotingClient(
    rpc,
    new NameServerClient(rpc, resolved.nameServers, resolved.random),
    createProcessUniqueIdGenerator({ random: resolved.random }),
    pool,
    createLocalOffsetStorage(resolved.localOffsetDir),
    resolved.clientIp ?? detectClientIp(),
    resolved.unitName,
  );
}
