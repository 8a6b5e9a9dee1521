import type { Container } from 'inversify';
import { asyncScheduler, type Observable, ReplaySubject, Subject } from 'rxjs';
import type { ClientRegistry } from '../core/client/client-registry.js';
import type { CodecRegistry } from '../core/codec/codec-registry.js';
import type { PushConsumer } from '../core/consumer/push/push-consumer.js';
import type { AppEvent } from './app-events.js';
import { logEvent } from './app-logging.js';
import { Bootstrapper } from './bootstrapper.js';
import { BoundProducer } from './bound-producer.js';
import type { ProducerDefinition } from './definitions.js';
import { AppError, DecoratorError } from './errors.js';
import { explore } from './explorer.js';
import { type GroupPlan, mergeGroups } from './group-merger.js';
import { InstanceCache } from './instances.js';
import type { Constructor } from './metadata.js';
import type { ResolvedModuleOptions } from './module-options.js';
import { planProducers, producerGroupOf, type ProducerPlan } from './producer-plan.js';
import { installShutdownHooks, type ShutdownHookOptions } from './shutdown-hooks.js';
import { ROCKETMQ_TOKENS, type RocketMQAdapters } from './tokens.js';
import { errorText } from './validate.js';

/** Where an app is in its life. */
export type AppState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** What `ready$` emits once the app runs. */
export interface AppReady {
  /** The name server address the clients use (the embedded broker's, with `embedded`). */
  readonly nameServer: string;
}

/** A summary of what the app wires (for logs and tests). */
export interface AppDescription {
  readonly consumers: readonly { readonly group: string; readonly subscriptions: Readonly<Record<string, string>>; readonly handlers: readonly string[] }[];
  readonly producers: readonly { readonly group: string; readonly classes: readonly string[] }[];
}

/**
 * A RocketMQ application: the decorated classes of a container, wired to producers and merged group consumers.
 * `start()` starts them (and the embedded broker, if asked); `stop()` stops them gracefully (pulls stop, in-flight
 * handlers drain, offsets are persisted, clients unregister). Both are idempotent and shared by concurrent callers.
 */
export interface RocketMQApp {
  readonly state: AppState;
  /** Emits once when the app runs (replayed to late subscribers) and completes; errors if the start fails. */
  readonly ready$: Observable<AppReady>;
  /** Lifecycle and client events; completes after `stop()`. */
  readonly events$: Observable<AppEvent>;
  describe(): AppDescription;
  /** The bound producer of a `@Producer` class. */
  producer<T = unknown>(cls: Constructor): BoundProducer<T>;
  /** The core push consumer of a group (while running), e.g. for `stats()`, `pause()` or `assignment$`. */
  consumer(group: string): PushConsumer | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Opt-in: stop the app on SIGINT / SIGTERM (then re-raise the signal so the process exits as usual). Returns a
   * function that removes the hooks; they are removed by `stop()` too. A stop that fails on a signal is logged at
   * error through the module logger unless `opts.onStopFailed` says otherwise.
   */
  enableShutdownHooks(opts?: ShutdownHookOptions): () => void;
}

/**
 * Discovers the decorated classes bound in `container` (which must have `RocketMQModule` loaded), merges consumer
 * groups, checks every declaration (throwing `DecoratorError` now rather than at start) and binds each producer
 * class's `@InjectProducer()` token. Nothing connects until `start()`.
 */
export function createRocketMQApp(container: Container): RocketMQApp {
  if (!container.isBound(ROCKETMQ_TOKENS.options)) {
    throw new AppError('module-not-loaded', 'load RocketMQModule(options) into the container before createRocketMQApp(container)', {});
  }
  const options = container.get<ResolvedModuleOptions>(ROCKETMQ_TOKENS.options);
  const found = explore(container, { include: options.include });
  const groups = mergeGroups(found.handlers);
  const producers = planProducers(found.producers);
  const bound = new Map<ProducerDefinition, BoundProducer>();
  for (const def of found.producers) {
    const producer = new BoundProducer(def.className, producerGroupOf(def), def.options.topic);
    bound.set(def, producer);
    if (container.isBound(def.token)) container.unbindSync(def.token);
    container.bind(def.token).toConstantValue(producer);
  }
  return new App(container, options, groups, producers, bound);
}

