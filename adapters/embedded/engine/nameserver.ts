import { ResponseCode } from '../../remoting/protocol/codes.js';
import type { TopicRouteData } from '../../../core/ports/route.js';
import { RepeatingTask, systemScheduler, TimerSet, type EngineScheduler } from './clock.js';
import { EngineError } from './errors.js';
import { emitSafely, type EngineEventSink } from './events.js';
import { DONE, failure, FAQ_SUFFIX, type Done, type Failure } from './outcome.js';
import { RouteTable, type BrokerIdentity, type BrokerRegistration, type ClusterInfo } from './route-table.js';

export interface NameServerOptions {
  scheduler?: EngineScheduler;
  /** A broker not heard from for this long is dropped (120 s), checked every `scanIntervalMs` (10 s). */
  brokerExpiryMs?: number;
  scanIntervalMs?: number;
  onEvent?: EngineEventSink;
}

export interface RouteResult {
  readonly code: typeof ResponseCode.SUCCESS;
  readonly route: TopicRouteData;
}

export interface ClusterInfoResult {
  readonly code: typeof ResponseCode.SUCCESS;
  readonly clusterInfo: ClusterInfo;
}

/** REGISTER_BROKER's answer: a slave learns its master's address. */
export interface RegisterBrokerResult {
  readonly code: typeof ResponseCode.SUCCESS;
  readonly masterAddr?: string;
  readonly haServerAddr?: string;
}

/**
 * The embedded name server (Java `NamesrvController` + `RouteInfoManager`): brokers register (several per name
 * server, several clusters), clients ask for routes and cluster info. Independent of any broker, so one process can
 * run one name server and several brokers. `start()` owns the expiry scan; `close()` releases it.
 */
export class NameServer {
  private readonly table = new RouteTable();
  private readonly scheduler: EngineScheduler;
  private readonly timers: TimerSet;
  private readonly scan: RepeatingTask;
  private readonly expiryMs: number;

  constructor(options: NameServerOptions = {}) {
    this.scheduler = options.scheduler ?? systemScheduler;
    this.timers = new TimerSet(this.scheduler);
    this.expiryMs = positive('brokerExpiryMs', options.brokerExpiryMs ?? 120_000);
    const interval = positive('scanIntervalMs', options.scanIntervalMs ?? 10_000);
    this.scan = new RepeatingTask(this.timers, interval, () => this.expireBrokers(), (error) =>
      emitSafely(options.onEvent, { type: 'error', where: 'nameserver-scan', error }),
    );
  }

  start(): void {
    this.scan.start();
  }

  async close(): Promise<void> {
    await this.scan.stop();
    this.timers.clearAll();
  }

  registerBroker(reg: BrokerRegistration): RegisterBrokerResult {
    return { code: ResponseCode.SUCCESS, ...this.table.register(reg, this.scheduler.now()) };
  }

  unregisterBroker(id: BrokerIdentity): Done {
    this.table.unregister(id);
    return DONE;
  }

  /** GET_ROUTEINFO_BY_TOPIC. */
  routeData(topic: string): RouteResult | Failure<typeof ResponseCode.TOPIC_NOT_EXIST> {
    const route = this.table.route(topic);
    if (route === undefined) {
      return failure(ResponseCode.TOPIC_NOT_EXIST, `No topic route info in name server for the topic: ${topic}${FAQ_SUFFIX}`);
    }
    return { code: ResponseCode.SUCCESS, route };
  }

  /** GET_BROKER_CLUSTER_INFO. */
  clusterInfo(): ClusterInfoResult {
    return { code: ResponseCode.SUCCESS, clusterInfo: this.table.clusterInfo() };
  }

  /** Every topic some broker serves (GET_ALL_TOPIC_LIST_FROM_NAMESERVER). */
  topics(): string[] {
    return this.table.topics();
  }

  /** Drops brokers silent for longer than the expiry (the periodic scan calls it). */
  expireBrokers(): void {
    for (const id of this.table.expired(this.scheduler.now() - this.expiryMs)) this.table.unregister(id);
  }
}

function positive(option: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new EngineError('invalid-config', `name server option ${option} must be a positive integer`, { option, value });
  }
  return value;
}
