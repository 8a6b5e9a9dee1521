import { asyncScheduler, map, type Observable, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allocateTopic, coalesceRounds, diffQueues, rebalanceTriggers$ } from '../../../../core/consumer/push/rebalance.js';
import { type MessageQueue, queueKey } from '../../../../core/message/message-queue.js';
import { allocateAveragely } from '../../../../core/strategies/allocate/averagely.js';
import { allocateByConfig } from '../../../../core/strategies/allocate/by-config.js';
import { advance, BROKER_A, BROKER_B, harness, mq, RETRY_TOPIC, settle, TOPIC } from './harness.js';

const marbles = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const keys = (qs: readonly MessageQueue[]) => qs.map(queueKey).sort();

describe('rebalance: triggers and rounds (marbles)', () => {
  it('rounds at start, every 20 s, and on each notification and subscription change', () => {
    marbles().run(({ hot, expectObservable, cold }) => {
      const notify$ = hot('5s n 19999ms n');
      const subscriptionChanged$ = cold('30s s');
      const reasons$ = rebalanceTriggers$({ intervalMs: 20_000, scheduler: asyncScheduler, notify$, subscriptionChanged$ });
      expectObservable(reasons$.pipe(take(6))).toBe('a 4999ms b 14999ms c 4999ms d 4999ms e 9999ms (f|)', {
        a: 'start',
        b: 'notify',
        c: 'interval',
        d: 'notify',
        e: 'subscription-changed',
        f: 'interval',
      });
    });
  });

  it('one round at a time; triggers during a round fold into one next round (the latest reason)', () => {
    marbles().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const triggers = hot('a-b-c--------d-----|');
      const round = cold('-----(x|)');
      const ran: string[] = [];
      const out$ = triggers.pipe(
        coalesceRounds((reason: string) => {
          ran.push(reason);
          return round.pipe(map(() => reason));
        }),
      );
      expectObservable(out$).toBe('-----a----c-------d|');
      expectSubscriptions(round.subscriptions).toBe(['^----!', '-----^----!', '-------------^----!']);
      return () => expect(ran).toEqual(['a', 'c', 'd']);
    });
  });
});

describe('rebalance: allocation per topic', () => {
  const eight = Array.from({ length: 8 }, (_, i) => mq(i));
  const input = (clientId: string, cidAll: string[]) => ({
    messageModel: 'CLUSTERING' as const,
    strategy: allocateAveragely,
    group: 'G',
    clientId,
    mqAll: [...eight].reverse(),
    cidAll,
  });

  it('sorts queues and client ids before the strategy (Java order): 8 queues / 3 clients → 3, 3, 2', () => {
    const cids = ['c', 'a', 'b'];
    expect(allocateTopic(input('a', cids)).map((q) => q.queueId)).toEqual([0, 1, 2]);
    expect(allocateTopic(input('b', cids)).map((q) => q.queueId)).toEqual([3, 4, 5]);
    expect(allocateTopic(input('c', cids)).map((q) => q.queueId)).toEqual([6, 7]);
    expect(allocateTopic(input('z', cids))).toEqual([]);
  });

  it('broadcasting takes every queue; a custom strategy cannot add queues the topic does not have', () => {
    expect(allocateTopic({ ...input('z', []), messageModel: 'BROADCASTING' })).toHaveLength(8);
    const strategy = allocateByConfig([mq(1), mq(99)]);
    expect(allocateTopic({ ...input('a', ['a']), strategy })).toEqual([mq(1)]);
  });

  it('diffs owned and allocated queues', () => {
    expect(diffQueues([mq(0), mq(1)], [mq(1), mq(2), mq(2)])).toEqual({ added: [mq(2)], removed: [mq(0)] });
  });
});

