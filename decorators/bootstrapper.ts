import { clientInstanceConfig } from '../core/client/client-config.js';
import type { PushConsumer } from '../core/consumer/push/push-consumer.js';
import { resolveClientOptions } from '../core/defaults.js';
import type { ClientOptions } from '../core/options/option-types.js';
import { wrapNamespace } from '../core/message/namespace.js';
import type { BoundProducer } from './bound-producer.js';
import { startConsumer } from './consumer-runner.js';
import type { ProducerDefinition } from './definitions.js';
import { AppError } from './errors.js';
import type { GroupPlan } from './group-merger.js';
import { clientOptionsOf } from './module-options.js';
import type { ProducerPlan } from './producer-plan.js';
import { startProducer } from './producer-runner.js';
import { ensureTopics } from './topic-setup.js';
import { errorText } from './validate.js';
import type { Closer, WiringContext } from './wiring-context.js';

/** What the bootstrapper wires: the merged consumer groups, the producer groups and the bound producers. */
export interface BootstrapPlan {
  readonly groups: readonly GroupPlan[];
  readonly producers: readonly ProducerPlan[];
  readonly bound: (def: ProducerDefinition) => BoundProducer;
}

const DEFAULT_TOPIC_QUEUES = 4;

/**
 * Wires the discovered declarations to the core (NestJS's "wire" step) and owns what it starts: the embedded broker
 * (if asked), the producers, then the consumers; `stop()` stops them in the reverse order — consumers first (they
 * drain in-flight handlers, which may still send), then producers, then the broker. A failed start stops what had
 * started before rejecting.
 */
export class Bootstrapper {
  private readonly closers: Closer[] = [];
  private readonly running = new Map<string, PushConsumer>();

  constructor(
    private readonly ctx: WiringContext,
    private readonly plan: BootstrapPlan,
  ) {}

  /** The core consumer of a group (after start). */
  consumer(group: string): PushConsumer | undefined {
    return this.running.get(group);
  }

  /** Starts everything; resolves with the name server address the clients use. */
  async start(): Promise<string> {
    try {
      const nameServer = await this.cluster();
      const clientOptions = clientOptionsOf({ ...this.ctx.options, nameServer });
      await this.topics(clientOptions);
      for (const p of this.plan.producers) this.closers.push(await startProducer(this.ctx, p, clientOptions, this.plan.bound));
      await this.startConsumers(clientOptions);
      return nameServer;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops everything started, last first; a failure is reported and the rest still stop. */
  async stop(): Promise<void> {
    for (let closer = this.closers.pop(); closer !== undefined; closer = this.closers.pop()) {
      try {
        await closer.close();
      } catch (error) {
        this.ctx.report({ type: 'stop-failed', what: closer.what, error });
      }
    }
    this.running.clear();
  }

  /** Starts the group consumers side by side; every one that started is stopped by `stop()`, even if another failed. */
  private async startConsumers(clientOptions: ClientOptions): Promise<void> {
    const started: Closer[] = [];
    this.closers.push({ what: 'consumers', close: () => this.closeAll(started) });
    const results = await Promise.allSettled(
      this.plan.groups.map(async (g) => {
        const c = await startConsumer(this.ctx, g, clientOptions);
        started.push(c);
        this.running.set(c.group, c.consumer);
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async closeAll(closers: readonly Closer[]): Promise<void> {
    const results = await Promise.allSettled(closers.map((c) => c.close()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') this.ctx.report({ type: 'stop-failed', what: closers[i]!.what, error: r.reason });
    });
  }

  private async cluster(): Promise<string> {
    const { options, adapters } = this.ctx;
    if (!options.embedded) return options.nameServer!;
    if (adapters.startBroker === undefined) {
      throw new AppError('invalid-module-options', 'embedded: true needs a broker starter; use RocketMQModule from the package root', {});
    }
    const extra = typeof options.embedded === 'object' ? options.embedded : {};
    const broker = await adapters.startBroker({ host: '127.0.0.1', port: 0, ...extra });
    this.closers.push({ what: 'embedded broker', close: () => broker.close() });
    this.ctx.report({ type: 'broker-started', address: broker.address });
    return broker.address;
  }

  /** Creates missing topics (when `autoCreateTopics` is on) through a short-lived port. */
  private async topics(clientOptions: ClientOptions): Promise<void> {
    const { options, adapters, scheduler } = this.ctx;
    const auto = options.autoCreateTopics ?? Boolean(options.embedded);
    if (!auto) return;
    const topics = [
      ...this.plan.groups.flatMap((g) => [...g.topics.keys()]),
      ...this.plan.producers.flatMap((p) => p.members.map((m) => m.options.topic).filter((t): t is string => t !== undefined)),
    ].map((t) => wrapNamespace(options.namespace, t));
    if (topics.length === 0) return;
    const queues = (typeof auto === 'object' ? auto.queues : undefined) ?? DEFAULT_TOPIC_QUEUES;
    const config = clientInstanceConfig(resolveClientOptions(clientOptions), scheduler);
    const port = adapters.portFactory(config);
    try {
      const result = await ensureTopics(port, topics, { queues, timeoutMs: config.requestTimeoutMs });
      this.ctx.report({ type: 'topics-ready', ...result });
    } catch (cause) {
      throw new AppError('start-failed', `could not create the app's topics: ${errorText(cause)}`, { topics }, { cause });
    } finally {
      await port.close();
    }
  }
}
