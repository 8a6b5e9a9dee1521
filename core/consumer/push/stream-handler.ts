import { defer, EMPTY, type Observable, repeat, retry, type SchedulerLike, Subject, type Subscription, tap, timer } from 'rxjs';
import type { ReceivedMessage } from '../../message/received-message.js';
import { ConsumerError } from './errors.js';
import type { ReportConsumerEvent } from './events.js';
import { type ConsumeCall, observableOf, unitMessages } from './consume-call.js';
import type { ConsumeFn, StreamAck, StreamHandler } from './handlers.js';

interface Waiter {
  settle(success: boolean): void;
}

/**
 * Runs a stream handler: one pipeline over the messages of every owned queue, subscribed at `start()`. Each message
 * is pushed in by a dispatcher through {@link StreamBridge.call} and its unit completes when the pipeline
 * acknowledges it (or fails on a failure acknowledgement). When the pipeline errors or completes, the messages it
 * still held fail and it is subscribed again after `restartDelayMs`. `complete()` ends the input so that buffering
 * operators (e.g. `bufferTime`) flush their last buffer at shutdown.
 */
export class StreamBridge {
  private readonly input = new Subject<ReceivedMessage>();
  private readonly waiters = new Map<ReceivedMessage, Waiter>();
  private active = false;
  private ended = false;

  constructor(
    private readonly handler: StreamHandler,
    private readonly scheduler: SchedulerLike,
    private readonly restartDelayMs: number,
    private readonly report: ReportConsumerEvent,
  ) {}

  /** Messages pushed and not acknowledged yet. */
  get pending(): number {
    return this.waiters.size;
  }

  /** Subscribes the pipeline (again after it ends, until `complete()`). */
  start(): Subscription {
    const again = () => (this.ended ? EMPTY : timer(this.restartDelayMs, this.scheduler));
    return defer(() => this.run())
      .pipe(retry({ delay: again }), repeat({ delay: again }))
      .subscribe();
  }

  /**
   * The consume call dispatchers use: pushes the message (units of one) and answers when the pipeline acknowledges
   * it; releasing the call forgets the message.
   */
  readonly call: ConsumeCall = (unit, answer) => {
    const message = unitMessages(unit)[0]!;
    if (!this.active || this.ended) {
      answer.fail(this.nacked(message, 'the stream handler is not running'));
      return undefined;
    }
    this.waiters.set(message, {
      settle: (success) => (success ? answer.done(1) : answer.fail(this.nacked(message, 'acknowledged as failed'))),
    });
    this.input.next(message);
    return { unsubscribe: () => this.waiters.delete(message) };
  };

  /** {@link StreamBridge.call} as a cold Observable of the unit's outcome. */
  readonly consume: ConsumeFn = observableOf(this.call);

  /** Ends the input (buffering operators flush) and stops re-subscribing. */
  complete(): void {
    this.ended = true;
    this.input.complete();
  }

  private run(): Observable<StreamAck> {
    this.active = true;
    return this.handler(this.input.asObservable()).pipe(
      tap({
        next: (ackValue) => this.onAck(ackValue),
        error: (error: unknown) => this.onEnd(error),
        complete: () => this.onEnd(this.ended ? undefined : new ConsumerError('message-nacked', 'the stream handler completed')),
      }),
    );
  }

  private onAck(value: StreamAck): void {
    const { messages, success } = normaliseAck(value);
    for (const m of messages) {
      const waiter = this.waiters.get(m);
      this.waiters.delete(m);
      waiter?.settle(success);
    }
  }

  private onEnd(error: unknown): void {
    this.active = false;
    const left = [...this.waiters.values()];
    this.waiters.clear();
    for (const w of left) w.settle(false);
    if (error !== undefined) this.report({ type: 'stream-handler-error', error });
  }

  private nacked(message: ReceivedMessage, why: string): ConsumerError {
    return new ConsumerError('message-nacked', `message ${message.msgId}: ${why}`, { msgId: message.msgId, queue: message.queue });
  }
}

function normaliseAck(value: StreamAck): { messages: readonly ReceivedMessage[]; success: boolean } {
  if (Array.isArray(value)) return { messages: value as readonly ReceivedMessage[], success: true };
  if (value && typeof value === 'object' && 'success' in value && 'messages' in value) {
    const inner = value.messages;
    return { messages: Array.isArray(inner) ? (inner as readonly ReceivedMessage[]) : [inner as ReceivedMessage], success: value.success };
  }
  return { messages: [value as ReceivedMessage], success: true };
}
