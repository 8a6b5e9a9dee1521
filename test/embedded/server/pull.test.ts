import { afterEach, describe, expect, it } from 'vitest';
import type { RemotingCommand } from '../../../adapters/remoting/protocol/command.js';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { client, consumerHeartbeat, pullRequest, Resources, sendV2, startBroker, type RawClient } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

const header = (res: RemotingCommand) => ({ code: res.code, remark: res.remark, ...res.extFields });

/** A promise of the next broker-pushed request with `code` on this client's connection. */
function nextPushed(c: RawClient, code: number): Promise<RemotingCommand> {
  return new Promise((resolve) => c.connection.setProcessor(code, (request) => void resolve(request)));
}

describe('PULL_MESSAGE results as a 4.9.8 master answers them', () => {
  it('filters by tag on the broker and moves nextBeginOffset to the scan end', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    for (const tags of ['TagA', 'TagB', 'TagA']) await c.call(sendV2({ topic: 'PullTopic', tags }));
    const onlyB = await c.call(pullRequest({ group: 'G', topic: 'PullTopic', subscription: 'TagB' }));
    expect(header(onlyB)).toEqual({ code: 0, remark: 'FOUND', suggestWhichBrokerId: '0', nextBeginOffset: '3', minOffset: '0', maxOffset: '3' });
    expect(decodeStoredMessages(onlyB.body!).map((m) => [m.queueOffset, m.properties['TAGS']])).toEqual([[1, 'TagB']]);
    const none = await c.call(pullRequest({ group: 'G', topic: 'PullTopic', subscription: 'TagC' }));
    expect(header(none)).toMatchObject({ code: ResponseCode.PULL_RETRY_IMMEDIATELY, remark: 'NO_MATCHED_MESSAGE', nextBeginOffset: '3' });
    expect(none.body).toBeUndefined();
    const two = await c.call(pullRequest({ group: 'G', topic: 'PullTopic', maxMsgNums: 2 }));
    expect(header(two)).toMatchObject({ code: 0, nextBeginOffset: '2' });
  });

  it('answers PULL_NOT_FOUND when caught up and PULL_OFFSET_MOVED for an offset past the end', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'EdgeTopic' }));
    expect(header(await c.call(pullRequest({ group: 'G', topic: 'EdgeTopic', queueOffset: 1 })))).toEqual({
      code: ResponseCode.PULL_NOT_FOUND, remark: 'OFFSET_OVERFLOW_ONE', suggestWhichBrokerId: '0', nextBeginOffset: '1', minOffset: '0', maxOffset: '1',
    });
    expect(header(await c.call(pullRequest({ group: 'G', topic: 'EdgeTopic', queueOffset: 5 })))).toMatchObject({
      code: ResponseCode.PULL_OFFSET_MOVED, remark: 'OFFSET_OVERFLOW_BADLY', nextBeginOffset: '1',
    });
    expect(header(await c.call(pullRequest({ group: 'G', topic: 'EdgeTopic', queueId: 2 })))).toMatchObject({
      code: ResponseCode.PULL_NOT_FOUND, nextBeginOffset: '0', maxOffset: '0',
    });
  });

  it('parks a SUSPEND pull and answers it when a message arrives (long polling)', async () => {
    const { mq } = await startBroker(resources);
    const consumer = await client(resources, mq.address);
    const producer = await client(resources, mq.address);
    await producer.call(sendV2({ topic: 'LongPollTopic', body: 'first' }));
    const parked = consumer.call(pullRequest({ group: 'G', topic: 'LongPollTopic', queueOffset: 1, suspend: true }), 20_000);
    const [{ broker }] = mq.brokers;
    // The pull is in the broker's hold once a request sent after it on the same connection is answered.
    await consumer.call({ code: RequestCode.GET_MAX_OFFSET, extFields: { topic: 'LongPollTopic', queueId: '0' } });
    expect(broker!.parkedPulls).toBe(1);
    await producer.call(sendV2({ topic: 'LongPollTopic', body: 'second' }));
    const res = await parked;
    expect(header(res)).toMatchObject({ code: 0, nextBeginOffset: '2' });
    expect(decodeStoredMessages(res.body!).map((m) => m.body.toString())).toEqual(['second']);
    expect(broker!.parkedPulls).toBe(0);
  });

  it('drops a parked pull unanswered and the client from its group when the connection closes', async () => {
    const { mq } = await startBroker(resources);
    const a = await client(resources, mq.address);
    const b = await client(resources, mq.address);
    await a.call(consumerHeartbeat({ clientId: 'client-a', group: 'CloseGroup', topic: 'CloseTopic' }));
    const joined = nextPushed(a, RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
    await b.call(consumerHeartbeat({ clientId: 'client-b', group: 'CloseGroup', topic: 'CloseTopic' }));
    expect((await joined).extFields).toEqual({ consumerGroup: 'CloseGroup' });
    await a.call(sendV2({ topic: 'CloseTopic' }));
    void a.call({ ...pullRequest({ group: 'CloseGroup', topic: 'CloseTopic', queueOffset: 1, suspend: true }) }, 20_000).catch(() => undefined);
    await a.call({ code: RequestCode.GET_MAX_OFFSET, extFields: { topic: 'CloseTopic', queueId: '0' } });
    expect(mq.brokers[0]!.broker.parkedPulls).toBe(1);
    const left = nextPushed(b, RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
    await a.close();
    const notified = await left;
    expect(notified.flag & 2).toBe(2);
    expect(notified.serializeType).toBe('JSON');
    expect(mq.brokers[0]!.broker.parkedPulls).toBe(0);
    const list = await b.call({ code: RequestCode.GET_CONSUMER_LIST_BY_GROUP, extFields: { consumerGroup: 'CloseGroup' } });
    expect(JSON.parse(list.body!.toString())).toEqual({ consumerIdList: ['client-b'] });
  });
});

