import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageQueue } from '../../../../core/message/message-queue.js';
import { brokerError } from '../../fakes/fake-port.js';
import { A, B, ids, makeConsumer, memoryBroker, qa, qb } from './harness.js';

/** UPDATE_CONSUMER_OFFSET calls as `queue=offset oneway?`. */
function commits(port: ReturnType<typeof makeConsumer>['port']): string[] {
  return port.callsOf('updateConsumerOffset').map((c) => {
    const [group, q, offset, oneway] = c.args as [string, MessageQueue, number, boolean];
    return `${group} ${q.brokerName}/${q.queueId}=${offset}${oneway ? ' oneway' : ''}`;
  });
}

describe('PullConsumer: seek', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('seek, seekToBegin and seekToEnd change what the next poll returns', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 30);
    broker.minOffsets.set('T@broker-a#0', 2);
    const { consumer, events } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', pullThresholdForQueue: 20 });
    consumer.assign([qa(0)]);
    await consumer.start();
    // The first pull from 0 is below the min offset: the broker moves the queue to 2.
    expect(ids(await consumer.poll())[0]).toBe('broker-a/0:2');
    expect(events).toContainEqual({ type: 'offset-moved', queue: qa(0), requestedOffset: 0, nextOffset: 2 });

    await consumer.seek(qa(0), 25);
    expect(ids(await consumer.poll())).toEqual(['broker-a/0:25', 'broker-a/0:26', 'broker-a/0:27', 'broker-a/0:28', 'broker-a/0:29']);
    expect(events).toContainEqual({ type: 'seek', queue: qa(0), offset: 25 });

    await consumer.seekToBegin(qa(0));
    expect(ids(await consumer.poll())[0]).toBe('broker-a/0:2');

    await consumer.seekToEnd(qa(0));
    const nothing = consumer.poll(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await nothing).toEqual([]);
    broker.append(qa(0), 1);
    expect(ids(await consumer.poll())).toEqual(['broker-a/0:30']);
    await consumer.shutdown();
  });

  it('seek drops what the queue buffered before, even batches already waiting for a poller', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 50);
    const { consumer } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.assign([qa(0)]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(consumer.bufferedCount).toBe(50);
    await consumer.seek(qa(0), 10);
    const batch = await consumer.poll();
    expect(ids(batch)[0]).toBe('broker-a/0:10');
    await consumer.shutdown();
  });

  it('rejects an offset outside [min, max] and a queue that is not assigned', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 5);
    const { consumer } = makeConsumer(broker);
    consumer.assign([qa(0)]);
    await consumer.start();
    await expect(consumer.seek(qa(0), 6)).rejects.toMatchObject({ kind: 'seek-offset-out-of-range', context: { offset: 6, min: 0, max: 5 } });
    await expect(consumer.seek(qa(0), -1)).rejects.toMatchObject({ kind: 'invalid-argument' });
    await expect(consumer.seek(qa(1), 0)).rejects.toMatchObject({ kind: 'queue-not-assigned', context: { queue: qa(1) } });
    await expect(consumer.seekToEnd(qb(0))).rejects.toMatchObject({ kind: 'queue-not-assigned' });
    await consumer.shutdown();
  });
});

