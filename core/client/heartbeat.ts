import { exhaustMap, from, type SchedulerLike, type Subscription, timer } from 'rxjs';
import type { BrokerPort } from '../ports/broker-port.js';
import type { ConsumerData, HeartbeatData } from '../ports/heartbeat.js';
import { MASTER_ID } from '../ports/route.js';
import type { ReportEvent } from './events.js';
import { Lifetime } from './lifetime.js';

/** The producer group every Java client instance registers (it sends consumer retries and internal messages). */
export const CLIENT_INNER_PRODUCER_GROUP = 'CLIENT_INNER_PRODUCER';

/** Builds the HEART_BEAT body: every producer group (always `CLIENT_INNER_PRODUCER` too) and every consumer. */
export function buildHeartbeatData(clientId: string, producerGroups: Iterable<string>, consumers: Iterable<ConsumerData>): HeartbeatData {
  const groups = new Set([...producerGroups, CLIENT_INNER_PRODUCER_GROUP]);
  return {
    clientID: clientId,
    producerDataSet: [...groups].map((groupName) => ({ groupName })),
    consumerDataSet: [...consumers],
  };
}

/**
 * Where a heartbeat goes (shared/protocol §4.6): every broker address, slaves included, when the client has a
 * consumer; only masters when it has producers only.
 */
export function heartbeatTargets(brokers: ReadonlyMap<string, Readonly<Record<string, string>>>, withConsumers: boolean): string[] {
  const targets = new Set<string>();
  for (const addrs of brokers.values()) {
    for (const [id, addr] of Object.entries(addrs)) if (withConsumers || id === MASTER_ID) targets.add(addr);
  }
  return [...targets];
}

export interface HeartbeatOptions {
  port: Pick<BrokerPort, 'heartbeat'>;
  requestTimeoutMs: number;
  /** The broker table to send to (broker name → id → address). */
  brokers: () => ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** The registration to send, built fresh for each round. */
  data: () => HeartbeatData;
  report: ReportEvent;
}

/** Sends the client's registration to its brokers, every period and on demand. Failures are reported, not thrown. */
export class Heartbeat {
  private readonly lifetime = new Lifetime();

  constructor(private readonly options: HeartbeatOptions) {}

  /** One round to every target broker (or to `only`, when given); resolves when every broker answered or failed. */
  async send(only?: readonly string[]): Promise<void> {
    const data = this.options.data();
    const targets = heartbeatTargets(this.options.brokers(), data.consumerDataSet.length > 0);
    const chosen = only ? targets.filter((a) => only.includes(a)) : targets;
    await Promise.all(chosen.map((addr) => this.sendOne(addr, data)));
  }

  /** A round after `periodMs` and then every `periodMs`; a round still running makes the next tick skip. */
  start(periodMs: number, scheduler: SchedulerLike): Subscription {
    const sub = timer(periodMs, periodMs, scheduler)
      .pipe(exhaustMap(() => from(this.send())))
      .subscribe();
    return this.lifetime.track(sub);
  }

  /** Stops the timer and abandons heartbeats in flight. Idempotent. */
  close(): void {
    this.lifetime.dispose();
  }

  private async sendOne(addr: string, data: HeartbeatData): Promise<void> {
    if (this.lifetime.isDisposed) return;
    const { signal, release } = this.lifetime.abortController();
    try {
      await this.options.port.heartbeat(addr, data, { timeoutMs: this.options.requestTimeoutMs, signal });
    } catch (error) {
      if (!signal.aborted) this.options.report({ type: 'heartbeat-failed', address: addr, error });
    } finally {
      release();
    }
  }
}
