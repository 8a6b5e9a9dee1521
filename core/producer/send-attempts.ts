import type { SchedulerLike } from 'rxjs';
import type { MessageQueue } from '../message/message-queue.js';
import type { Cancelable, Reply } from '../ports/broker-port.js';
import { Deadline, type Deadlines } from '../util/deadlines.js';
import { type SendAttempt, SendError, sendErrorFromAttempts } from './errors.js';
import { AttemptTimeoutError, BrokerNotFoundError, isTimeout } from './retry-policy.js';
import type { Abandonable } from './send-ticket.js';

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

/** What the retry loop needs, injected so that it can be tested with scripted attempts and virtual time. */
export interface CallbackRetryPlan<T> {
  readonly topic: string;
  /** 1 + retries. */
  readonly maxAttempts: number;
  /** Bound of each attempt (its own timeout, not the whole send's). */
  readonly timeoutMs: number;
  /** Times the attempts' latencies. */
  readonly scheduler: SchedulerLike;
  /** Times the attempts out (on the same clock as `scheduler`; shared by the sends of a producer). */
  readonly deadlines: Deadlines;
  /** The queue of the next attempt; `lastBrokerName` is the broker the previous attempt failed on. */
  select(lastBrokerName: string | undefined): MessageQueue | undefined;
  /** The master address of a queue's broker. */
  addressOf(queue: MessageQueue): string | undefined;
  /**
   * One request, its outcome given to `reply` (never from inside this call); what it returns is cancelled when the
   * attempt is abandoned (timeout, or the send abandoned); `startedAt` is the scheduler's time when the attempt began
   * (a send's born timestamp). A throw fails the attempt.
   */
  attempt(queue: MessageQueue, brokerAddr: string, timeoutMs: number, startedAt: number, reply: Reply<T>): Cancelable;
  /** Whether a failed attempt may be followed by another. */
  isRetriable(error: unknown): boolean;
  /** Whether a successful answer still calls for another attempt (Java `retryAnotherBrokerWhenNotStoreOK`). */
  retryValue?(value: T): boolean;
  onSettled?(settled: AttemptSettled<T>): void;
  /**
   * Whether `onSettled` wants the attempts that were answered and end the send (default true); false spares a clock
   * read and an object per send when only failures and retries matter (no latency fault table).
   */
  readonly settlesAnswers?: boolean;
  /** The answer that ends the loop, with the queue it came from. */
  done(value: T, queue: MessageQueue): void;
}

/**
 * The Java producer's sync send loop, without an Observable per send: pick a queue (avoiding the broker that just
 * failed), send, and on a timeout or a retriable failure (or a not-stored status with `retryValue`) try again, up
 * to `maxAttempts`. The answer goes to `plan.done`; a failure to
 * `ticket.reject` (a `SendError` listing every attempt, or `no-route` when no queue is found). Abandoning the
 * ticket aborts the request in flight; nothing is reported for that attempt.
 */
export function sendWithRetriesCallback<T>(plan: CallbackRetryPlan<T>, ticket: Abandonable): void {
  new AttemptLoop(plan, ticket).next(undefined);
}

/** One send's attempts; it is its own deadline (the attempt in flight's timeout). */
class AttemptLoop<T> extends Deadline {
  /** The failed attempts so far (made at the first failure: most sends have none). */
  private failures: SendAttempt[] | undefined;
  private n = 0;
  /** The attempt in flight: its number while live, 0 once settled. */
  private live = 0;
  private queue: MessageQueue | undefined;
  private addr: string | undefined;
  private started = 0;
  /** The request of the attempt in flight. */
  private request: Cancelable | undefined;

  constructor(
    private readonly plan: CallbackRetryPlan<T>,
    private readonly ticket: Abandonable,
  ) {
    super();
  }

  /** The next attempt; a throw of the plan's callbacks (a selector's) fails the send. */
  next(lastBroker: string | undefined): void {
    try {
      this.attempt(lastBroker);
    } catch (error) {
      this.ticket.reject(error);
    }
  }

