import { BehaviorSubject, distinctUntilChanged, type Observable, Subscription } from 'rxjs';
import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import type { RebalanceReason, ReportConsumerEvent } from './events.js';
import type { QueueSession } from './queue-session.js';
import { diffQueues } from './rebalance.js';

/** How a queue is given up. */
export interface ReleaseMode {
  /** Wait (bounded) for its running handlers before committing; otherwise abandon them. */
  readonly drain: boolean;
  /** Forget its in-memory offset after persisting it (clustering queue loss). */
  readonly forget: boolean;
  /** Unlock it at its broker (orderly clustering). */
  readonly unlock: boolean;
}

/** The steps of taking and giving up a queue, supplied by the consumer. */
export interface QueueLifecycle {
  /** Prepares a session (lock, start offset; `offset` skips the offset lookup); undefined if it cannot be taken now. */
  take(queue: MessageQueue, offset?: number): Promise<QueueSession | undefined>;
  /** Starts the session's pull loop. */
  run(session: QueueSession): Subscription;
  /** Stops the pull loop, drains or abandons handlers, persists the offset, unlocks. Never rejects. */
  release(session: QueueSession, loop: Subscription, mode: ReleaseMode): Promise<void>;
}

interface Owned {
  readonly session: QueueSession;
  loop: Subscription;
}

function sameKeys(a: readonly MessageQueue[], b: readonly MessageQueue[]): boolean {
  return a.length === b.length && a.every((q, i) => queueKey(q) === queueKey(b[i]!));
}

/**
 * The queues this consumer owns (Java `processQueueTable`): applies each rebalance's allocation by releasing the
 * queues no longer allocated and taking the new ones, restarts a queue at a given offset (offset moved, offset reset),
 * and releases everything at shutdown. Operations run one at a time. A queue released and taken again waits for its
 * release to finish first, so its offset is persisted and its lock released before the new session starts.
 */
export class QueueTable {
  private readonly owned = new Map<string, Owned>();
  private readonly releasing = new Map<string, Promise<void>>();
  private readonly published = new BehaviorSubject<readonly MessageQueue[]>([]);
  private serial: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly lifecycle: QueueLifecycle,
    private readonly lossMode: ReleaseMode,
    private readonly report: ReportConsumerEvent,
  ) {}

  /** The owned queues now and after every change (replays the latest; completes at shutdown). */
  get assignment$(): Observable<readonly MessageQueue[]> {
    return this.published.pipe(distinctUntilChanged(sameKeys));
  }

  sessions(): QueueSession[] {
    return [...this.owned.values()].map((o) => o.session);
  }

  queues(): MessageQueue[] {
    return this.sessions().map((s) => s.queue);
  }

  session(queue: MessageQueue): QueueSession | undefined {
    return this.owned.get(queueKey(queue))?.session;
  }

  /** Takes the allocated queues not owned yet and releases the owned ones no longer allocated. */
  apply(allocated: readonly MessageQueue[], reason: RebalanceReason): Promise<void> {
    return this.exclusive(async () => {
      const { added, removed } = diffQueues(this.queues(), allocated);
      for (const queue of removed) this.release(queue, this.lossMode);
      const taken = await Promise.all(added.map((queue) => this.take(queue)));
      const addedNow = added.filter((_, i) => taken[i]);
      this.publish();
      this.report({ type: 'rebalance', reason, added: addedNow, removed, owned: this.queues() });
    });
  }

  /** Drops a queue's session and takes the queue again from `offset` (its cached messages are abandoned). */
  restart(queue: MessageQueue, offset: number): Promise<void> {
    return this.exclusive(async () => {
      if (!this.owned.has(queueKey(queue))) return;
      this.release(queue, { drain: false, forget: false, unlock: false });
      await this.take(queue, offset);
      this.publish();
    });
  }

  /**
   * Shutdown: stops taking queues, waits for releases in progress, and hands over every owned queue (the caller
   * stops, drains, persists and unlocks them together). `assignment$` completes.
   */
  detachAll(): Promise<{ session: QueueSession; loop: Subscription }[]> {
    return this.exclusive(async () => {
      this.closed = true;
      await Promise.all([...this.releasing.values()]);
      const all = [...this.owned.values()];
      this.owned.clear();
      this.publish();
      this.published.complete();
      return all;
    });
  }

  private release(queue: MessageQueue, mode: ReleaseMode): void {
    const key = queueKey(queue);
    const owned = this.owned.get(key);
    if (!owned) return;
    this.owned.delete(key);
    const done = this.lifecycle.release(owned.session, owned.loop, mode).finally(() => {
      if (this.releasing.get(key) === done) this.releasing.delete(key);
    });
    this.releasing.set(key, done);
  }

  private async take(queue: MessageQueue, offset?: number): Promise<boolean> {
    const key = queueKey(queue);
    await this.releasing.get(key);
    if (this.closed || this.owned.has(key)) return false;
    const session = await this.lifecycle.take(queue, offset);
    if (!session) return false;
    const owned: Owned = { session, loop: Subscription.EMPTY };
    this.owned.set(key, owned);
    owned.loop = this.lifecycle.run(session);
    return true;
  }

  private publish(): void {
    if (!this.published.closed) this.published.next(this.queues());
  }

  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = this.serial.then(op, op);
    this.serial = run.catch(() => undefined);
    return run;
  }
}
