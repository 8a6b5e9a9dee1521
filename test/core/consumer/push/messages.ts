import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { ConcurrentDispatcher, type DispatchContext } from '../../../../core/consumer/push/dispatch-concurrent.js';
import { OrderlyDispatcher } from '../../../../core/consumer/push/dispatch-orderly.js';
import type { ConsumerEvent } from '../../../../core/consumer/push/events.js';
import { callOf, type ConsumeCall } from '../../../../core/consumer/push/consume-call.js';
import type { ConsumeFn } from '../../../../core/consumer/push/handlers.js';
import type { OffsetStore } from '../../../../core/consumer/push/offset-store.js';
import { QueueSession } from '../../../../core/consumer/push/queue-session.js';
import { newCounters } from '../../../../core/consumer/push/stats.js';
import type { MessageQueue } from '../../../../core/message/message-queue.js';
import { ReceivedMessage } from '../../../../core/message/received-message.js';
import type { QueueOffset } from '../../../../core/consumer/push/events.js';

/** A received message of `queue` at `offset` (payload: its body as text). */
export function message(queue: MessageQueue, offset: number, reconsumeTimes = 0): ReceivedMessage {
  const body = Buffer.from(`m${offset}`);
  return new ReceivedMessage(
    {
      msgId: `${queue.topic}-${queue.queueId}-${offset}`,
      offsetMsgId: `OFF-${offset}`,
      topic: queue.topic,
      queue,
      queueOffset: offset,
      commitLogOffset: 1000 + offset,
      reconsumeTimes,
      body,
      keys: [],
      properties: {},
      systemProperties: {},
      bornTimestamp: 0,
      storeTimestamp: 0,
      bornHost: 'h:1',
      storeHost: 'h:2',
      sysFlag: 0,
      flag: 0,
    },
    () => body.toString(),
  );
}

/** An offset store that records every update with the scheduler's time. */
export class RecordingOffsetStore implements OffsetStore {
  readonly updates: { at: number; queue: MessageQueue; offset: number }[] = [];
  private readonly table = new Map<string, QueueOffset>();

  constructor(private readonly scheduler: SchedulerLike = asyncScheduler) {}

  async load(): Promise<void> {}
  readMemory(mq: MessageQueue): number | undefined {
    return this.table.get(key(mq))?.offset;
  }
  async readStore(mq: MessageQueue): Promise<number | undefined> {
    return this.readMemory(mq);
  }
  update(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.updates.push({ at: this.scheduler.now(), queue: mq, offset });
    const held = this.readMemory(mq);
    if (increaseOnly && held !== undefined && held >= offset) return;
    this.table.set(key(mq), { queue: mq, offset });
  }
  async persist(): Promise<void> {}
  remove(mq: MessageQueue): void {
    this.table.delete(key(mq));
  }
  snapshot(): QueueOffset[] {
    return [...this.table.values()];
  }
}

const key = (q: MessageQueue) => `${q.topic}@${q.brokerName}#${q.queueId}`;

/**
 * A dispatch context without a port (only the broadcasting / local paths may be exercised); `consume` is given as an
 * Observable per unit (its first value answers), or directly as a consume call. The consume timeout is Java's
 * default (15 min) unless `over` sets one.
 */
export function dispatchContext(consume: ConsumeFn | { readonly call: ConsumeCall }, scheduler: SchedulerLike, over: Partial<DispatchContext> = {}) {
  const events: ConsumerEvent[] = [];
  const offsets = new RecordingOffsetStore(scheduler);
  const counters = newCounters();
  const ctx: DispatchContext = {
    consume: typeof consume === 'function' ? callOf(consume) : consume.call,
    consumeTimeoutMs: 15 * 60_000,
    unitSize: 1,
    concurrency: 20,
    policy: {
      orderly: false,
      messageModel: 'BROADCASTING',
      maxReconsumeTimes: 16,
      delayLevelWhenNextConsume: 0,
      suspendCurrentQueueTimeMs: 1000,
      sendBackFailedRetryDelayMs: 5000,
    },
    failure: undefined as never,
    offsets,
    scheduler,
    report: (e) => events.push(e),
    counters,
    deliver: (session, m) => session.deliverable(m),
    ...over,
  };
  return { ctx, events, offsets, counters };
}

/** A session of `queue` holding messages at the given offsets (as if just pulled). */
export function sessionWith(queue: MessageQueue, offsets: readonly number[], scheduler: SchedulerLike): { session: QueueSession; messages: ReceivedMessage[] } {
  const session = new QueueSession(queue, () => undefined, 0, () => scheduler.now());
  const messages = offsets.map((o) => message(queue, o));
  session.put(messages);
  return { session, messages };
}

export { ConcurrentDispatcher, OrderlyDispatcher };
