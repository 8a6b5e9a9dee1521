import type { TopicConfigRecord } from '../store/message-store.js';
import type { BrokerCore } from './broker-core.js';
import { RepeatingTask } from './clock.js';
import type { ResolvedBrokerConfig } from './config.js';
import { emitSafely, type EngineEventSink } from './events.js';
import type { BrokerRegistrar } from './registrar.js';
import type { BrokerRegistration } from './route-table.js';

/**
 * The broker's periodic work, each a `RepeatingTask` on the broker's timers: the transaction check, the client
 * expiry scan and the name-server registration (plus the immediate oneway re-registration after a topic is created).
 */
export class BrokerTasks {
  private readonly tasks: RepeatingTask[];
  private active = false;

  constructor(
    core: BrokerCore,
    private readonly config: ResolvedBrokerConfig,
    private readonly options: { registrar?: BrokerRegistrar; onEvent?: EngineEventSink },
    private readonly registration: () => BrokerRegistration,
  ) {
    const task = (interval: number, where: string, run: () => void | Promise<void>) =>
      new RepeatingTask(core.timers, interval, run, (error) => this.report(where, error));
    this.tasks = [
      task(config.transactionCheckIntervalMs, 'transaction-check', () => core.checker.checkOnce()),
      task(config.channelScanIntervalMs, 'client-expiry', () => core.clients.expire(config.channelExpiryMs)),
    ];
    if (options.registrar !== undefined) {
      this.tasks.push(task(config.registerPeriodMs, 'register-broker', () => this.register(false)));
    }
  }

  async start(): Promise<void> {
    this.active = true;
    for (const t of this.tasks) t.start();
    if (this.options.registrar !== undefined) await this.register(false).catch((error: unknown) => this.report('register-broker', error));
  }

  /** Stops every task; unregisters from the name server when the broker had been running. */
  async stop(unregister: boolean): Promise<void> {
    this.active = false;
    await Promise.all(this.tasks.map((t) => t.stop()));
    if (!unregister || this.options.registrar === undefined) return;
    const { clusterName, brokerName, brokerAddr, brokerId } = this.config;
    try {
      await this.options.registrar.unregister({ clusterName, brokerName, brokerAddr, brokerId });
    } catch (error) {
      this.report('unregister-broker', error);
    }
  }

  /** A topic was created: re-register at once (oneway), as a real broker does. */
  topicCreated(_topic: TopicConfigRecord): void {
    if (!this.active || this.options.registrar === undefined) return;
    this.register(true).catch((error: unknown) => this.report('register-broker', error));
  }

  private async register(oneway: boolean): Promise<void> {
    await this.options.registrar!.register(this.registration(), oneway);
  }

  private report(where: string, error: unknown): void {
    emitSafely(this.options.onEvent, { type: 'error', where, error });
  }
}
