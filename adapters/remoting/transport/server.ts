import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { Subject, Subscription, type Observable } from 'rxjs';
import { type ConnectionOptions, SOCKET_WRITE_HIGH_WATER_MARK } from './connection-options.js';
import { Connection } from './connection.js';
import { TransportError } from './errors.js';
import type { ConnectionEvent } from './events.js';
import { ProcessorRegistry, type Processor } from './processors.js';

/** Where and how {@link RemotingServer.listen} listens. */
export interface ListenOptions {
  /** Loopback by default. */
  host?: string;
  /** 0 (default) picks a free port; read it from the result. */
  port?: number;
  /** TLS server options (key, cert …); plain TCP when absent. */
  tls?: TlsOptions;
}

/** Options of {@link RemotingServer}: applied to every accepted connection. */
export interface RemotingServerOptions {
  connection?: Omit<ConnectionOptions, 'processors' | 'address'>;
}

/** What a server reports on `events$`. */
export type ServerEvent =
  | { readonly type: 'connection'; readonly connection: Connection }
  | { readonly type: 'connection-event'; readonly connection: Connection; readonly event: ConnectionEvent }
  | { readonly type: 'tls-error'; readonly error: Error }
  | { readonly type: 'server-error'; readonly error: Error };

/**
 * Accepts remoting connections (TCP or TLS) and wraps each in a {@link Connection} that dispatches
 * pushed requests to this server's processors by code. A malformed frame closes only its own
 * connection (reported once as a `connection-event` carrying `protocol-error`).
 */
export class RemotingServer {
  private server: Server | undefined;
  private readonly live = new Set<Connection>();
  private readonly sockets = new Set<Socket>();
  private readonly processors = new ProcessorRegistry();
  private readonly connectionSubject = new Subject<Connection>();
  private readonly eventSubject = new Subject<ServerEvent>();
  private readonly subscriptions = new Subscription();
  private closing: Promise<void> | undefined;

  /** Each accepted connection, once wrapped. */
  readonly connection$: Observable<Connection> = this.connectionSubject.asObservable();
  /** Accepts, every accepted connection's events, TLS handshake and server errors. */
  readonly events$: Observable<ServerEvent> = this.eventSubject.asObservable();

  constructor(private readonly options: RemotingServerOptions = {}) {}

  /** The open connections. */
  get connections(): ReadonlySet<Connection> {
    return this.live;
  }

  /** Handles requests with `code` on every connection. */
  setProcessor(code: number, processor: Processor): void {
    this.processors.set(code, processor);
  }

  /** Handles requests whose code has no processor; otherwise they are answered `REQUEST_CODE_NOT_SUPPORTED`. */
  setDefaultProcessor(processor: Processor | undefined): void {
    this.processors.setDefault(processor);
  }

  /** Starts listening; resolves with the bound host and port. Rejects with `listen-failed`. */
  listen(options: ListenOptions = {}): Promise<{ host: string; port: number }> {
    const { host = '127.0.0.1', port = 0, tls } = options;
    if (this.server !== undefined || this.closing !== undefined) {
      return Promise.reject(new TransportError('listen-failed', 'server is already listening or closed', { host, port }));
    }
    // Accepted TCP sockets buffer as much as the client's before reporting back-pressure (see SOCKET_WRITE_HIGH_WATER_MARK).
    const server = tls === undefined ? createNetServer({ highWaterMark: SOCKET_WRITE_HIGH_WATER_MARK }) : createTlsServer(tls);
    this.server = server;
    server.on('connection', (socket: Socket) => this.track(socket));
    server.on(tls === undefined ? 'connection' : 'secureConnection', (socket: Socket) => this.accept(socket));
    server.on('tlsClientError', (error: Error) => this.eventSubject.next({ type: 'tls-error', error }));
    return new Promise((resolve, reject) => {
      const onError = (cause: Error): void =>
        reject(new TransportError('listen-failed', `cannot listen on ${host}:${port}: ${cause.message}`, { host, port }, { cause }));
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        server.on('error', (error: Error) => this.eventSubject.next({ type: 'server-error', error }));
        const bound = server.address() as AddressInfo;
        resolve({ host: bound.address, port: bound.port });
      });
    });
  }

  /** Stops listening and closes every connection. Idempotent; resolves when all are closed. */
  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection = new Connection(socket, { ...this.options.connection, processors: this.processors });
    if (this.closing !== undefined) {
      void connection.close();
      return;
    }
    this.live.add(connection);
    this.subscriptions.add(
      connection.events$.subscribe({
        next: (event) => this.eventSubject.next({ type: 'connection-event', connection, event }),
        complete: () => this.live.delete(connection),
      }),
    );
    this.eventSubject.next({ type: 'connection', connection });
    this.connectionSubject.next(connection);
  }

  private async closeAll(): Promise<void> {
    const server = this.server;
    // close()'s callback error only says "was not listening", which is fine here.
    const stopped = new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    await Promise.all([...this.live].map((connection) => connection.close()));
    for (const socket of this.sockets) socket.destroy();
    await stopped;
    this.subscriptions.unsubscribe();
    this.connectionSubject.complete();
    this.eventSubject.complete();
  }
}
