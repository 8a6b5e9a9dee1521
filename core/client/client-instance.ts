import { type Observable, type SchedulerLike, Subject } from 'rxjs';
import type { ConsumerData } from '../ports/heartbeat.js';
import type { ResolvedClientOptions } from '../options/option-types.js';
import type { RemotingPort } from '../ports/broker-port.js';
import { BrokerRequestRouter, type ConsumerRequestHandler, type ProducerRequestHandler } from './broker-requests.js';
import { ClientError } from './errors.js';
import type { ClientEvent } from './events.js';
import { buildHeartbeatData, CLIENT_INNER_PRODUCER_GROUP, Heartbeat } from './heartbeat.js';
import { Lifetime } from './lifetime.js';
import { RouteTable } from './route-table.js';

/** What a client instance needs to run (resolved options; see `resolveClientOptions`). */
export interface ClientInstanceConfig {
  /** `<ip>@<instanceName>[@<unitName>]`. */
  readonly clientId: string;
  readonly nameServers: readonly string[];
  readonly routeRefreshIntervalMs: number;
  readonly heartbeatIntervalMs: number;
  /** Timeout of route, heartbeat and unregister calls. */
  readonly requestTimeoutMs: number;
  /** Runs the refresh and heartbeat timers (virtual time in tests). */
  readonly scheduler: SchedulerLike;
  /** Every client option, for the port factory (TLS, credentials, serialization …). */
  readonly options: ResolvedClientOptions;
}

/** A consumer's registration: its heartbeat entry (read each round) and its answers to broker requests. */
export interface ConsumerRegistration {
  consumerData(): ConsumerData;
  readonly handler: ConsumerRequestHandler;
}

type State = 'idle' | 'running' | 'closing' | 'closed';

/**
 * One client per (name server list, client id), shared by the producers and consumers of a process like the Java
 * `MQClientInstance`: it owns the `RemotingPort` (one connection per broker), the route table, the heartbeat and the
 * router of broker-pushed requests. `start()`/`shutdown()` are reference-counted: the first start opens the port
 * and timers, the last shutdown unregisters, stops them and closes the port.
 */
export class ClientInstance {
  readonly clientId: string;
  readonly routes: RouteTable;
  private readonly events = new Subject<ClientEvent>();
  private readonly router: BrokerRequestRouter;
  private readonly heartbeat: Heartbeat;
  private readonly lifetime = new Lifetime();
  private readonly producers = new Map<string, ProducerRequestHandler | undefined>();
  private readonly consumers = new Map<string, ConsumerRegistration>();
  private state: State = 'idle';
  private refs = 0;
  private closing: Promise<void> | undefined;
  private openPort: RemotingPort | undefined;

  /**
   * `portFactory` is called once, by the first `start()`; `onClosed` runs once the last user has shut the instance
   * down (the registry forgets it then).
   */
  constructor(
    readonly config: ClientInstanceConfig,
    private readonly portFactory: () => RemotingPort,
    private readonly onClosed: () => void = () => undefined,
  ) {
    this.clientId = config.clientId;
    const report = (e: ClientEvent) => this.events.next(e);
    this.routes = new RouteTable({ port: { getRouteInfo: (t, o) => this.port.getRouteInfo(t, o) }, requestTimeoutMs: config.requestTimeoutMs, report });
    this.router = new BrokerRequestRouter(report);
    this.heartbeat = new Heartbeat({
      port: { heartbeat: (a, d, o) => this.port.heartbeat(a, d, o) },
      requestTimeoutMs: config.requestTimeoutMs,
      brokers: () => this.routes.brokers(),
      data: () => buildHeartbeatData(this.clientId, this.producers.keys(), [...this.consumers.values()].map((c) => c.consumerData())),
      report,
    });
  }

  /** The adapter: opened by the first `start()`, closed by the last `shutdown()`. */
  get port(): RemotingPort {
    if (this.openPort && this.state !== 'closed') return this.openPort;
    const why = this.state === 'idle' ? 'not started' : 'shut down';
    throw new ClientError('client-shut-down', `the client instance is ${why}`, { clientId: this.clientId, state: this.state });
  }

  /** Route changes and survived failures; completes when the instance closes. */
  get events$(): Observable<ClientEvent> {
    return this.events.asObservable();
  }

