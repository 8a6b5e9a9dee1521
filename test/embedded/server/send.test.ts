import { afterEach, describe, expect, it } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { encodeSendMessageRequest } from '../../../adapters/remoting/protocol/headers/send-message.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { encodeBatch } from '../../../adapters/remoting/protocol/message/batch.js';
import { decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { client, pullRequest, Resources, sendV2, startBroker } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

describe('SEND_MESSAGE_V2 / SEND_MESSAGE / SEND_BATCH_MESSAGE', () => {
  it('stores a V2 send and answers msgId (store host + physical offset), queue, offset, MSG_REGION and TRACE_ON', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const first = await c.call(sendV2({ topic: 'SendTopic', body: 'one', queueId: 1 }));
    const second = await c.call(sendV2({ topic: 'SendTopic', body: 'two', queueId: 1 }));
    expect(first.code).toBe(ResponseCode.SUCCESS);
    expect(first.version).toBe(409);
    expect(Object.keys(first.extFields!).sort()).toEqual(['MSG_REGION', 'TRACE_ON', 'msgId', 'queueId', 'queueOffset']);
    expect(first.extFields).toMatchObject({ queueId: '1', queueOffset: '0', MSG_REGION: 'DefaultRegion', TRACE_ON: 'true' });
    expect(second.extFields).toMatchObject({ queueId: '1', queueOffset: '1' });
    const id1 = decodeOffsetMessageId(first.extFields!['msgId']!);
    const id2 = decodeOffsetMessageId(second.extFields!['msgId']!);
    expect(`${id1.host}:${id1.port}`).toBe(mq.address);
    expect(id1.physicalOffset).toBe(0);
    expect(id2.physicalOffset).toBeGreaterThan(0);
    const pulled = decodeStoredMessages((await c.call(pullRequest({ group: 'G', topic: 'SendTopic', queueId: 1 }))).body!);
    expect(pulled.map((m) => [m.body.toString(), m.queueOffset, m.physicalOffset, m.offsetMsgId])).toEqual([
      ['one', 0, id1.physicalOffset, first.extFields!['msgId']],
      ['two', 1, id2.physicalOffset, second.extFields!['msgId']],
    ]);
    expect(pulled[0]!.storeHost).toBe(mq.address);
    // BORNHOST is the producer's socket: loopback and its own (ephemeral) port.
    expect(pulled[0]!.bornHost).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(pulled[0]!.bornHost).not.toBe(mq.address);
  });

  it('takes the V1 header (long keys) and the ROCKETMQ binary serialization, answering in kind', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const extFields = encodeSendMessageRequest({
      producerGroup: 'PG', topic: 'V1Topic', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 0, sysFlag: 0,
      bornTimestamp: Date.now(), flag: 7, properties: 'TAGS\u0001TagV1', unitMode: false, batch: false,
    });
    const v1 = await c.call({ code: RequestCode.SEND_MESSAGE, extFields, body: Buffer.from('v1') });
    expect(v1.code).toBe(ResponseCode.SUCCESS);
    const binary = await c.call(sendV2({ topic: 'V1Topic', body: 'bin', serializeType: 'ROCKETMQ' }));
    expect(binary.serializeType).toBe('ROCKETMQ');
    expect(binary.extFields).toMatchObject({ queueOffset: '1', MSG_REGION: 'DefaultRegion' });
    const pulled = decodeStoredMessages((await c.call(pullRequest({ group: 'G', topic: 'V1Topic' }))).body!);
    expect(pulled.map((m) => [m.body.toString(), m.flag, m.properties['TAGS']])).toEqual([['v1', 7, 'TagV1'], ['bin', 0, undefined]]);
  });

  it('stores each message of a batch with its own properties and answers the ids joined by commas', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'BatchTopic' }));
    const body = encodeBatch([1, 2, 3].map((i) => ({ body: Buffer.from(`b${i}`), properties: { KEYS: `K${i}`, WAIT: 'true' } })));
    const req = sendV2({ topic: 'BatchTopic' });
    const res = await c.call({ ...req, code: RequestCode.SEND_BATCH_MESSAGE, extFields: { ...req.extFields!, i: 'WAIT\u0001true', m: 'true' }, body });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields!['msgId']!.split(',')).toHaveLength(3);
    expect(res.extFields!['queueOffset']).toBe('1');
    const pulled = decodeStoredMessages((await c.call(pullRequest({ group: 'G', topic: 'BatchTopic', queueOffset: 1 }))).body!);
    expect(pulled.map((m) => [m.queueOffset, m.body.toString(), m.properties['KEYS']])).toEqual([[1, 'b1', 'K1'], [2, 'b2', 'K2'], [3, 'b3', 'K3']]);
  });

  it('stores a oneway send without answering it', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.oneway(sendV2({ topic: 'OnewayTopic', body: 'quiet' }));
    const parked = c.call(pullRequest({ group: 'G', topic: 'OnewayTopic', suspend: true, subscription: '*' }), 20_000);
    const res = await parked;
    expect(decodeStoredMessages(res.body!)[0]!.body.toString()).toBe('quiet');
    expect(c.connection.stats.unknownResponses).toBe(0);
  });
});

describe('send: bad input gets the real broker codes with a remark, and the broker carries on', () => {
  it('refuses illegal and over-long topic names', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const illegal = await c.call(sendV2({ topic: 'bad topic!' }));
    expect(illegal).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: expect.stringContaining('illegal characters') });
    expect(illegal.extFields).toEqual({ MSG_REGION: 'DefaultRegion', TRACE_ON: 'true' });
    const long = await c.call(sendV2({ topic: 'T'.repeat(128) }));
    expect(long.code).not.toBe(ResponseCode.SUCCESS);
    expect(long.remark).toMatch(/length|long/);
  });

  it('refuses a body over the 4 MiB maximum with MESSAGE_ILLEGAL', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const res = await c.call(sendV2({ topic: 'BigTopic', body: Buffer.alloc(4 * 1024 * 1024 + 1) }));
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect(res.remark).toBeTruthy();
    expect((await c.call(sendV2({ topic: 'BigTopic', body: Buffer.alloc(1024) }))).code).toBe(ResponseCode.SUCCESS);
  });

  it('answers TOPIC_NOT_EXIST for an unknown topic when auto-creation is off', async () => {
    const { mq } = await startBroker(resources, { engine: { autoCreateTopicEnable: false } });
    const c = await client(resources, mq.address);
    const res = await c.call(sendV2({ topic: 'NoSuchTopic' }));
    expect(res.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect(res.remark).toContain('topic[NoSuchTopic] not exist');
  });

  it('answers SYSTEM_ERROR naming the field for a missing or malformed header field', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const req = sendV2({ topic: 'HeaderTopic' });
    const { b: _topic, ...withoutTopic } = req.extFields!;
    const missing = await c.call({ ...req, extFields: withoutTopic });
    expect(missing).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: 'the custom field <b> is null' });
    const malformed = await c.call({ ...req, extFields: { ...req.extFields!, e: 'zero' } });
    expect(malformed.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(malformed.remark).toMatch(/^the custom field <e> is invalid: .*"zero"/);
    expect((await c.call(req)).code).toBe(ResponseCode.SUCCESS);
  });

  it('refuses a queue id beyond the topic', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'FourQueues' }));
    const res = await c.call(sendV2({ topic: 'FourQueues', queueId: 9 }));
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toContain('queueId[9] is illegal');
  });
});
