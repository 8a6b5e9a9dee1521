import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientRegistry } from '../../../../core/client/client-registry.js';
import { PullConsumer } from '../../../../core/consumer/pull/pull-consumer.js';
import { type MessageQueue, queueKey } from '../../../../core/message/message-queue.js';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import type { HeartbeatData } from '../../../../core/ports/heartbeat.js';
import { makeConsumer, memoryBroker, qa, qb } from './harness.js';

const keys = (queues: readonly MessageQueue[]) => queues.map(queueKey).sort();
const ALL = [0, 1, 2, 3].flatMap((id) => [qa(id), qb(id)]);

describe('PullConsumer: subscribe', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('splits the topic\'s queues between two clients of the group, and the survivor takes them all back', async () => {
    const broker = memoryBroker();
    const one = makeConsumer(broker, { instanceName: 'one' });
    const two = makeConsumer(broker, { instanceName: 'two' });
    const seen: (readonly MessageQueue[])[] = [];
    one.consumer.assignment$.subscribe((a) => seen.push(a));
    one.consumer.subscribe('T');
    two.consumer.subscribe('T');
    await one.consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(keys(one.consumer.assignment())).toEqual(keys(ALL));
    await two.consumer.start();
    await vi.advanceTimersByTimeAsync(0);

    const a = one.consumer.assignment();
    const b = two.consumer.assignment();
    expect(a).toHaveLength(4);
    expect(b).toHaveLength(4);
    expect(keys([...a, ...b])).toEqual(keys(ALL));
    // AllocateMessageQueueAveragely: the first client id (sorted) takes the first half.
    expect(one.consumer.clientId! < two.consumer.clientId!).toBe(true);
    expect(keys(a)).toEqual(keys([qa(0), qa(1), qa(2), qa(3)]));
    expect(one.events.some((e) => e.type === 'queue-released')).toBe(true);

    // Messages go to whoever owns the queue.
    broker.append(qa(0), 2);
    broker.append(qb(0), 2);
    expect((await one.consumer.poll()).map((m) => m.queue)).toEqual([qa(0), qa(0)]);
    expect((await two.consumer.poll()).map((m) => m.queue)).toEqual([qb(0), qb(0)]);

    await two.consumer.shutdown();
    await vi.advanceTimersByTimeAsync(0);
    expect(keys(one.consumer.assignment())).toEqual(keys(ALL));
    expect(seen.map((s) => s.length)).toEqual([0, 8, 4, 8]);
    await one.consumer.shutdown();
  });

  it('registers its subscription in the heartbeat and filters by tag (broker side and again client side)', async () => {
    const broker = memoryBroker();
    broker.setRoute('T', [{ name: 'broker-a', addr: '10.0.0.1:10911', queues: 1 }]);
    broker.append(qa(0), 6, { tags: (i) => (i % 2 === 0 ? 'TagA' : 'TagB') });
    const { consumer, port } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.subscribe('T', 'TagA || TagC');
    await consumer.start();
    const got: ReceivedMessage[] = await consumer.poll();
    expect(got.map((m) => m.queueOffset)).toEqual([0, 2, 4]);
    expect(broker.pulls[0]!.req).toMatchObject({ subscription: 'TagA || TagC', expressionType: 'TAG', subVersion: 0 });
    const hb = port.callsOf('heartbeat').map((c) => c.args[0] as HeartbeatData).at(-1)!;
    expect(hb.consumerDataSet[0]).toMatchObject({ groupName: 'G', consumeType: 'CONSUME_ACTIVELY' });
    expect(hb.consumerDataSet[0]!.subscriptionDataSet).toEqual([
      expect.objectContaining({ topic: 'T', subString: 'TagA || TagC', tagsSet: ['TagA', 'TagC'], expressionType: 'TAG' }),
    ]);
    await consumer.shutdown();
  });

  it('rebalances every 20 s and on NOTIFY_CONSUMER_IDS_CHANGED; unsubscribe gives the topic\'s queues up', async () => {
    const broker = memoryBroker();
    broker.setRoute('U', [{ name: 'broker-a', addr: '10.0.0.1:10911', queues: 2 }]);
    const { consumer, port } = makeConsumer(broker);
    consumer.subscribe('T');
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    const asked = () => port.callsOf('getConsumerIdList').length;
    const before = asked();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(asked()).toBe(before + 1);
    port.handlers!.notifyConsumerIdsChanged('G');
    await vi.advanceTimersByTimeAsync(0);
    expect(asked()).toBe(before + 2);

    consumer.subscribe('U');
    await vi.advanceTimersByTimeAsync(0);
    expect(consumer.assignment()).toHaveLength(10);
    consumer.unsubscribe('T');
    await vi.advanceTimersByTimeAsync(0);
    expect(keys(consumer.assignment())).toEqual(keys([qa(0, 'U'), qa(1, 'U')]));
    await consumer.shutdown();
  });

  it('keeps its queues when a rebalance round cannot ask for the group\'s clients', async () => {
    const broker = memoryBroker();
    const { consumer, port, events } = makeConsumer(broker);
    consumer.subscribe('T');
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(consumer.assignment()).toHaveLength(8);
    port.overrides.getConsumerIdList = () => Promise.reject(new Error('broker down'));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(consumer.assignment()).toHaveLength(8);
    expect(events).toContainEqual(expect.objectContaining({ type: 'rebalance-failed', topic: 'T', reason: 'consumer id list unavailable' }));
    await consumer.shutdown();
  });

  it('a namespaced consumer talks to the broker with namespaced names and shows the user names', async () => {
    const broker = memoryBroker();
    broker.setRoute('ns1%T', [{ name: 'broker-a', addr: '10.0.0.1:10911', queues: 1 }]);
    broker.append({ topic: 'ns1%T', brokerName: 'broker-a', queueId: 0 }, 2);
    const port = broker.port();
    const consumer = new PullConsumer(
      { group: 'G', namespace: 'ns1', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' },
      { portFactory: () => port, registry: new ClientRegistry(), identity: { pid: 1, startTime: 2 } },
    );
    consumer.subscribe('T');
    await consumer.start();
    const got = await consumer.poll();
    expect(got.map((m) => [m.topic, m.queue.topic])).toEqual([
      ['T', 'T'],
      ['T', 'T'],
    ]);
    expect(consumer.assignment()).toEqual([qa(0)]);
    expect(broker.pulls[0]!.req).toMatchObject({ consumerGroup: 'ns1%G', queue: { topic: 'ns1%T' } });
    await consumer.commit([qa(0)]);
    expect(broker.committedOf('ns1%G', { topic: 'ns1%T', brokerName: 'broker-a', queueId: 0 })).toBe(2);
    await consumer.shutdown();
  });

  it('fetchMessageQueues and messageQueues$ give a topic\'s readable queues, again when its route changes', async () => {
    const broker = memoryBroker();
    const { consumer } = makeConsumer(broker);
    consumer.assign([qa(0)]);
    await consumer.start();
    expect(keys(await consumer.fetchMessageQueues('T'))).toEqual(keys(ALL));
    await expect(consumer.fetchMessageQueues('Nope')).rejects.toMatchObject({ kind: 'no-route' });
    const seen: number[] = [];
    let done = false;
    consumer.messageQueues$('T').subscribe({ next: (q) => seen.push(q.length), complete: () => (done = true) });
    broker.setRoute('T', [{ name: 'broker-a', addr: '10.0.0.1:10911', queues: 2 }]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(seen).toEqual([8, 2]);
    await consumer.shutdown();
    expect(done).toBe(true);
  });
});