  /** Timers, subscriptions and requests this instance still owns (0 once closed). */
  get liveResources(): number {
    return this.lifetime.live;
  }

  /** How many users have started and not yet shut down this instance. */
  get users(): number {
    return this.refs;
  }

  /** Adds a user; the first one installs the broker-request router and starts the refresh and heartbeat timers. */
  async start(): Promise<void> {
    if (this.state === 'closing' || this.state === 'closed') {
      throw new ClientError('client-shut-down', 'the client instance is shut down', { clientId: this.clientId });
    }
    if (this.state === 'running') {
      this.refs += 1;
      return;
    }
    const port = this.portFactory();
    this.openPort = port;
    this.refs += 1;
    this.state = 'running';
    port.setHandlers(this.router);
    this.lifetime.track(this.routes.startRefresh(this.config.routeRefreshIntervalMs, this.config.scheduler));
    this.lifetime.track(this.heartbeat.start(this.config.heartbeatIntervalMs, this.config.scheduler));
    this.lifetime.track(this.routes.brokerAddressesAdded$().subscribe((addrs) => void this.heartbeat.send(addrs)));
  }

  /** Removes a user; the last one unregisters from every broker, stops the timers and closes the port. */
  shutdown(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.state !== 'running') return Promise.resolve();
    this.refs = Math.max(0, this.refs - 1);
    if (this.refs > 0) return Promise.resolve();
    this.state = 'closing';
    this.closing = this.close();
    return this.closing;
  }

  /** Registers a producer group (and its transaction-check handler). Throws if the group is taken. */
  registerProducer(group: string, handler?: ProducerRequestHandler): void {
    if (this.producers.has(group)) throw this.taken('producer', group);
    this.producers.set(group, handler);
    this.router.setProducer(group, handler);
  }

  /** Forgets a producer group and sends UNREGISTER_CLIENT for it to every broker (failures become events). */
  async unregisterProducer(group: string): Promise<void> {
    if (!this.producers.delete(group)) return;
    this.router.setProducer(group, undefined);
    await this.unregisterEverywhere({ producerGroup: group });
  }

  /** Registers a consumer group (heartbeat entry and broker-request answers). Throws if the group is taken. */
  registerConsumer(group: string, registration: ConsumerRegistration): void {
    if (this.consumers.has(group)) throw this.taken('consumer', group);
    this.consumers.set(group, registration);
    this.router.setConsumer(group, registration.handler);
  }

  /** Forgets a consumer group and sends UNREGISTER_CLIENT for it to every broker (failures become events). */
  async unregisterConsumer(group: string): Promise<void> {
    if (!this.consumers.delete(group)) return;
    this.router.setConsumer(group, undefined);
    await this.unregisterEverywhere({ consumerGroup: group });
  }

  /** A heartbeat round now (after a registration or a subscription change). */
  sendHeartbeat(): Promise<void> {
    return this.heartbeat.send();
  }

  private async close(): Promise<void> {
    this.lifetime.dispose();
    this.heartbeat.close();
    await this.unregisterEverywhere({ producerGroup: CLIENT_INNER_PRODUCER_GROUP });
    this.routes.close();
    try {
      await this.port.close();
    } finally {
      this.state = 'closed';
      this.events.complete();
      this.onClosed();
    }
  }

  private async unregisterEverywhere(group: { producerGroup?: string; consumerGroup?: string }): Promise<void> {
    if (!this.openPort || this.state === 'closed') return;
    const addrs = new Set<string>();
    for (const ids of this.routes.brokers().values()) for (const addr of Object.values(ids)) addrs.add(addr);
    const name = group.producerGroup ?? group.consumerGroup ?? '';
    await Promise.all(
      [...addrs].map((address) =>
        this.port.unregisterClient(address, this.clientId, group).catch((error: unknown) => {
          this.events.next({ type: 'unregister-failed', address, group: name, error });
        }),
      ),
    );
  }

  private taken(role: string, group: string): ClientError {
    return new ClientError('group-already-registered', `the ${role} group ${group} is already registered on client ${this.clientId}`, {
      group,
      role,
      clientId: this.clientId,
    });
  }
}
