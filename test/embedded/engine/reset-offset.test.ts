import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeResetOffsetBody, encodeResetOffsetBody } from '../../../adapters/remoting/protocol/body/reset-offset.js';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { MemoryStore } from '../../../adapters/embedded/store/memory-store.js';
import { captureFrame, consumerHeartbeat, FakeChannel, sendRequest, startBroker, type TestBroker } from './helpers.js';

const T0 = 1_700_000_000_000;
let t: TestBroker;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});

afterEach(async () => {
  await t?.broker.close();
  vi.useRealTimers();
});

/** `count` messages into each queue of `topic`, one second apart (queue 0 first). */
async function fill(topic: string, queues: number, count: number, from: FakeChannel): Promise<void> {
  for (let i = 0; i < count; i++) {
    for (let q = 0; q < queues; q++) await t.broker.send(sendRequest({ topic, queueId: q }), from);
    await vi.advanceTimersByTimeAsync(1_000);
  }
}

async function online(group: string, topic: string, id: string): Promise<FakeChannel> {
  const ch = new FakeChannel(id);
  expect(await t.broker.heartbeat(consumerHeartbeat(`client-${id}`, group, topic), ch)).toEqual({ code: 0 });
  ch.notifications.length = 0;
  return ch;
}

const offsetsOf = (r: { offsets: readonly { queue: { queueId: number }; offset: number }[] }) =>
  Object.fromEntries(r.offsets.map((e) => [e.queue.queueId, e.offset]));