describe('PullConsumer: commit, committed, offsetForTimestamp', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('commit writes the offsets of what was polled, synchronously, to each queue\'s master', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 30);
    broker.append(qb(0), 30);
    const { consumer, port, events } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', autoCommit: false });
    consumer.assign([qa(0), qb(0)]);
    await consumer.start();
    const polled = new Map<string, number>();
    for (let i = 0; i < 3; i++) {
      for (const m of await consumer.poll()) polled.set(m.queue.brokerName, m.queueOffset + 1);
    }
    expect(port.callsOf('updateConsumerOffset')).toHaveLength(0);
    await consumer.commit();
    const expected = [...polled].map(([broker, next]) => `G ${broker}/0=${next}`).sort();
    expect(commits(port).sort()).toEqual(expected);
    expect(port.callsOf('updateConsumerOffset').map((c) => c.addr).sort()).toEqual([A.addr, B.addr].slice(0, expected.length).sort());
    expect(await consumer.committed(qa(0))).toBe(polled.get('broker-a'));
    expect(events.some((e) => e.type === 'offsets-committed')).toBe(true);

    port.calls.length = 0;
    await consumer.commit([qa(0), qa(3)]);
    expect(commits(port)).toEqual([`G broker-a/0=${polled.get('broker-a')}`]);
    await consumer.shutdown();
    expect(commits(port)).toEqual([`G broker-a/0=${polled.get('broker-a')}`]);
  });

  it('a failed write rejects with commit-failed naming the queue, and is reported', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 5);
    const { consumer, port, events } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', autoCommit: false });
    consumer.assign([qa(0)]);
    await consumer.start();
    await consumer.poll();
    const cause = brokerError(1, 'disk full');
    port.overrides.updateConsumerOffset = () => Promise.reject(cause);
    await expect(consumer.commit()).rejects.toMatchObject({ kind: 'commit-failed', context: { failed: [qa(0)] }, cause });
    expect(events).toContainEqual({ type: 'offset-commit-failed', queue: qa(0), error: cause });
    await consumer.shutdown();
  });

  it('committed reads the broker; offsetForTimestamp searches the queue\'s broker', async () => {
    const broker = memoryBroker();
    broker.append(qb(2), 10, { storeTimestamp: 5_000 });
    broker.append(qb(2), 10, { storeTimestamp: 9_000 });
    broker.setCommitted('G', qb(2), 7);
    const { consumer, port } = makeConsumer(broker);
    consumer.assign([qb(2)]);
    await consumer.start();
    expect(await consumer.committed(qb(2))).toBe(7);
    expect(await consumer.committed(qb(3))).toBeUndefined();
    expect(await consumer.offsetForTimestamp(qb(2), 8_000)).toBe(10);
    expect(port.callsOf('searchOffset').at(-1)).toMatchObject({ addr: B.addr, args: [qb(2), 8_000, { timeoutMs: 3_000 }] });
    await expect(consumer.offsetForTimestamp(qb(2), -5)).rejects.toMatchObject({ kind: 'invalid-argument' });
    await consumer.shutdown();
  });
});

describe('PullConsumer: auto-commit', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('every 5 s writes what was polled before the last poll began (never the batch in hand), and all of it at shutdown', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 100);
    const { consumer, port } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    consumer.assign([qa(0)]);
    await consumer.start();
    expect(ids(await consumer.poll())).toHaveLength(10); // 0..9 in hand
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ids(await consumer.poll())[0]).toBe('broker-a/0:10'); // 0..9 handled, 10..19 in hand
    await vi.advanceTimersByTimeAsync(3_999);
    expect(commits(port)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(commits(port)).toEqual(['G broker-a/0=10']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(commits(port)).toEqual(['G broker-a/0=10']); // nothing moved: nothing written
    await consumer.poll(); // 10..19 handled
    await vi.advanceTimersByTimeAsync(5_000);
    expect(commits(port)).toEqual(['G broker-a/0=10', 'G broker-a/0=20']);
    await consumer.shutdown();
    expect(commits(port)).toEqual(['G broker-a/0=10', 'G broker-a/0=20', 'G broker-a/0=30']);
    expect(broker.committedOf('G', qa(0))).toBe(30);
  });

  it('is off with autoCommit: false (no timer, nothing written at shutdown)', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 30);
    const { consumer, port } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', autoCommit: false });
    consumer.assign([qa(0)]);
    await consumer.start();
    await consumer.poll();
    await consumer.poll();
    await vi.advanceTimersByTimeAsync(20_000);
    await consumer.shutdown();
    expect(commits(port)).toEqual([]);
  });

  it('a queue caught up with nothing buffered commits its end (filtered tail included)', async () => {
    const broker = memoryBroker();
    broker.append(qa(0), 4, { tags: (i) => (i < 2 ? 'TagA' : 'TagB') });
    const { consumer, port } = makeConsumer(broker, { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', autoCommit: false });
    consumer.subscribe('T', 'TagA');
    broker.setRoute('T', [{ ...A, queues: 1 }]);
    await consumer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(ids(await consumer.poll())).toEqual(['broker-a/0:0', 'broker-a/0:1']);
    await vi.advanceTimersByTimeAsync(0);
    await consumer.commit();
    expect(commits(port)).toEqual(['G broker-a/0=4']);
    await consumer.shutdown();
  });
});