  private attempt(lastBroker: string | undefined): void {
    const { plan, ticket } = this;
    if (ticket.settled) return;
    const n = ++this.n;
    const queue = plan.select(lastBroker);
    if (!queue) return ticket.reject(noQueue(plan.topic, this.failures ?? []));
    const addr = plan.addressOf(queue);
    this.queue = queue;
    this.addr = addr;
    this.started = plan.scheduler.now();
    if (addr === undefined) return this.failed(new BrokerNotFoundError(queue.brokerName));
    this.live = n;
    // The attempt's abandonment and timeout are in place before its request starts, whenever that answers.
    ticket.onAbort(() => this.end(n, new SendError('send-aborted', 'the send was abandoned by its caller', { topic: plan.topic })));
    plan.deadlines.add(this, plan.timeoutMs, this.started);
    try {
      const request = plan.attempt(queue, addr, plan.timeoutMs, this.started, new AttemptReply(this, n));
      // A plan that answered inside the call has ended this attempt (and maybe started the next) already.
      if (this.live === n) this.request = request;
    } catch (error) {
      if (this.end(n)) this.failed(error);
    }
  }

  /** The attempt in flight timed out (the loop is a deadline only while an attempt is live). */
  expired(): void {
    if (this.live !== 0) this.settle(this.live, true, false, new AttemptTimeoutError(this.plan.timeoutMs, this.addr));
  }

  /** Attempt `n` ended with a value (`ok`) or an error, unless it already ended; a throw fails the send. */
  settle(n: number, abandon: boolean, ok: boolean, outcome: unknown): void {
    // A timed-out attempt's request is aborted with the timeout itself, so the transport's cause says what happened.
    if (!this.end(n, abandon ? outcome : undefined)) return;
    try {
      if (ok) this.answered(outcome as T);
      else this.failed(outcome);
    } catch (error) {
      this.ticket.reject(error);
    }
  }

  /** Ends attempt `n` if it is still live (cancelling its request with `abortReason` when given); says whether it was. */
  private end(n: number, abortReason?: unknown): boolean {
    if (this.live !== n) return false;
    this.live = 0;
    this.plan.deadlines.remove(this);
    this.ticket.onAbort(undefined);
    const request = this.request;
    this.request = undefined;
    if (abortReason !== undefined) request?.cancel(abortReason);
    return true;
  }

  private answered(value: T): void {
    const { plan } = this;
    const queue = this.queue!;
    const retrying = this.n < plan.maxAttempts && plan.retryValue?.(value) === true;
    if (plan.onSettled !== undefined && (retrying || plan.settlesAnswers !== false)) {
      plan.onSettled({ attempt: this.n, queue, latencyMs: plan.scheduler.now() - this.started, value, retrying });
    }
    if (retrying) this.next(queue.brokerName);
    else plan.done(value, queue);
  }

  private failed(error: unknown): void {
    const { plan } = this;
    const queue = this.queue!;
    const latencyMs = plan.scheduler.now() - this.started;
    const failures = (this.failures ??= []);
    failures.push({ attempt: this.n, queue, brokerAddr: this.addr, latencyMs, error });
    const retrying = this.n < plan.maxAttempts && plan.isRetriable(error);
    plan.onSettled?.({ attempt: this.n, queue, latencyMs, error, retrying });
    if (retrying) this.next(queue.brokerName);
    else this.ticket.reject(sendErrorFromAttempts(plan.topic, failures, isTimeout(error)));
  }
}

/** Where one attempt's answer goes (the loop, told which attempt it was: a late answer of an ended one is ignored). */
class AttemptReply<T> implements Reply<T> {
  constructor(
    private readonly loop: AttemptLoop<T>,
    private readonly n: number,
  ) {}

  resolved(value: T): void {
    this.loop.settle(this.n, false, true, value);
  }

  rejected(error: unknown): void {
    this.loop.settle(this.n, false, false, error);
  }
}

/** The error when no queue is left: the attempts' error if any failed, else `no-route`. */
function noQueue(topic: string, failures: readonly SendAttempt[]): SendError {
  if (failures.length > 0) return sendErrorFromAttempts(topic, failures, isTimeout(failures[failures.length - 1]!.error));
  return new SendError('no-route', `no writable queue for topic ${topic}`, { topic });
}
