import { Subject, Subscription, type Observable } from 'rxjs';
import { exponentialBackoff, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { connect, type ConnectOptions, type Connector } from './connect.js';
import type { Connection } from './connection.js';
import { TransportError } from './errors.js';
import type { ConnectionEvent } from './events.js';
import { ProcessorRegistry, type Processor } from './processors.js';

/** Options of {@link ConnectionPool}. */
export interface ConnectionPoolOptions {
  /** Options for every connection the pool opens (TLS, timeouts, idle …). */
  connect?: ConnectOptions;
  /** How connections are opened; {@link connect} by default (tests pass an in-memory connector). */
  connector?: Connector;
  /** Delay after consecutive connect failures; default 100 ms doubling to 5 s with jitter. */
  backoff?: BackoffPolicy;
  /** Time source for the backoff window. */
  clock?: Clock;
}

/** What a pool reports on `events$`. */
export type PoolEvent =
  | { readonly type: 'connected'; readonly address: string; readonly connection: Connection }
  | { readonly type: 'connect-failed'; readonly address: string; readonly error: unknown; readonly failures: number; readonly retryAt: number }
  | { readonly type: 'connection'; readonly address: string; readonly event: ConnectionEvent };

interface Failure {
  readonly count: number;
  readonly retryAt: number;
  readonly error: unknown;
}

/**
 * One live connection per address. Concurrent `get`s share one connect attempt; a closed connection is
 * replaced on the next `get`. After a failed connect the address backs off: a `get` before the retry
 * time rejects at once with `connect-failed` (context: address, failures, retryAt; cause: the last
 * error) instead of waiting — the caller (e.g. a producer) can pick another broker meanwhile. There is
 * no background reconnect and so no timer: the next `get` after the window tries again.
 */
export class ConnectionPool {
  private readonly live = new Map<string, Connection>();
  private readonly connecting = new Map<string, Promise<Connection>>();
  private readonly failures = new Map<string, Failure>();
  private readonly processors = new ProcessorRegistry();
  private readonly eventSubject = new Subject<PoolEvent>();
  private readonly subscriptions = new Subscription();
  private readonly connector: Connector;
  private readonly backoff: BackoffPolicy;
  private readonly clock: Clock;
  private closing: Promise<void> | undefined;
  /** What {@link current} answered last (a connection that closed is not answered again: its `isOpen` is false). */
  private lastCurrent: { readonly address: string; readonly connection: Connection } | undefined;

  /** Pool events: connects, connect failures, and every event of every pooled connection. */
  readonly events$: Observable<PoolEvent> = this.eventSubject.asObservable();

  constructor(private readonly options: ConnectionPoolOptions = {}) {
    this.connector = options.connector ?? connect;
    this.backoff = options.backoff ?? exponentialBackoff();
    this.clock = options.clock ?? systemClock;
  }

  /** Live connections by address. */
  get connections(): ReadonlyMap<string, Connection> {
    return new Map([...this.live].filter(([, connection]) => connection.isOpen));
  }

  /** Installs a processor for broker-pushed requests on every connection of this pool, current and future. */
  setProcessor(code: number, processor: Processor): void {
    this.processors.set(code, processor);
  }

  /** Sets the processor for pushed requests whose code has none. */
  setDefaultProcessor(processor: Processor | undefined): void {
    this.processors.setDefault(processor);
  }

  /** The live connection to `address`, connecting (once, shared by concurrent callers) if there is none. */
  get(address: string): Promise<Connection> {
    const open = this.current(address);
    if (open !== undefined) return Promise.resolve(open);
    if (this.closing !== undefined) return Promise.reject(new TransportError('closed', 'connection pool is closed', { address }));
    const pending = this.connecting.get(address);
    if (pending !== undefined) return pending;
    const backingOff = this.backingOff(address);
    if (backingOff !== undefined) return Promise.reject(backingOff);
    const attempt = this.open(address);
    this.connecting.set(address, attempt);
    return attempt;
  }

  /** The open connection to `address`, if there is one now (no connect is started): `get`'s path without a Promise. */
  current(address: string): Connection | undefined {
    if (this.closing !== undefined) return undefined;
    // Requests go to one broker after another: the last open connection answered, without a Map lookup.
    const last = this.lastCurrent;
    if (last !== undefined && last.address === address && last.connection.isOpen) return last.connection;
    const live = this.live.get(address);
    if (live === undefined || !live.isOpen) return undefined;
    this.lastCurrent = { address, connection: live };
    return live;
  }

  /** Closes the connection to `address` (e.g. after a timeout); the next `get` reconnects. */
  async closeConnection(address: string): Promise<void> {
    await this.live.get(address)?.close();
  }

  /** Closes every connection and waits for connect attempts under way. Idempotent; leaves no timers or sockets. */
  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private backingOff(address: string): TransportError | undefined {
    const failure = this.failures.get(address);
    const now = this.clock.now();
    if (failure === undefined || now >= failure.retryAt) return undefined;
    const context = { address, failures: failure.count, retryAt: failure.retryAt, retryInMs: failure.retryAt - now };
    const message = `connect to ${address} failed ${failure.count} time(s); next attempt in ${failure.retryAt - now} ms`;
    return new TransportError('connect-failed', message, context, { cause: failure.error });
  }

  private async open(address: string): Promise<Connection> {
    let connection: Connection;
    try {
      connection = await this.connector(address, { ...this.options.connect, processors: this.processors });
    } catch (error) {
      this.connecting.delete(address);
      this.recordFailure(address, error);
      throw error;
    }
    this.connecting.delete(address);
    if (this.closing !== undefined) {
      await connection.close();
      throw new TransportError('closed', 'connection pool closed while connecting', { address });
    }
    this.failures.delete(address);
    this.adopt(address, connection);
    return connection;
  }

  private recordFailure(address: string, error: unknown): void {
    const count = (this.failures.get(address)?.count ?? 0) + 1;
    const retryAt = this.clock.now() + this.backoff(count);
    this.failures.set(address, { count, retryAt, error });
    this.eventSubject.next({ type: 'connect-failed', address, error, failures: count, retryAt });
  }

  private adopt(address: string, connection: Connection): void {
    this.live.set(address, connection);
    this.eventSubject.next({ type: 'connected', address, connection });
    // A finished subscription removes itself from `subscriptions`, so nothing accumulates.
    this.subscriptions.add(
      connection.events$.subscribe({
        next: (event) => this.eventSubject.next({ type: 'connection', address, event }),
        complete: () => {
          if (this.live.get(address) === connection) this.live.delete(address);
          // A closed connection is not held on to by the memo of `current` either.
          if (this.lastCurrent?.connection === connection) this.lastCurrent = undefined;
        },
      }),
    );
  }

  private async closeAll(): Promise<void> {
    await Promise.allSettled([...this.connecting.values()]);
    await Promise.all([...this.live.values()].map((connection) => connection.close()));
    this.live.clear();
    this.lastCurrent = undefined;
    this.subscriptions.unsubscribe();
    this.eventSubject.complete();
  }
}
