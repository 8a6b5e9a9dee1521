import { isIP, type NetConnectOpts, Socket, connect as netConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { parseAddress, type HostPort } from './address.js';
import { systemClock } from './clock.js';
import { type ConnectionOptions, SOCKET_WRITE_HIGH_WATER_MARK } from './connection-options.js';
import { Connection } from './connection.js';
import { ReadArena } from './read-arena.js';
import { TransportError } from './errors.js';

/** Java's default connect timeout (3 s). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;

/**
 * Options of {@link connect}: the socket's, plus those of the {@link Connection} it is wrapped in (except its read
 * source, which `connect` sets up).
 */
export interface ConnectOptions extends Omit<ConnectionOptions, 'reads'> {
  /** `true` for TLS with Node's defaults (certificate verified), or explicit `tls.connect` options. */
  tls?: TlsConnectionOptions | true;
  /** Reject with `connect-timeout` when the TCP (and TLS) handshake takes longer. Default 3000. */
  connectTimeoutMs?: number;
}

/** How a pool opens connections; {@link connect} by default, an in-memory fake in tests. */
export type Connector = (address: string, options: ConnectOptions) => Promise<Connection>;

/**
 * Opens a TCP (or TLS) connection to `"host:port"` / `"[v6]:port"`, with Nagle off, and wraps it in a
 * {@link Connection}. Rejects with `connect-failed` (cause: the socket error), `connect-timeout` or
 * `invalid-address`; a failed attempt leaves no socket or timer behind.
 */
export async function connect(address: string, options: ConnectOptions = {}): Promise<Connection> {
  const target = parseAddress(address);
  // Plain TCP reads into arenas (TLS sockets have no `onread`: they keep their 'data' events).
  const reads = options.tls === undefined ? new ReadArena() : undefined;
  const socket = await openSocket(address, target, options, reads);
  socket.setNoDelay(true);
  return new Connection(socket, { ...options, address: options.address ?? address, ...(reads === undefined ? {} : { reads }) });
}

function openSocket(address: string, target: HostPort, options: ConnectOptions, reads: ReadArena | undefined): Promise<Socket> {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const socket = startSocket(target, options.tls, reads);
  const readyEvent = options.tls === undefined ? 'connect' : 'secureConnect';
  return new Promise((resolve, reject) => {
    const settle = (error?: TransportError): void => {
      clock.clearTimeout(timer);
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      if (error === undefined) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const onReady = (): void => settle();
    const onError = (cause: Error): void =>
      settle(new TransportError('connect-failed', `connect to ${address} failed: ${cause.message}`, { address }, { cause }));
    const onTimeout = (): void =>
      settle(new TransportError('connect-timeout', `connect to ${address} timed out after ${timeoutMs} ms`, { address, timeoutMs }));
    const timer = clock.setTimeout(onTimeout, timeoutMs);
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
  });
}

function startSocket(target: HostPort, tls: TlsConnectionOptions | true | undefined, reads: ReadArena | undefined): Socket {
  const { host, port } = target;
  if (tls === undefined) {
    // net.Socket hands its options to stream.Duplex, which takes writableHighWaterMark (not in @types/node's NetConnectOpts).
    const options: NetConnectOpts & { writableHighWaterMark: number } = {
      host,
      port,
      writableHighWaterMark: SOCKET_WRITE_HIGH_WATER_MARK,
      ...(reads === undefined ? {} : { onread: reads.onread }),
    };
    return netConnect(options);
  }
  const tlsOptions = tls === true ? {} : tls;
  const servername = tlsOptions.servername ?? (isIP(host) === 0 ? host : undefined);
  // tls.connect takes one high-water mark for both directions (reads are consumed as they come, in flowing mode).
  const options: TlsConnectionOptions & { highWaterMark: number } = {
    highWaterMark: SOCKET_WRITE_HIGH_WATER_MARK,
    ...tlsOptions,
    host,
    port,
    ...(servername === undefined ? {} : { servername }),
  };
  return tlsConnect(options);
}
