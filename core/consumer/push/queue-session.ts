import { Subject } from 'rxjs';
import { type MessageQueue, queueKey } from '../../message/message-queue.js';
import type { ReceivedMessage } from '../../message/received-message.js';
import type { SubscriptionData } from '../../ports/heartbeat.js';
import { type OverThreshold, ProcessQueue } from '../process-queue.js';
import { ControllerSlot } from './abortable.js';
import { Gauge } from './gauge.js';
import { withReconsumeTimes } from './message-copy.js';

/**
 * One owned queue, from the moment it is taken until it is released: its process queue, the next offset to pull,
 * the broker id the broker suggested to pull from, the messages being handled, local retry counts, and the signals
 * the pull loop waits on. A queue taken again after a release gets a new session.
 */
export class QueueSession {
  readonly key: string;
  readonly pq: ProcessQueue<ReceivedMessage>;
  /** Next offset to pull. */
  nextOffset: number;
  /** Broker id to pull from (0 = master), as suggested by the last pull response. */
  brokerId = 0;
  /** No new pulls and no new handler starts (the queue is being released or restarted). */
  stopped = false;
  /** Whether the pull loop is waiting on flow control, and why. */
  flowControl: OverThreshold | undefined;
  /** Highest message count and byte count this queue ever held. */
  peakCount = 0;
  peakBytes = 0;
  /** Messages whose handler is running. */
  readonly inFlight = new Gauge();
  /**
   * Emits whenever the process queue shrinks (a handler finished): the pull loop's demand signal (watched only
   * while the queue is held back, so it is not emitted to nobody).
   */
  readonly drained = new Subject<void>();
  /** The AbortController of the queue's next pull (pulls go out one at a time). */
  readonly pullControllers = new ControllerSlot();
  /** Reconsume counts raised by local retries, by queue offset. */
  private readonly localReconsumeTimes = new Map<number, number>();

  /**
   * `subscriptionOf` is read at every pull, so that a topic subscribed again with another expression filters with
   * the new one (undefined once the topic is unsubscribed: nothing is filtered until the queue is released).
   */
  constructor(
    readonly queue: MessageQueue,
    private readonly subscriptionOf: () => SubscriptionData | undefined,
    offset: number,
    now: () => number,
  ) {
    this.key = queueKey(queue);
    this.nextOffset = offset;
    this.pq = new ProcessQueue<ReceivedMessage>(queue, { now });
  }

  /** The topic's subscription now. */
  get subscription(): SubscriptionData | undefined {
    return this.subscriptionOf();
  }

  /** Caches pulled messages and updates the high-water marks; returns how many were new. */
  put(messages: readonly ReceivedMessage[]): number {
    const added = this.pq.put(messages);
    this.peakCount = Math.max(this.peakCount, this.pq.count);
    this.peakBytes = Math.max(this.peakBytes, this.pq.bytes);
    return added;
  }

  /**
   * Forgets handled messages (one, or several); returns the offset that may be committed now (−1 if none). `at`: a
   * reading of the clock still current (when they were handled), if the caller has one.
   */
  remove(messages: ReceivedMessage | readonly ReceivedMessage[], at?: number): number {
    let offset: number;
    if (isList(messages)) {
      offset = this.pq.remove(messages, at);
      if (this.localReconsumeTimes.size > 0) for (const m of messages) this.localReconsumeTimes.delete(m.queueOffset);
    } else {
      offset = this.pq.removeOne(messages, at);
      if (this.localReconsumeTimes.size > 0) this.localReconsumeTimes.delete(messages.queueOffset);
    }
    this.signalDrained();
    return offset;
  }

  /** After orderly handling: forgets the consuming set; returns the offset that may be committed now. */
  commitConsumed(messages: readonly ReceivedMessage[]): number {
    this.pq.commit();
    for (const m of messages) this.localReconsumeTimes.delete(m.queueOffset);
    this.signalDrained();
    return this.pq.committableOffset();
  }

  /** Records a local failure: the message is delivered again with one more reconsume time. */
  recordLocalFailure(message: ReceivedMessage): number {
    const times = this.reconsumeTimesOf(message) + 1;
    this.localReconsumeTimes.set(message.queueOffset, times);
    return times;
  }

  /** The message as it is to be delivered now (with local retries counted). */
  deliverable(message: ReceivedMessage): ReceivedMessage {
    return withReconsumeTimes(message, this.reconsumeTimesOf(message));
  }

  reconsumeTimesOf(message: ReceivedMessage): number {
    return this.localReconsumeTimes.get(message.queueOffset) ?? message.reconsumeTimes;
  }

  addInFlight(n: number): void {
    this.inFlight.add(n);
  }

  private signalDrained(): void {
    if (this.drained.observed) this.drained.next();
  }

  /** Stops pulling and handing out messages; the process queue is marked dropped when `drop` is set. */
  stop(drop: boolean): void {
    this.stopped = true;
    if (drop) this.pq.markDropped();
    this.signalDrained();
  }
}

function isList(messages: ReceivedMessage | readonly ReceivedMessage[]): messages is readonly ReceivedMessage[] {
  return Array.isArray(messages);
}