class App implements RocketMQApp {
  private current: AppState = 'created';
  private readonly ready = new ReplaySubject<AppReady>(1);
  private readonly events = new Subject<AppEvent>();
  private readonly bootstrapper: Bootstrapper;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private removeHooks: (() => void) | undefined;

  constructor(
    container: Container,
    private readonly options: ResolvedModuleOptions,
    private readonly groups: readonly GroupPlan[],
    private readonly producers: readonly ProducerPlan[],
    private readonly bound: ReadonlyMap<ProducerDefinition, BoundProducer>,
  ) {
    const ctx = {
      container,
      options,
      adapters: container.get<RocketMQAdapters>(ROCKETMQ_TOKENS.adapters),
      registry: container.get<ClientRegistry>(ROCKETMQ_TOKENS.clientRegistry),
      codecs: container.get<CodecRegistry>(ROCKETMQ_TOKENS.codecs),
      scheduler: options.scheduler ?? asyncScheduler,
      instances: new InstanceCache(container),
      report: (e: AppEvent) => this.events.next(e),
    };
    this.bootstrapper = new Bootstrapper(ctx, { groups, producers, bound: (def) => this.bound.get(def)! });
    this.events.subscribe((e) => logEvent(options.logger, e));
  }

  get state(): AppState {
    return this.current;
  }

  get ready$(): Observable<AppReady> {
    return this.ready.asObservable();
  }

  get events$(): Observable<AppEvent> {
    return this.events.asObservable();
  }

  describe(): AppDescription {
    return {
      consumers: this.groups.map((g) => ({
        group: g.group,
        subscriptions: Object.fromEntries([...g.topics.values()].map((t) => [t.topic, t.expression])),
        handlers: g.members.map((m) => `${m.className}.${m.method}`),
      })),
      producers: this.producers.map((p) => ({ group: p.group, classes: p.members.map((m) => m.className) })),
    };
  }

  producer<T = unknown>(cls: Constructor): BoundProducer<T> {
    for (const [def, producer] of this.bound) if (def.owner.cls === cls) return producer as BoundProducer<T>;
    throw new DecoratorError('not-bound', `${cls.name} is not a @Producer class bound in this app's container`, { target: cls.name });
  }

  consumer(group: string): PushConsumer | undefined {
    return this.bootstrapper.consumer(group);
  }

  start(): Promise<void> {
    if (this.current === 'running') return Promise.resolve();
    if (this.current === 'starting') return this.starting!;
    if (this.current !== 'created') return Promise.reject(new AppError('app-stopped', 'the app was stopped; create a new one to start again', { state: this.current }));
    this.current = 'starting';
    this.events.next({ type: 'starting' });
    this.starting = this.bootstrapper.start().then(
      (nameServer) => {
        if (this.current !== 'starting') return;
        this.current = 'running';
        this.events.next({ type: 'started', nameServer });
        this.ready.next({ nameServer });
        this.ready.complete();
      },
      (cause: unknown) => {
        const error = new AppError('start-failed', `the app could not start: ${errorText(cause)}`, {}, { cause });
        this.events.next({ type: 'start-failed', error });
        this.ready.error(error);
        this.current = 'stopped';
        this.events.complete();
        throw error;
      },
    );
    return this.starting;
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.removeHooks?.();
    if (this.current === 'created' || this.current === 'stopped') {
      this.current = 'stopped';
      this.ready.complete();
      this.events.complete();
      return Promise.resolve();
    }
    this.stopping = this.stopAfterStart();
    return this.stopping;
  }

  enableShutdownHooks(opts?: ShutdownHookOptions): () => void {
    this.removeHooks?.();
    const onStopFailed = (error: unknown, signal: NodeJS.Signals) => this.options.logger.error(`stopping on ${signal} failed`, { error });
    const remove = installShutdownHooks(() => this.stop(), { onStopFailed, ...opts });
    this.removeHooks = remove;
    return remove;
  }

  private async stopAfterStart(): Promise<void> {
    await this.starting?.catch(() => undefined);
    if (this.current === 'stopped') return;
    this.current = 'stopping';
    this.events.next({ type: 'stopping' });
    try {
      await this.bootstrapper.stop();
    } finally {
      this.current = 'stopped';
      this.events.next({ type: 'stopped' });
      this.events.complete();
      this.ready.complete();
    }
  }
}