describe('INVOKE_BROKER_TO_RESET_OFFSET (Java Broker2Client.resetOffset)', () => {
  it('reproduces the admin capture: the pushed RESET_CONSUMER_CLIENT_OFFSET (isForce false) and the answer body', async () => {
    t = await startBroker();
    const [topic, group] = ['CapAdminTopic3', 'CapAdminConsumerGroup3'];
    const request = captureFrame('admin-to-client', 75);
    const timestamp = Number(request.extFields!['timestamp']);
    // As in the capture: five messages sent after the time the admin resets to, all consumed and committed.
    vi.setSystemTime(timestamp + 1_000);
    await t.broker.createTopic(topic, 1);
    await fill(topic, 1, 5, new FakeChannel('p'));
    await t.broker.updateConsumerOffset({ consumerGroup: group, topic, queueId: 0, commitOffset: 5 });
    const consumer = await online(group, topic, 'c');
    const result = await t.broker.resetOffset({ topic, group, timestamp, isForce: request.extFields!['isForce'] === 'true' });
    const pushed = captureFrame('admin-to-client', 76);
    const answer = captureFrame('admin-to-client', 77);
    if (result.code !== ResponseCode.SUCCESS) throw new Error(result.remark);
    expect(consumer.notifications).toHaveLength(1);
    const [n] = consumer.notifications;
    expect(n!.code).toBe(RequestCode.RESET_CONSUMER_CLIENT_OFFSET);
    expect(Object.entries(n!.extFields)).toEqual(Object.entries(pushed.extFields!));
    expect(n!.body).toEqual(pushed.body);
    expect(encodeResetOffsetBody(result.offsets)).toEqual(answer.body);
    expect(t.store.committedOffset(group, topic, 0)).toBe(0);
  });

  it('moves to the offset of the timestamp per queue, commits it and pushes it to every consumer of the group', async () => {
    t = await startBroker();
    await t.broker.createTopic('TR', 2);
    await fill('TR', 2, 6, new FakeChannel('p'));
    for (const queueId of [0, 1]) await t.broker.updateConsumerOffset({ consumerGroup: 'G', topic: 'TR', queueId, commitOffset: 6 });
    const a = await online('G', 'TR', 'a');
    const b = await online('G', 'TR', 'b');
    const other = await online('Other', 'TR', 'o');
    const result = await t.broker.resetOffset({ topic: 'TR', group: 'G', timestamp: T0 + 2_500, isForce: true });
    if (result.code !== 0) throw new Error(result.remark);
    expect(offsetsOf(result)).toEqual({ 0: 3, 1: 3 });
    expect([t.store.committedOffset('G', 'TR', 0), t.store.committedOffset('G', 'TR', 1)]).toEqual([3, 3]);
    for (const ch of [a, b]) {
      const resets = ch.notifications.filter((n) => n.code === RequestCode.RESET_CONSUMER_CLIENT_OFFSET);
      expect(resets).toHaveLength(1);
      expect(decodeResetOffsetBody(resets[0]!.body!)).toEqual(result.offsets);
    }
    expect(other.notifications).toEqual([]);
  });

  it('isForce false only moves backwards; -1 is the end of each queue', async () => {
    t = await startBroker();
    await t.broker.createTopic('TF', 2);
    await fill('TF', 2, 6, new FakeChannel('p'));
    await t.broker.updateConsumerOffset({ consumerGroup: 'G', topic: 'TF', queueId: 0, commitOffset: 1 });
    await t.broker.updateConsumerOffset({ consumerGroup: 'G', topic: 'TF', queueId: 1, commitOffset: 5 });
    await online('G', 'TF', 'a');
    const soft = await t.broker.resetOffset({ topic: 'TF', group: 'G', timestamp: T0 + 2_500, isForce: false });
    expect(soft.code === 0 && offsetsOf(soft)).toEqual({ 0: 1, 1: 3 });
    const end = await t.broker.resetOffset({ topic: 'TF', group: 'G', timestamp: -1, isForce: true });
    expect(end.code === 0 && offsetsOf(end)).toEqual({ 0: 6, 1: 6 });
    const softEnd = await t.broker.resetOffset({ topic: 'TF', group: 'G', timestamp: -1, isForce: false });
    expect(softEnd.code === 0 && offsetsOf(softEnd)).toEqual({ 0: 6, 1: 6 });
  });

  it('5.x queueId and offset: one queue, to the given offset within its range', async () => {
    t = await startBroker();
    await t.broker.createTopic('TQ', 2);
    await fill('TQ', 2, 4, new FakeChannel('p'));
    for (const queueId of [0, 1]) await t.broker.updateConsumerOffset({ consumerGroup: 'G', topic: 'TQ', queueId, commitOffset: 4 });
    await online('G', 'TQ', 'a');
    const one = await t.broker.resetOffset({ topic: 'TQ', group: 'G', timestamp: 0, isForce: false, queueId: 1, offset: 2 });
    expect(one.code === 0 && offsetsOf(one)).toEqual({ 1: 2 });
    expect([t.store.committedOffset('G', 'TQ', 0), t.store.committedOffset('G', 'TQ', 1)]).toEqual([4, 2]);
    expect(await t.broker.resetOffset({ topic: 'TQ', group: 'G', timestamp: 0, isForce: true, queueId: 1, offset: 9 })).toEqual({
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'Target offset 9 not in consume queue range [0-4]',
    });
    expect((await t.broker.resetOffset({ topic: 'TQ', group: 'G', timestamp: 0, isForce: true, queueId: 2 })).code).toBe(ResponseCode.SYSTEM_ERROR);
  });

  it('refuses as Java does: unknown topic, a queue never committed, no consumer online (nothing committed then)', async () => {
    t = await startBroker({}, { store: new MemoryStore() });
    await t.broker.createTopic('TE', 2);
    await fill('TE', 2, 2, new FakeChannel('p'));
    expect(await t.broker.resetOffset({ topic: 'Nope', group: 'G', timestamp: 0, isForce: true })).toEqual({
      code: ResponseCode.SYSTEM_ERROR,
      remark: '[reset-offset] reset offset failed, no topic in this broker. topic=Nope',
    });
    await t.broker.updateConsumerOffset({ consumerGroup: 'G', topic: 'TE', queueId: 0, commitOffset: 2 });
    expect(await t.broker.resetOffset({ topic: 'TE', group: 'G', timestamp: 0, isForce: true })).toEqual({
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'THe consumer group <G> not exist',
    });
    await t.broker.updateConsumerOffset({ consumerGroup: 'G', topic: 'TE', queueId: 1, commitOffset: 2 });
    expect(await t.broker.resetOffset({ topic: 'TE', group: 'G', timestamp: 0, isForce: true })).toEqual({
      code: ResponseCode.CONSUMER_NOT_ONLINE,
      remark: 'Consumer not online, so can not reset offset, Group: G Topic: TE Timestamp: 0',
    });
    expect(t.store.committedOffset('G', 'TE', 0)).toBe(2);
    expect((await t.broker.resetOffset({ topic: 'TE', group: 'G', timestamp: Number.NaN, isForce: true })).code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});