describe('PULL_MESSAGE refusals', () => {
  it('SUBSCRIPTION_GROUP_NOT_EXIST for an unknown group when auto-creation is off', async () => {
    const { mq } = await startBroker(resources, { engine: { autoCreateSubscriptionGroup: false } });
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'GroupTopic' }));
    const res = await c.call(pullRequest({ group: 'UnknownGroup', topic: 'GroupTopic' }));
    expect(res.code).toBe(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
    expect(res.remark).toContain('UnknownGroup');
    expect(res.extFields).toEqual({});
  });

  it('TOPIC_NOT_EXIST for an unknown topic, SUBSCRIPTION_NOT_EXIST without heartbeat, SUBSCRIPTION_NOT_LATEST for a newer version', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    expect((await c.call(pullRequest({ group: 'G', topic: 'Nowhere' }))).code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    await c.call(sendV2({ topic: 'SubTopic' }));
    const registered = (o: { subVersion: number }) => {
      const req = pullRequest({ group: 'SubGroup', topic: 'SubTopic', subVersion: o.subVersion });
      return { ...req, extFields: { ...req.extFields!, sysFlag: '0' } };
    };
    const noSub = await c.call(registered({ subVersion: 1 }));
    expect(noSub.code).toBe(ResponseCode.SUBSCRIPTION_NOT_EXIST);
    await c.call(consumerHeartbeat({ clientId: 'c1', group: 'SubGroup', topic: 'SubTopic', subVersion: 100 }));
    expect((await c.call(registered({ subVersion: 100 }))).code).toBe(ResponseCode.SUCCESS);
    const stale = await c.call(registered({ subVersion: 101 }));
    expect(header(stale)).toEqual({ code: ResponseCode.SUBSCRIPTION_NOT_LATEST, remark: "the consumer's subscription not latest" });
  });

  it('SYSTEM_ERROR naming the field for a pull without queueOffset', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const req = pullRequest({ group: 'G', topic: 'T' });
    const { queueOffset: _q, ...ext } = req.extFields!;
    expect(await c.call({ ...req, extFields: ext })).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: 'the custom field <queueOffset> is null' });
  });
});
