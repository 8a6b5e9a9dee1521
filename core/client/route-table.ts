import { BehaviorSubject, defer, Subject, distinctUntilChanged, exhaustMap, filter, from, type Observable, type SchedulerLike, type Subscription, timer } from 'rxjs';
import { TEMPLATE_TOPIC } from '../message/namespace.js';
import type { NameServerPort } from '../ports/broker-port.js';
import { isBrokerResponseError } from '../ports/errors.js';
import type { TopicRouteData } from '../ports/route.js';
import { MASTER_ID, TOPIC_NOT_EXIST } from '../ports/route.js';
import { ClientError } from './errors.js';
import type { ReportEvent } from './events.js';
import { Lifetime } from './lifetime.js';
import { defaultTopicRouteFor, deriveTopicRoute, routeFingerprint, type TopicRoute } from './topic-route.js';

export interface RouteTableOptions {
  port: NameServerPort;
  /** Timeout of each GET_ROUTEINFO_BY_TOPIC call. */
  requestTimeoutMs: number;
  report: ReportEvent;
}

interface TopicEntry {
  readonly route: BehaviorSubject<TopicRoute | undefined>;
  /** The route's value as a plain field (read once per send; the subject's getter checks its state each time). */
  current: TopicRoute | undefined;
  fingerprint: string | undefined;
}

/**
 * Topic → route, with the derived publish/subscribe queue lists and the broker address table. Routes come from the
 * name servers on demand and on every refresh tick; a failed refresh keeps the last route and is reported as an
 * event, never as an error on `route$`. Unknown topics fall back to `TBW102`'s route for sending only
 * (`publishRoute`), like the Java producer, so that the broker auto-creates them.
 */
export class RouteTable {
  private readonly entries = new Map<string, TopicEntry>();
  private readonly fallbacks = new Map<string, TopicRoute>();
  private readonly pending = new Map<string, Promise<TopicRoute>>();
  private readonly lifetime = new Lifetime();
  private readonly knownAddresses = new Set<string>();
  private readonly addressesAdded = new Subject<string[]>();
  /** Counts the changes of routes and fallbacks; {@link publishable}'s last answer holds while it stays. */
  private version = 0;
  private lastPublishable: { readonly topic: string; readonly version: number; readonly route: TopicRoute | undefined } | undefined;

  constructor(private readonly options: RouteTableOptions) {}

  /** Broker addresses seen for the first time in a new route (the client heartbeats them at once). */
  brokerAddressesAdded$(): Observable<string[]> {
    return this.addressesAdded.asObservable();
  }

  /**
   * The topic's route now and whenever it changes (hot, shared, replays the latest). Subscribing asks the name
   * servers at once if no route is known yet. Never errors; completes when the table closes.
   */
  route$(topic: string): Observable<TopicRoute> {
    return defer(() => {
      const entry = this.entry(topic);
      if (entry.route.value === undefined) void this.refresh(topic);
      return entry.route;
    }).pipe(
      filter((r): r is TopicRoute => r !== undefined),
      distinctUntilChanged(),
    );
  }

  /** The last known (real) route of a topic. */
  current(topic: string): TopicRoute | undefined {
    return this.entries.get(topic)?.current;
  }

  /** Topics this table keeps fresh. */
  topics(): string[] {
    return [...new Set([...this.entries.keys(), ...this.fallbacks.keys()])];
  }

  /** Fetches one topic's route now; failures are reported and resolve to `undefined`. */
  async refresh(topic: string): Promise<TopicRoute | undefined> {
    try {
      return await this.fetch(topic);
    } catch (error) {
      this.options.report({ type: 'route-refresh-failed', topic, error });
      return undefined;
    }
  }

  /** Refreshes every known topic (one at a time, like the Java client's timer task). */
  async refreshAll(): Promise<void> {
    for (const topic of this.topics()) {
      if (this.lifetime.isDisposed) return;
      await this.refresh(topic);
    }
  }

  /** Refreshes every known topic after `periodMs` and then every `periodMs`; overlapping ticks are skipped. */
  startRefresh(periodMs: number, scheduler: SchedulerLike): Subscription {
    const sub = timer(periodMs, periodMs, scheduler)
      .pipe(exhaustMap(() => from(this.refreshAll())))
      .subscribe();
    return this.lifetime.track(sub);
  }

  /**
   * The route to send to: the known route, or a fresh one, or — when the name servers do not know the topic —
   * the template topic's (`TBW102`) route cut to `defaultTopicQueueNums` queues per broker. Rejects with a `ClientError('no-route')`.
   */
  async publishRoute(topic: string, defaultTopicQueueNums: number, templateTopic = TEMPLATE_TOPIC): Promise<TopicRoute> {
    const ready = this.publishable(topic);
    if (ready !== undefined) return ready;
    try {
      return await this.fetch(topic);
    } catch (error) {
      if (!isBrokerResponseError(error) || error.code !== TOPIC_NOT_EXIST) throw this.noRoute(topic, error);
    }
    return this.fallbackRoute(topic, defaultTopicQueueNums, templateTopic);
  }

