import { defer, finalize, map, NEVER, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ConsumeFn } from '../../../../core/consumer/push/handlers.js';
import { withConsumeTimeout } from '../../../../core/consumer/push/handlers.js';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import { ConcurrentDispatcher, dispatchContext, OrderlyDispatcher, sessionWith } from './messages.js';
import { mq } from './harness.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const label = (m: ReceivedMessage) => `${m.queue.queueId}/${m.queueOffset}`;

describe('concurrent dispatch (virtual time)', () => {
  it('starts units FIFO within each queue and never runs more than `concurrency` at once', () => {
    const scheduler = newScheduler();
    const starts: string[] = [];
    let running = 0;
    let maxRunning = 0;
    scheduler.run(() => {
      const consume: ConsumeFn = (msgs) =>
        defer(() => {
          starts.push(`${scheduler.now()}:${label(msgs[0]!)}`);
          maxRunning = Math.max(maxRunning, ++running);
          return timer(10, scheduler).pipe(
            map(() => 1),
            finalize(() => running--),
          );
        });
      const { ctx } = dispatchContext(consume, scheduler, { concurrency: 2 });
      const dispatcher = new ConcurrentDispatcher(ctx);
      const a = sessionWith(mq(0), [0, 1, 2, 3, 4], scheduler);
      const b = sessionWith(mq(1), [0, 1, 2], scheduler);
      dispatcher.submit(a.session, a.messages);
      dispatcher.submit(b.session, b.messages);
      scheduler.schedule(() => dispatcher.close(), 100);
    });
    expect(starts).toEqual(['0:0/0', '0:0/1', '10:0/2', '10:0/3', '20:0/4', '20:1/0', '30:1/1', '30:1/2']);
    expect(maxRunning).toBe(2);
  });

  it('commits the smallest offset still in flight (or the next after the largest when none is)', () => {
    const scheduler = newScheduler();
    const durations = [50, 10, 30, 5];
    let recorded: { at: number; offset: number }[] = [];
    let held: number[] = [];
    scheduler.run(() => {
      const consume: ConsumeFn = (msgs) => timer(durations[msgs[0]!.queueOffset]!, scheduler).pipe(map(() => 1));
      const { ctx, offsets } = dispatchContext(consume, scheduler);
      const dispatcher = new ConcurrentDispatcher(ctx);
      const { session, messages } = sessionWith(mq(0), [0, 1, 2, 3], scheduler);
      dispatcher.submit(session, messages);
      scheduler.schedule(() => {
        recorded = offsets.updates.map((u) => ({ at: u.at, offset: u.offset }));
        held = [session.pq.count];
        dispatcher.close();
      }, 100);
    });
    expect(recorded).toEqual([
      { at: 5, offset: 0 },
      { at: 10, offset: 0 },
      { at: 30, offset: 0 },
      { at: 50, offset: 4 },
    ]);
    expect(held).toEqual([0]);
  });

  it('a handler past the consume timeout fails (and, broadcasting, is dropped and committed)', () => {
    const scheduler = newScheduler();
    let failedAt = -1;
    let kinds: string[] = [];
    let committed: { at: number; offset: number }[] = [];
    scheduler.run(() => {
      const consume = withConsumeTimeout(() => NEVER, 100, scheduler);
      const { ctx, events, offsets } = dispatchContext(consume, scheduler);
      const dispatcher = new ConcurrentDispatcher({
        ...ctx,
        report: (e) => {
          if (e.type === 'handler-failed') {
            failedAt = scheduler.now();
            kinds.push((e.error as { kind: string }).kind);
          }
          events.push(e);
        },
      });
      const { session, messages } = sessionWith(mq(0), [0], scheduler);
      dispatcher.submit(session, messages);
      scheduler.schedule(() => {
        kinds = [...kinds, ...events.map((e) => e.type)];
        committed = offsets.updates.map((u) => ({ at: u.at, offset: u.offset }));
        dispatcher.close();
      }, 200);
    });
    expect(failedAt).toBe(100);
    expect(kinds).toEqual(['consume-timeout', 'handler-failed', 'message-dropped']);
    expect(committed).toEqual([{ at: 100, offset: 1 }]);
  });

  it('a batch handler acknowledges the leading messages it counts; the rest fail', () => {
    const scheduler = newScheduler();
    let dropped: string[] = [];
    let committed: number[] = [];
    scheduler.run(() => {
      const consume: ConsumeFn = (msgs) => timer(5, scheduler).pipe(map(() => (msgs.length === 3 ? 2 : msgs.length)));
      const { ctx, events, offsets } = dispatchContext(consume, scheduler, { unitSize: 3 });
      const dispatcher = new ConcurrentDispatcher(ctx);
      const { session, messages } = sessionWith(mq(0), [0, 1, 2, 3, 4], scheduler);
      dispatcher.submit(session, messages);
      scheduler.schedule(() => {
        dropped = events.flatMap((e) => (e.type === 'message-dropped' ? [e.msgId] : []));
        committed = offsets.updates.map((u) => u.offset);
        dispatcher.close();
      }, 50);
    });
    expect(dropped).toEqual(['T1-0-2']);
    expect(committed).toEqual([3, 5]);
  });
});

