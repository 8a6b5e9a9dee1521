import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { consumerHeartbeat, FakeChannel, startBroker, type TestBroker } from './helpers.js';

const NOTIFY = RequestCode.NOTIFY_CONSUMER_IDS_CHANGED;
let t: TestBroker;

afterEach(async () => {
  await t?.broker.close();
  vi.useRealTimers();
});

describe('heartbeat', () => {
  it('registers the group, auto-creates it and its %RETRY% topic (1 queue, perm 6), and lists the client', async () => {
    t = await startBroker();
    const a = new FakeChannel('a');
    expect(await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'TopicTest'), a)).toEqual({ code: 0 });
    expect(t.broker.topicConfig('%RETRY%CG')).toMatchObject({ readQueueNums: 1, writeQueueNums: 1, perm: 6 });
    expect(await t.broker.consumerList({ consumerGroup: 'CG' })).toEqual({ code: 0, consumerIdList: ['cid-A'] });
  });

  it('notifies every member, the newcomer included, when a new client joins; not on a repeated heartbeat', async () => {
    t = await startBroker();
    const a = new FakeChannel('a');
    const b = new FakeChannel('b');
    await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'TopicTest'), a);
    expect(a.notifications).toEqual([{ code: NOTIFY, extFields: { consumerGroup: 'CG' } }]);
    await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'TopicTest'), a);
    expect(a.notifications).toHaveLength(1);
    await t.broker.heartbeat(consumerHeartbeat('cid-B', 'CG', 'TopicTest'), b);
    expect(a.codes()).toEqual([NOTIFY, NOTIFY]);
    expect(b.codes()).toEqual([NOTIFY]);
    expect(await t.broker.consumerList({ consumerGroup: 'CG' })).toEqual({ code: 0, consumerIdList: ['cid-A', 'cid-B'] });
  });

  it('notifies when the set of subscribed topics changes', async () => {
    t = await startBroker();
    const a = new FakeChannel('a');
    await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'TopicTest'), a);
    await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'OtherTopic'), a);
    expect(a.codes()).toEqual([NOTIFY, NOTIFY]);
  });

  it('registers producer groups (used for transaction check-back) without notifying anyone', async () => {
    t = await startBroker();
    const p = new FakeChannel('p');
    expect(await t.broker.heartbeat({ clientID: 'cid-P', producerDataSet: [{ groupName: 'PG' }], consumerDataSet: [] }, p)).toEqual({ code: 0 });
    expect(p.notifications).toEqual([]);
    expect(await t.broker.consumerList({ consumerGroup: 'PG' })).toMatchObject({ code: ResponseCode.SYSTEM_ERROR });
  });

  it('refuses a heartbeat without clientID or group names (SYSTEM_ERROR with the reason)', async () => {
    t = await startBroker();
    const c = new FakeChannel('c');
    expect(await t.broker.heartbeat({ clientID: '' }, c)).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'HEART_BEAT body has no clientID' });
    const noGroup = { clientID: 'x', consumerDataSet: [{ groupName: '', consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeFromWhere: 'X' }] };
    expect(await t.broker.heartbeat(noGroup, c)).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'HEART_BEAT consumer data without groupName' });
    expect(await t.broker.heartbeat(null as never, c)).toMatchObject({ code: ResponseCode.SYSTEM_ERROR });
  });

  it('does not create the subscription group or retry topic when auto-creation is off, but still registers', async () => {
    t = await startBroker({ autoCreateSubscriptionGroup: false });
    await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'TopicTest'), new FakeChannel('a'));
    expect(t.broker.topicConfig('%RETRY%CG')).toBeUndefined();
    expect(await t.broker.consumerList({ consumerGroup: 'CG' })).toEqual({ code: 0, consumerIdList: ['cid-A'] });
  });
});

describe('membership changes', () => {
  async function twoMembers() {
    t = await startBroker();
    const a = new FakeChannel('a');
    const b = new FakeChannel('b');
    await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'TopicTest'), a);
    await t.broker.heartbeat(consumerHeartbeat('cid-B', 'CG', 'TopicTest'), b);
    a.notifications.length = 0;
    b.notifications.length = 0;
    return { a, b };
  }

  it('UNREGISTER_CLIENT removes the client and notifies the remaining members', async () => {
    const { a, b } = await twoMembers();
    expect(await t.broker.unregisterClient({ clientID: 'cid-B', consumerGroup: 'CG' }, b)).toEqual({ code: 0 });
    expect(a.codes()).toEqual([NOTIFY]);
    expect(b.notifications).toEqual([]);
    expect(await t.broker.consumerList({ consumerGroup: 'CG' })).toEqual({ code: 0, consumerIdList: ['cid-A'] });
  });

  it('a closed channel leaves its groups and the rest are told', async () => {
    const { a, b } = await twoMembers();
    a.closed = true;
    t.broker.channelClosed(a);
    expect(b.codes()).toEqual([NOTIFY]);
    expect(a.notifications).toEqual([]);
    b.closed = true;
    t.broker.channelClosed(b);
    expect(await t.broker.consumerList({ consumerGroup: 'CG' })).toEqual({
      code: ResponseCode.SYSTEM_ERROR, remark: 'no consumer for this group, CG',
    });
  });

  it('a client silent for 120 s expires (scan every 10 s): removed, its channel closed, the others told', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    t = await startBroker();
    const a = new FakeChannel('a');
    const b = new FakeChannel('b');
    await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'TopicTest'), a);
    await t.broker.heartbeat(consumerHeartbeat('cid-B', 'CG', 'TopicTest'), b);
    for (let i = 0; i < 13; i++) {
      await vi.advanceTimersByTimeAsync(10_000);
      await t.broker.heartbeat(consumerHeartbeat('cid-A', 'CG', 'TopicTest'), a);
    }
    expect(b.closed).toBe(true);
    expect(a.closed).toBe(false);
    expect(a.codes().filter((c) => c === NOTIFY)).toHaveLength(3); // own join, B's join, B's expiry
    expect(await t.broker.consumerList({ consumerGroup: 'CG' })).toEqual({ code: 0, consumerIdList: ['cid-A'] });
    expect(t.events).toContainEqual({ type: 'client-expired', channelId: 'b', remoteAddress: b.remoteAddress });
  });

  it('a notification that throws is reported as an event and does not break the heartbeat', async () => {
    t = await startBroker();
    const bad = new FakeChannel('bad');
    bad.notify = () => {
      throw new Error('socket gone');
    };
    expect(await t.broker.heartbeat(consumerHeartbeat('cid-X', 'CG', 'TopicTest'), bad)).toEqual({ code: 0 });
    expect(t.events.some((e) => e.type === 'error' && e.where === 'notify-consumer-ids-changed')).toBe(true);
  });
});