  /**
   * What {@link publishRoute} answers at once, without asking anyone: the known route when it has queues to write
   * to, else the template topic's route made for this topic earlier (until the topic's own route exists).
   */
  publishable(topic: string): TopicRoute | undefined {
    // A producer's sends ask for one topic after another: its last answer, until a route or fallback changes.
    const last = this.lastPublishable;
    if (last !== undefined && last.topic === topic && last.version === this.version) return last.route;
    const known = this.current(topic);
    const route = known !== undefined && known.publishQueues.length > 0 ? known : this.fallbacks.get(topic);
    this.lastPublishable = { topic, version: this.version, route };
    return route;
  }

  /** Every broker of every known route: broker name → id → address. */
  brokers(): Map<string, Readonly<Record<string, string>>> {
    const all = new Map<string, Record<string, string>>();
    const routes = [...this.entries.values()].map((e) => e.route.value).concat([...this.fallbacks.values()]);
    for (const route of routes) {
      for (const [name, addrs] of route?.brokers ?? []) all.set(name, { ...all.get(name), ...addrs });
    }
    return all;
  }

  /** The master address of a broker, if a known route lists one. */
  masterAddr(brokerName: string): string | undefined {
    return this.brokers().get(brokerName)?.[MASTER_ID];
  }

  /** Aborts pending fetches, stops the refresh timer and completes every `route$`. Idempotent. */
  close(): void {
    this.lifetime.dispose();
    for (const entry of this.entries.values()) entry.route.complete();
    this.addressesAdded.complete();
  }

  private entry(topic: string): TopicEntry {
    let entry = this.entries.get(topic);
    if (!entry) {
      entry = { route: new BehaviorSubject<TopicRoute | undefined>(undefined), current: undefined, fingerprint: undefined };
      if (this.lifetime.isDisposed) entry.route.complete();
      this.entries.set(topic, entry);
    }
    return entry;
  }

  private async fallbackRoute(topic: string, queueNums: number, templateTopic: string): Promise<TopicRoute> {
    let template: TopicRouteData;
    try {
      template = await this.getRouteInfo(templateTopic);
    } catch (error) {
      throw this.noRoute(topic, error);
    }
    const route = defaultTopicRouteFor(topic, template, queueNums);
    if (route.publishQueues.length === 0) throw this.noRoute(topic, undefined);
    this.fallbacks.set(topic, route);
    this.version++;
    this.options.report({ type: 'route-fallback', topic, route });
    this.noteAddresses(route);
    return route;
  }

  /** One GET_ROUTEINFO_BY_TOPIC per topic at a time; concurrent callers share it. */
  private fetch(topic: string): Promise<TopicRoute> {
    let pending = this.pending.get(topic);
    if (!pending) {
      pending = this.getRouteInfo(topic)
        .then((data) => this.store(topic, data))
        .finally(() => this.pending.delete(topic));
      this.pending.set(topic, pending);
    }
    return pending;
  }

  private async getRouteInfo(topic: string): Promise<TopicRouteData> {
    if (this.lifetime.isDisposed) throw new ClientError('client-shut-down', 'the client instance is shut down', { topic });
    const { signal, release } = this.lifetime.abortController();
    try {
      return await this.options.port.getRouteInfo(topic, { timeoutMs: this.options.requestTimeoutMs, signal });
    } finally {
      release();
    }
  }

  private store(topic: string, data: TopicRouteData): TopicRoute {
    const entry = this.entry(topic);
    const fingerprint = routeFingerprint(data);
    if (entry.fingerprint === fingerprint && entry.route.value) return entry.route.value;
    const route = deriveTopicRoute(topic, data);
    entry.fingerprint = fingerprint;
    this.fallbacks.delete(topic);
    entry.current = route;
    this.version++;
    entry.route.next(route);
    this.options.report({ type: 'route-changed', topic, route });
    this.noteAddresses(route);
    return route;
  }

  private noteAddresses(route: TopicRoute): void {
    const added: string[] = [];
    for (const ids of route.brokers.values()) {
      for (const addr of Object.values(ids)) {
        if (!this.knownAddresses.has(addr)) added.push(addr);
        this.knownAddresses.add(addr);
      }
    }
    if (added.length > 0) this.addressesAdded.next(added);
  }

  private noRoute(topic: string, cause: unknown): ClientError {
    return new ClientError('no-route', `no route for topic ${topic}`, { topic }, { cause });
  }
}