describe('orderly dispatch (virtual time)', () => {
  const orderlyPolicy = {
    orderly: true,
    messageModel: 'CLUSTERING' as const,
    maxReconsumeTimes: 16,
    delayLevelWhenNextConsume: 0,
    suspendCurrentQueueTimeMs: 1000,
    sendBackFailedRetryDelayMs: 5000,
  };
  const orderly = (consume: ConsumeFn, scheduler: TestScheduler, concurrency = 20) => {
    const base = dispatchContext(consume, scheduler, { policy: orderlyPolicy, concurrency });
    const dispatcher = new OrderlyDispatcher({ ...base.ctx, needsLock: false, lockExpiryMs: 30_000, maxTimeConsumeContinuouslyMs: 60_000, relockDelayMs: 3_000 });
    return { ...base, dispatcher };
  };

  it('one message of a queue at a time; a failure suspends the queue 1 s and redelivers the same message, in order', () => {
    const scheduler = newScheduler();
    const deliveries: string[] = [];
    let committed: { at: number; offset: number }[] = [];
    const perQueue = new Map<number, number>();
    let maxPerQueue = 0;
    let failedOnce = false;
    scheduler.run(() => {
      const consume: ConsumeFn = (msgs) =>
        defer(() => {
          const m = msgs[0]!;
          deliveries.push(`${scheduler.now()}:${label(m)}:r${m.reconsumeTimes}`);
          const q = m.queue.queueId;
          perQueue.set(q, (perQueue.get(q) ?? 0) + 1);
          maxPerQueue = Math.max(maxPerQueue, perQueue.get(q)!);
          const fail = m.queueOffset === 1 && !failedOnce;
          if (fail) failedOnce = true;
          return timer(10, scheduler).pipe(
            map(() => (fail ? 0 : 1)),
            finalize(() => perQueue.set(q, perQueue.get(q)! - 1)),
          );
        });
      const { dispatcher, offsets } = orderly(consume, scheduler);
      const a = sessionWith(mq(0), [0, 1, 2], scheduler);
      const b = sessionWith(mq(1), [0, 1], scheduler);
      dispatcher.submit(a.session, a.messages);
      dispatcher.submit(b.session, b.messages);
      scheduler.schedule(() => {
        committed = offsets.updates.filter((u) => u.queue.queueId === 0).map((u) => ({ at: u.at, offset: u.offset }));
        dispatcher.close();
      }, 2000);
    });
    expect(deliveries).toEqual(['0:0/0:r0', '0:1/0:r0', '10:0/1:r0', '10:1/1:r0', '1020:0/1:r1', '1030:0/2:r0']);
    expect(maxPerQueue).toBe(1);
    expect(committed).toEqual([
      { at: 10, offset: 1 },
      { at: 20, offset: 1 },
      { at: 1030, offset: 2 },
      { at: 1040, offset: 3 },
    ]);
  });

  it('a queue that keeps failing gives up past maxReconsumeTimes (broadcasting: dropped) and moves on', () => {
    const scheduler = newScheduler();
    const deliveries: string[] = [];
    let events: string[] = [];
    scheduler.run(() => {
      const consume: ConsumeFn = (msgs) =>
        defer(() => {
          deliveries.push(`${scheduler.now()}:${label(msgs[0]!)}:r${msgs[0]!.reconsumeTimes}`);
          return msgs[0]!.queueOffset === 0 ? throwError(() => new Error('poison')) : timer(1, scheduler).pipe(map(() => 1));
        });
      const base = dispatchContext(consume, scheduler, { policy: { ...orderlyPolicy, messageModel: 'BROADCASTING', maxReconsumeTimes: 2 } });
      const dispatcher = new OrderlyDispatcher({ ...base.ctx, needsLock: false, lockExpiryMs: 30_000, maxTimeConsumeContinuouslyMs: 60_000, relockDelayMs: 3_000 });
      const a = sessionWith(mq(0), [0, 1], scheduler);
      dispatcher.submit(a.session, a.messages);
      scheduler.schedule(() => {
        events = base.events.map((e) => e.type);
        dispatcher.close();
      }, 5000);
    });
    expect(deliveries).toEqual(['0:0/0:r0', '1000:0/0:r1', '2000:0/0:r2', '2000:0/1:r0']);
    expect(events).toEqual(['handler-failed', 'retry', 'handler-failed', 'retry', 'handler-failed', 'message-dropped']);
  });
});

