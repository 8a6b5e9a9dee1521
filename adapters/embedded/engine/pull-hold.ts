import type { MessageStore } from '../store/message-store.js';
import type { ClientChannel } from './channel.js';
import type { TimerSet } from './clock.js';
import type { StoredMessage } from './message-writer.js';
import { systemError } from './outcome.js';
import type { PullOutcome, PullRequest } from './pull-types.js';

interface Parked {
  readonly key: string;
  readonly req: PullRequest;
  readonly channel: ClientChannel;
  readonly deadline: number;
  readonly matches: (tagsCode: number | null) => boolean;
  readonly resolve: (outcome: PullOutcome | undefined) => void;
  cancelTimer: () => void;
}

export interface PullHoldDeps {
  store: MessageStore;
  timers: TimerSet;
  now: () => number;
  recheckMs: number;
  /** Re-runs a pull without permission to park again (Java `executeRequestWhenWakeup`). */
  execute: (req: PullRequest, channel: ClientChannel) => Promise<PullOutcome>;
}

/**
 * Long polling (Java `PullRequestHoldService`): pulls that found nothing wait per queue. An append to that queue
 * whose tags code matches wakes exactly its waiters; each waiter also re-checks every `recheckMs` and is answered
 * (by re-running the pull, normally PULL_NOT_FOUND) at its deadline. A waiter whose channel closes is dropped
 * without an answer.
 */
export class PullHoldService {
  private readonly waiting = new Map<string, Set<Parked>>();
  private closed = false;

  constructor(private readonly deps: PullHoldDeps) {}

  park(req: PullRequest, channel: ClientChannel, timeoutMs: number, matches: (tagsCode: number | null) => boolean): Promise<PullOutcome | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const key = queueKeyOf(req.topic, req.queueId);
      const parked: Parked = { key, req, channel, deadline: this.deps.now() + timeoutMs, matches, resolve, cancelTimer: () => {} };
      let set = this.waiting.get(key);
      if (set === undefined) this.waiting.set(key, (set = new Set()));
      set.add(parked);
      this.arm(parked);
    });
  }

  /** Arrival listener: wake the waiters of that queue the new entry is for. */
  onArrival = (stored: StoredMessage): void => {
    const set = this.waiting.get(queueKeyOf(stored.topic, stored.queueId));
    if (set === undefined) return;
    const newest = stored.queueOffset + 1;
    for (const p of [...set]) {
      if (newest > p.req.queueOffset && p.matches(stored.tagsCode)) this.wake(p);
      else if (this.deps.now() >= p.deadline) this.wake(p);
    }
  };

  /** Drops the channel's waiters, unanswered. */
  cancelChannel(channel: ClientChannel): void {
    for (const set of this.waiting.values()) for (const p of [...set]) if (p.channel === channel) this.drop(p);
  }

  /** Drops every waiter, unanswered, and refuses new ones (broker shutdown). */
  close(): void {
    this.closed = true;
    for (const set of [...this.waiting.values()]) for (const p of [...set]) this.drop(p);
  }

  /** Number of parked pulls. */
  get size(): number {
    let n = 0;
    for (const set of this.waiting.values()) n += set.size;
    return n;
  }

  private arm(p: Parked): void {
    const wait = Math.min(this.deps.recheckMs, p.deadline - this.deps.now());
    p.cancelTimer = this.deps.timers.after(wait, () => this.recheck(p));
  }

  private recheck(p: Parked): void {
    if (this.deps.now() >= p.deadline) return this.wake(p);
    if (this.deps.store.maxOffset(p.req.topic, p.req.queueId) > p.req.queueOffset && p.matches(null)) return this.wake(p);
    this.arm(p);
  }

  private wake(p: Parked): void {
    if (!this.remove(p)) return;
    if (p.channel.closed) return p.resolve(undefined);
    this.deps.execute(p.req, p.channel).then(p.resolve, (err: unknown) => p.resolve(systemError(err)));
  }

  private drop(p: Parked): void {
    if (this.remove(p)) p.resolve(undefined);
  }

  private remove(p: Parked): boolean {
    const set = this.waiting.get(p.key);
    if (set === undefined || !set.delete(p)) return false;
    if (set.size === 0) this.waiting.delete(p.key);
    p.cancelTimer();
    return true;
  }
}

function queueKeyOf(topic: string, queueId: number): string {
  return `${topic}@${queueId}`;
}
