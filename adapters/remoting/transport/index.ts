/** The remoting transport: connections over any duplex stream, TCP/TLS connect, a pool per address, a server. */
export { parseAddress, formatAddress, type HostPort } from './address.js';
export { exponentialBackoff, type BackoffPolicy, type ExponentialBackoffOptions } from './backoff.js';
export { systemClock, type Clock, type TimerHandle } from './clock.js';
export { connect, DEFAULT_CONNECT_TIMEOUT_MS, type ConnectOptions, type Connector } from './connect.js';
export { Connection } from './connection.js';
export {
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_QUEUED_BYTES,
  type ConnectionOptions,
  type RequestOptions,
} from './connection-options.js';
export { TransportError, type TransportErrorKind } from './errors.js';
export type { CloseReason, ConnectionClosed, ConnectionEvent, ConnectionStats } from './events.js';
export { createMemoryPair, type MemoryPairOptions } from './memory.js';
export { ConnectionPool, type ConnectionPoolOptions, type PoolEvent } from './pool.js';
export { ProcessorRegistry, type Processor } from './processors.js';
export { RemotingServer, type ListenOptions, type RemotingServerOptions, type ServerEvent } from './server.js';
