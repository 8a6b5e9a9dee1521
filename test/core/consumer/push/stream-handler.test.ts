import { bufferTime, filter, map, mergeMap, NEVER, type Observable, tap, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsumerEvent } from '../../../../core/consumer/push/events.js';
import { nack, type StreamHandler } from '../../../../core/consumer/push/handlers.js';
import { StreamBridge } from '../../../../core/consumer/push/stream-handler.js';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import { BROKER_A, advance, harness, mq, settle, TOPIC } from './harness.js';
import { message } from './messages.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('stream handler bridge (virtual time)', () => {
  it('bufferTime acknowledgements complete the units of every message in the buffer', () => {
    const scheduler = newScheduler();
    scheduler.run(({ expectObservable }) => {
      const handler: StreamHandler = (m$) => m$.pipe(bufferTime(100, scheduler), filter((b) => b.length > 0));
      const bridge = new StreamBridge(handler, scheduler, 3000, () => undefined);
      const sub = bridge.start();
      const unit = (offset: number, at: number) => timer(at, scheduler).pipe(mergeMap(() => bridge.consume([message(mq(0), offset)])));
      expectObservable(unit(0, 0)).toBe('100ms (a|)', { a: 1 });
      expectObservable(unit(1, 30)).toBe('100ms (a|)', { a: 1 });
      expectObservable(unit(2, 120)).toBe('200ms (a|)', { a: 1 });
      scheduler.schedule(() => sub.unsubscribe(), 500);
    });
  });

  it('a failure acknowledgement fails the unit; an ended pipeline fails what it held and is subscribed again', () => {
    const scheduler = newScheduler();
    const events: ConsumerEvent[] = [];
    let subscriptions = 0;
    scheduler.run(({ expectObservable }) => {
      const handler: StreamHandler = (m$) => {
        subscriptions++;
        return m$.pipe(
          mergeMap((m) => {
            if (m.queueOffset === 0) return timer(10, scheduler).pipe(map(() => nack(m)));
            if (m.queueOffset === 1) return throwError(() => new Error('pipeline broke'));
            if (m.queueOffset === 5) return NEVER;
            return [m];
          }),
        );
      };
      const bridge = new StreamBridge(handler, scheduler, 50, (e) => events.push(e));
      const sub = bridge.start();
      const at = (ms: number, offset: number) => timer(ms, scheduler).pipe(mergeMap(() => bridge.consume([message(mq(0), offset)])));
      const nacked = expect.objectContaining({ kind: 'message-nacked' });
      expectObservable(at(0, 0)).toBe('10ms #', undefined, nacked);
      expectObservable(at(5, 5)).toBe('20ms #', undefined, nacked);
      expectObservable(at(20, 1)).toBe('20ms #', undefined, nacked);
      expectObservable(at(30, 2)).toBe('30ms #', undefined, nacked);
      expectObservable(at(80, 3)).toBe('80ms (a|)', { a: 1 });
      scheduler.schedule(() => sub.unsubscribe(), 200);
    });
    expect(subscriptions).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['stream-handler-error']);
  });

  it('complete() ends the input so that a buffer flushes, and stops re-subscribing', () => {
    const scheduler = newScheduler();
    let subscriptions = 0;
    scheduler.run(({ expectObservable }) => {
      const handler: StreamHandler = (m$) => {
        subscriptions++;
        return m$.pipe(bufferTime(1000, scheduler), filter((b) => b.length > 0));
      };
      const bridge = new StreamBridge(handler, scheduler, 10, () => undefined);
      bridge.start();
      expectObservable(bridge.consume([message(mq(0), 0)])).toBe('50ms (a|)', { a: 1 });
      scheduler.schedule(() => bridge.complete(), 50);
    });
    expect(subscriptions).toBe(1);
  });
});

describe('push consumer with a stream handler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('bulk-writes bufferTime batches; acknowledged batches advance the committed offset', async () => {
    const batches: number[][] = [];
    const h = harness({
      handler: {
        stream: (m$: Observable<ReceivedMessage>) =>
          m$.pipe(
            bufferTime(1_000),
            filter((b) => b.length > 0),
            mergeMap((batch) => timer(200).pipe(map(() => batch))),
            tap((batch) => batches.push(batch.map((m) => m.queueOffset))),
          ),
      },
      brokers: [{ ...BROKER_A, queues: 1 }],
    });
    h.cluster.append(mq(0), 70);
    await h.consumer.start();
    await settle();
    const q = () => h.consumer.stats().queues.find((s) => s.queue.topic === TOPIC)!;
    expect(q().cachedCount).toBe(70);
    expect(q().inFlight).toBe(70);
    await advance(1_000);
    expect(batches).toEqual([]);
    await advance(200);
    expect(batches).toEqual([Array.from({ length: 70 }, (_, i) => i)]);
    expect(q().committedOffset).toBe(70);
    h.cluster.append(mq(0), 5);
    await settle();
    const stopping = h.consumer.shutdown();
    await settle();
    expect(batches).toHaveLength(1);
    await advance(200);
    await stopping;
    expect(batches[1]).toEqual([70, 71, 72, 73, 74]);
    expect(h.cluster.committed.get('T1@broker-a#0')).toBe(75);
  });

  it('demand stays bounded by the thresholds while the pipeline holds messages without acknowledging', async () => {
    const h = harness({
      handler: { stream: (m$: Observable<ReceivedMessage>) => m$.pipe(mergeMap(() => NEVER)) },
      brokers: [{ ...BROKER_A, queues: 1 }],
      options: { pullThresholdForQueue: 100, pullBatchSize: 16, shutdownDrainTimeoutMs: 1_000 },
    });
    h.cluster.append(mq(0), 1_000);
    await h.consumer.start();
    await settle();
    await advance(60_000);
    const q = h.consumer.stats().queues.find((s) => s.queue.topic === TOPIC)!;
    expect(q.cachedCount).toBe(96);
    expect(h.cluster.pullsOf(mq(0))).toHaveLength(6);
    const stopping = h.consumer.shutdown();
    await advance(1_000);
    await stopping;
    expect(h.eventsOf('queue-released').find((e) => e.queue.topic === TOPIC)?.abandoned).toBe(96);
    expect(h.cluster.committed.get('T1@broker-a#0')).toBeUndefined();
  });
});
