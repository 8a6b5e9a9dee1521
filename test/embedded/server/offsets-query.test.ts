import { afterEach, describe, expect, it } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { encodeQueryMessageRequest } from '../../../adapters/remoting/protocol/headers/query-message.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { client, Resources, sendV2, startBroker } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

const queue = (topic: string, queueId = 0) => ({ topic, queueId: String(queueId) });

describe('consumer offsets and queue offsets', () => {
  it('QUERY_CONSUMER_OFFSET is 0 for a fresh queue, then what UPDATE_CONSUMER_OFFSET (oneway or not) stored', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'OffsetTopic' }));
    const query = () => c.call({ code: RequestCode.QUERY_CONSUMER_OFFSET, extFields: { consumerGroup: 'OG', ...queue('OffsetTopic') } });
    expect(await query()).toMatchObject({ code: ResponseCode.SUCCESS, extFields: { offset: '0' } });
    const update = await c.call({ code: RequestCode.UPDATE_CONSUMER_OFFSET, extFields: { consumerGroup: 'OG', ...queue('OffsetTopic'), commitOffset: '1' } });
    expect(update.code).toBe(ResponseCode.SUCCESS);
    expect(update.extFields).toEqual({});
    expect((await query()).extFields).toEqual({ offset: '1' });
    await c.oneway({ code: RequestCode.UPDATE_CONSUMER_OFFSET, extFields: { consumerGroup: 'OG', ...queue('OffsetTopic'), commitOffset: '0' } });
    // A request after the oneway on the same connection sees its effect (memory store: no I/O in between).
    expect((await query()).extFields).toEqual({ offset: '0' });
    expect(c.connection.stats.unknownResponses).toBe(0);
  });

  it('GET_MAX_OFFSET, GET_MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP and GET_EARLIEST_MSG_STORETIME', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const before = Date.now();
    for (let i = 0; i < 3; i++) await c.call(sendV2({ topic: 'StatsTopic' }));
    const ext = async (code: number, extra: Record<string, string> = {}) => (await c.call({ code, extFields: { ...queue('StatsTopic'), ...extra } })).extFields;
    expect(await ext(RequestCode.GET_MAX_OFFSET)).toEqual({ offset: '3' });
    expect(await ext(RequestCode.GET_MIN_OFFSET)).toEqual({ offset: '0' });
    expect(await ext(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { timestamp: String(before - 1000) })).toEqual({ offset: '0' });
    expect(await ext(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { timestamp: String(Date.now() + 60_000) })).toEqual({ offset: '3' });
    const earliest = Number((await ext(RequestCode.GET_EARLIEST_MSG_STORETIME))!['timestamp']);
    expect(earliest).toBeGreaterThanOrEqual(before - 1);
    expect(earliest).toBeLessThanOrEqual(Date.now());
  });

  it('answers SYSTEM_ERROR naming the field for a non-numeric queueId', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const res = await c.call({ code: RequestCode.GET_MAX_OFFSET, extFields: { topic: 'T', queueId: 'x' } });
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toMatch(/^the custom field <queueId> is invalid/);
  });
});

describe('QUERY_MESSAGE and VIEW_MESSAGE_BY_ID', () => {
  const byKey = (topic: string, key: string, unique = false) => ({
    code: RequestCode.QUERY_MESSAGE,
    extFields: encodeQueryMessageRequest({ topic, key, maxNum: 32, beginTimestamp: 0, endTimestamp: Number.POSITIVE_INFINITY, uniqueKeyQuery: unique }),
  });

  it('finds messages by key and by unique key, and answers QUERY_NOT_FOUND with the index header otherwise', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'QueryTopic', keys: 'ORDER-1 ORDER-2', body: 'a' }));
    await c.call(sendV2({ topic: 'QueryTopic', keys: 'ORDER-3', body: 'b', props: { UNIQ_KEY: 'AC11000100002A9F0000000000000001' } }));
    const found = await c.call(byKey('QueryTopic', 'ORDER-2'));
    expect(found.code).toBe(ResponseCode.SUCCESS);
    expect(Object.keys(found.extFields!).sort()).toEqual(['indexLastUpdatePhyoffset', 'indexLastUpdateTimestamp']);
    expect(decodeStoredMessages(found.body!).map((m) => m.body.toString())).toEqual(['a']);
    const unique = await c.call(byKey('QueryTopic', 'AC11000100002A9F0000000000000001', true));
    expect(decodeStoredMessages(unique.body!).map((m) => m.body.toString())).toEqual(['b']);
    const missing = await c.call(byKey('QueryTopic', 'NOPE'));
    expect(missing).toMatchObject({ code: ResponseCode.QUERY_NOT_FOUND, remark: 'can not find message, maybe time range not correct' });
    expect(Object.keys(missing.extFields!).sort()).toEqual(['indexLastUpdatePhyoffset', 'indexLastUpdateTimestamp']);
  });

  it('views a message by the commit-log offset of its offset id, and refuses an offset that holds none', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'ViewTopic', body: 'first' }));
    const sent = await c.call(sendV2({ topic: 'ViewTopic', body: 'second' }));
    const { physicalOffset } = decodeOffsetMessageId(sent.extFields!['msgId']!);
    const view = await c.call({ code: RequestCode.VIEW_MESSAGE_BY_ID, extFields: { offset: String(physicalOffset) } });
    expect(view.code).toBe(ResponseCode.SUCCESS);
    expect(view.extFields).toBeUndefined();
    expect(decodeStoredMessages(view.body!).map((m) => [m.body.toString(), m.offsetMsgId])).toEqual([['second', sent.extFields!['msgId']]]);
    const bad = await c.call({ code: RequestCode.VIEW_MESSAGE_BY_ID, extFields: { offset: '7' } });
    expect(bad).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: 'can not find message by the offset, 7' });
  });
});
