import { defer, mergeMap, Observable, of, type SchedulerLike, type Subscription, throwError } from 'rxjs';
import { RocketMQError } from '../errors.js';
import type { MessageQueue } from '../message/message-queue.js';
import { type SendAttempt, SendError, sendErrorFromAttempts } from './errors.js';
import { AttemptTimeoutError, BrokerNotFoundError, isTimeout } from './retry-policy.js';

/** How one attempt ended, for the latency fault table and the event stream. */
export interface AttemptSettled<T> {
  readonly attempt: number;
  readonly queue: MessageQueue;
  readonly latencyMs: number;
  readonly value?: T;
  readonly error?: unknown;
  /** Whether another attempt follows. */
  readonly retrying: boolean;
}

/** Everything the retry loop needs, injected so that it can be tested with marbles. */
export interface RetryPlan<T> {
  readonly topic: string;
  /** 1 + retries. */
  readonly maxAttempts: number;
  /** Bound of each attempt (its own timeout, not the whole send's). */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  /** The queue of the next attempt; `lastBrokerName` is the broker the previous attempt failed on. */
  select(lastBrokerName: string | undefined): MessageQueue | undefined;
  /** The master address of a queue's broker. */
  addressOf(queue: MessageQueue): string | undefined;
  /** One attempt: a cold Observable of the broker's answer; unsubscribing abandons it. */
  attempt(queue: MessageQueue, brokerAddr: string, timeoutMs: number): Observable<T>;
  /** Whether a failed attempt may be followed by another. */
  isRetriable(error: unknown): boolean;
  /** Whether a successful answer still calls for another attempt (Java `retryAnotherBrokerWhenNotStoreOK`). */
  retryValue?(value: T): boolean;
  onSettled?(settled: AttemptSettled<T>): void;
}

/** How an attempt ended. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * The Java producer's sync send loop as a cold Observable: pick a queue (avoiding the broker that just failed),
 * send, and on a timeout or a retriable failure try again, up to `maxAttempts` in total. Fails with a `SendError`
 * listing every attempt; a selector that finds no queue fails with `no-route`. Nothing happens before subscription,
 * and unsubscribing abandons the attempt in progress.
 */
export function sendWithRetries<T>(plan: RetryPlan<T>): Observable<T> {
  return defer(() => {
    const failures: SendAttempt[] = [];
    const run = (n: number, lastBroker: string | undefined): Observable<T> =>
      defer(() => {
        const queue = plan.select(lastBroker);
        if (!queue) return throwError(() => noQueue(plan.topic, failures));
        const addr = plan.addressOf(queue);
        const started = plan.scheduler.now();
        const settle = (s: Omit<AttemptSettled<T>, 'attempt' | 'queue' | 'latencyMs'>) =>
          plan.onSettled?.({ attempt: n, queue, latencyMs: plan.scheduler.now() - started, ...s });
        return attemptOnce(plan, queue, addr).pipe(
          mergeMap((outcome): Observable<T> => {
            const more = n < plan.maxAttempts;
            if (outcome.ok) {
              const retrying = more && plan.retryValue?.(outcome.value) === true;
              settle({ value: outcome.value, retrying });
              return retrying ? run(n + 1, queue.brokerName) : of(outcome.value);
            }
            const latencyMs = plan.scheduler.now() - started;
            failures.push({ attempt: n, queue, brokerAddr: addr, latencyMs, error: outcome.error });
            const retrying = more && plan.isRetriable(outcome.error);
            settle({ error: outcome.error, retrying });
            if (retrying) return run(n + 1, queue.brokerName);
            return throwError(() => sendErrorFromAttempts(plan.topic, failures, isTimeout(outcome.error)));
          }),
        );
      });
    return run(1, undefined);
  });
}

/**
 * One attempt as an outcome: its first value, its error, an end without a value (`connection-closed`), or
 * `AttemptTimeoutError` when nothing came within `timeoutMs` (on the plan's scheduler); the attempt is unsubscribed
 * once settled. Written as one Observable rather than `timeout`/`take`/`throwIfEmpty`/`map`/`catchError`: this runs
 * once per send and the operator chain was a large share of a send's allocations.
 */
function attemptOnce<T>(plan: RetryPlan<T>, queue: MessageQueue, addr: string | undefined): Observable<Outcome<T>> {
  if (addr === undefined) return of({ ok: false, error: new BrokerNotFoundError(queue.brokerName) });
  return new Observable<Outcome<T>>((subscriber) => {
    let settled = false;
    // Filled in once the attempt is subscribed and the timer armed; a synchronous outcome settles before either.
    const live: { source?: Subscription; timer?: Subscription } = {};
    const settle = (outcome: Outcome<T>): void => {
      if (settled) return;
      settled = true;
      live.timer?.unsubscribe();
      live.source?.unsubscribe();
      subscriber.next(outcome);
      subscriber.complete();
    };
    let attempt$: Observable<T>;
    try {
      attempt$ = plan.attempt(queue, addr, plan.timeoutMs);
    } catch (error) {
      settle({ ok: false, error });
      return undefined;
    }
    const subscription = attempt$.subscribe({
      next: (value) => settle({ ok: true, value }),
      error: (error: unknown) => settle({ ok: false, error }),
      complete: () => settle({ ok: false, error: new RocketMQError('connection-closed', 'the attempt ended without an answer', { brokerAddr: addr }) }),
    });
    if (settled) {
      subscription.unsubscribe();
      return undefined;
    }
    live.source = subscription;
    live.timer = plan.scheduler.schedule(() => settle({ ok: false, error: new AttemptTimeoutError(plan.timeoutMs, addr) }), plan.timeoutMs);
    return () => {
      live.timer?.unsubscribe();
      live.source?.unsubscribe();
    };
  });
}

/** The error when no queue is left: the attempts' error if any failed, else `no-route`. */
export function noQueue(topic: string, failures: readonly SendAttempt[]): SendError {
  if (failures.length > 0) return sendErrorFromAttempts(topic, failures, isTimeout(failures[failures.length - 1]!.error));
  return new SendError('no-route', `no writable queue for topic ${topic}`, { topic });
}