describe('push consumer: assignment$', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('assigns on start, splits with a second instance, re-splits on notify when a client disappears, and every 20 s', async () => {
    const one = harness({ handler: () => undefined, clientId: 'c1', brokers: [BROKER_A, BROKER_B] });
    const { cluster } = one;
    cluster.consumerIds = ['c1', 'c2'];
    const two = harness({ handler: () => undefined, clientId: 'c2', cluster, brokers: [BROKER_A, BROKER_B] });
    const seen1: string[][] = [];
    one.consumer.assignment$.subscribe((qs) => seen1.push(keys(qs)));
    await one.consumer.start();
    await two.consumer.start();
    await settle();
    const a = (id: number) => mq(id, TOPIC, 'broker-a');
    const b = (id: number) => mq(id, TOPIC, 'broker-b');
    const retryA = mq(0, RETRY_TOPIC, 'broker-a');
    const retryB = mq(0, RETRY_TOPIC, 'broker-b');
    expect(seen1).toEqual([[], keys([a(0), a(1), a(2), a(3), retryA])]);
    expect(keys(await firstOf(two.consumer.assignment$))).toEqual(keys([b(0), b(1), b(2), b(3), retryB]));

    cluster.consumerIds = ['c1'];
    await two.consumer.shutdown();
    one.port.handlers!.notifyConsumerIdsChanged('G1');
    await settle();
    expect(seen1.at(-1)).toEqual(keys([a(0), a(1), a(2), a(3), b(0), b(1), b(2), b(3), retryA, retryB]));
    const rebalances = one.eventsOf('rebalance');
    expect(rebalances.at(-1)).toMatchObject({ reason: 'notify', removed: [] });
    expect(rebalances.at(-1)!.added).toHaveLength(5);

    cluster.consumerIds = ['c0', 'c1'];
    await advance(19_999);
    expect(seen1).toHaveLength(3);
    await advance(1);
    expect(one.eventsOf('rebalance').at(-1)).toMatchObject({ reason: 'interval' });
    expect(seen1.at(-1)).toEqual(keys([b(0), b(1), b(2), b(3), retryB]));
    expect(one.eventsOf('queue-released').map((e) => queueKey(e.queue)).sort()).toEqual(keys([a(0), a(1), a(2), a(3), retryA]));
    await one.consumer.shutdown();
  });

  it('a topic whose consumer list cannot be had keeps its queues for the round (reported)', async () => {
    const h = harness({ handler: () => undefined });
    await h.consumer.start();
    await settle();
    const owned = keys(await firstOf(h.consumer.assignment$));
    h.port.overrides.getConsumerIdList = async () => {
      throw new Error('broker down');
    };
    await advance(20_000);
    expect(keys(await firstOf(h.consumer.assignment$))).toEqual(owned);
    expect(h.eventsOf('rebalance-failed').map((e) => e.reason)).toContain('consumer id list unavailable');
    await h.consumer.shutdown();
  });

  it('subscribing while running heartbeats and rebalances; unsubscribing releases the topic’s queues', async () => {
    const h = harness({ handler: () => undefined, brokers: [{ ...BROKER_A, queues: 2 }] });
    h.port.setRoute('T2', [{ ...BROKER_A, queues: 1 }]);
    await h.consumer.start();
    await settle();
    const heartbeats = h.port.callsOf('heartbeat').length;
    h.consumer.subscribe('T2', 'x');
    await settle();
    expect(h.port.callsOf('heartbeat').length).toBe(heartbeats + 1);
    expect(keys(await firstOf(h.consumer.assignment$))).toContain(queueKey(mq(0, 'T2')));
    expect(h.eventsOf('rebalance').at(-1)?.reason).toBe('subscription-changed');
    h.consumer.unsubscribe(TOPIC);
    await settle();
    expect(keys(await firstOf(h.consumer.assignment$))).toEqual(keys([mq(0, 'T2'), mq(0, RETRY_TOPIC)]));
    await h.consumer.shutdown();
  });
});

function firstOf<T>(o: Observable<T>): Promise<T> {
  return new Promise((resolve) => o.pipe(take(1)).subscribe(resolve));
}
