import { defer, exhaustMap, from, map, type Observable, type SchedulerLike, type Subscription, timer } from 'rxjs';
import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import type { BrokerPort } from '../../ports/broker-port.js';
import { ConsumerError } from './errors.js';
import type { ReportConsumerEvent } from './events.js';
import type { QueueSession } from './queue-session.js';

/** What the lock keeper needs. */
export interface LockContext {
  readonly group: string;
  readonly clientId: string;
  readonly port: () => Pick<BrokerPort, 'lockBatch' | 'unlockBatch'>;
  readonly masterAddr: (brokerName: string) => string | undefined;
  readonly requestTimeoutMs: number;
  readonly lockExpiryMs: number;
  readonly scheduler: SchedulerLike;
  readonly report: ReportConsumerEvent;
  /** The sessions owned now. */
  readonly sessions: () => readonly QueueSession[];
  /** A queue became locked (its consumption may resume). */
  readonly onLocked: (session: QueueSession) => void;
}

/**
 * The broker locks of an orderly clustering consumer (shared/protocol §8.10): a queue is locked on its broker's
 * master (LOCK_BATCH_MQ) before it is pulled, every lock is renewed every `lockRenewIntervalMs` (batched per broker;
 * queues missing from the answer are unlocked locally and reported as `lock-lost`), a lock older than
 * `lockExpiryMs` counts as lost, and queues are unlocked (UNLOCK_BATCH_MQ) when released and at shutdown.
 */
export class LockKeeper {
  constructor(private readonly ctx: LockContext) {}

  /** Whether the session's lock is held and not expired. */
  isHeld(session: QueueSession): boolean {
    return session.pq.locked && !session.pq.isLockExpired(this.ctx.lockExpiryMs);
  }

  /** Locks one queue now; emits whether it is locked. Failures and refusals are reported as `lock-failed`. */
  lock$(session: QueueSession): Observable<boolean> {
    return defer(() => from(this.lockQueues(session.queue.brokerName, [session]))).pipe(map((locked) => locked.includes(session)));
  }

  /** Renews every owned queue's lock after `firstDelayMs` and then every `periodMs`. */
  start(firstDelayMs: number, periodMs: number): Subscription {
    return timer(firstDelayMs, periodMs, this.ctx.scheduler)
      .pipe(exhaustMap(() => from(this.renewAll())))
      .subscribe();
  }

  /** One renewal round over every owned queue, one request per broker. */
  async renewAll(): Promise<void> {
    const byBroker = groupBy(this.ctx.sessions().filter((s) => !s.stopped), (s) => s.queue.brokerName);
    await Promise.all([...byBroker].map(([brokerName, sessions]) => this.lockQueues(brokerName, sessions)));
  }

  /** Unlocks queues (one request per broker); failures are reported, not thrown. */
  async unlock(queues: readonly MessageQueue[], oneway: boolean): Promise<void> {
    const byBroker = groupBy(queues, (q) => q.brokerName);
    await Promise.all(
      [...byBroker].map(async ([brokerName, mqs]) => {
        try {
          await this.ctx.port().unlockBatch(this.addrOf(brokerName), this.ctx.group, this.ctx.clientId, mqs, oneway);
        } catch (error) {
          for (const queue of mqs) this.ctx.report({ type: 'lock-failed', queue, error });
        }
      }),
    );
  }

  /** Returns the sessions now locked. */
  private async lockQueues(brokerName: string, sessions: readonly QueueSession[]): Promise<QueueSession[]> {
    let lockedKeys: Set<string>;
    try {
      const mqs = sessions.map((s) => s.queue);
      const locked = await this.ctx.port().lockBatch(this.addrOf(brokerName), this.ctx.group, this.ctx.clientId, mqs, {
        timeoutMs: this.ctx.requestTimeoutMs,
      });
      lockedKeys = new Set(locked.map(queueKey));
    } catch (error) {
      for (const s of sessions) this.ctx.report({ type: 'lock-failed', queue: s.queue, error });
      return [];
    }
    return sessions.filter((s) => this.apply(s, lockedKeys.has(s.key)));
  }

  private apply(session: QueueSession, locked: boolean): boolean {
    const wasHeld = this.isHeld(session);
    if (locked) {
      session.pq.markLocked();
      if (!wasHeld) this.ctx.onLocked(session);
      return true;
    }
    if (session.pq.locked) {
      session.pq.markUnlocked();
      this.ctx.report({ type: 'lock-lost', queue: session.queue });
    } else {
      this.ctx.report({ type: 'lock-failed', queue: session.queue });
    }
    return false;
  }

  private addrOf(brokerName: string): string {
    const addr = this.ctx.masterAddr(brokerName);
    if (addr === undefined) throw new ConsumerError('broker-not-found', `no master address known for broker ${brokerName}`, { brokerName });
    return addr;
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}
