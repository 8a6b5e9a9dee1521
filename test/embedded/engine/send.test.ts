import { afterEach, describe, expect, it } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { encodeProperties } from '../../../adapters/remoting/protocol/message/properties.js';
import { decodeStoredMessage } from '../../../adapters/remoting/protocol/message/stored-message.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { FakeChannel, pulled, pullRequest, sendRequest, startBroker, type TestBroker } from './helpers.js';

const producer = new FakeChannel('p1', '127.0.0.1:50001');
let t: TestBroker;

afterEach(async () => {
  await t?.broker.close();
});

function stored(t: TestBroker, outcome: unknown) {
  const { msgId } = outcome as SendResult;
  return decodeStoredMessage(t.store.readRecord(decodeOffsetMessageId(msgId).physicalOffset)!);
}

describe('send: a single message', () => {
  it('stores it with broker-assigned offsets, hosts and properties as a 4.9 broker does', async () => {
    t = await startBroker();
    const props = { KEYS: 'K1 K2', UNIQ_KEY: 'AB12', WAIT: 'true', TAGS: 'TagA', user: 'v' };
    const out = await t.broker.send(sendRequest({ props, bornTimestamp: 1_700_000_000_000, flag: 7 }), producer);
    expect(out).toMatchObject({ code: ResponseCode.SUCCESS, queueId: 0, queueOffset: 0 });
    const id = decodeOffsetMessageId((out as SendResult).msgId);
    expect(id).toMatchObject({ host: '127.0.0.1', port: 10911 });
    expect((out as SendResult).msgId).toHaveLength(32);

    const m = stored(t, out);
    expect(m).toMatchObject({ topic: 'TopicTest', queueId: 0, queueOffset: 0, flag: 7, bornTimestamp: 1_700_000_000_000 });
    expect(m.bornHost).toBe('127.0.0.1:50001');
    expect(m.storeHost).toBe('127.0.0.1:10911');
    expect(m.body.toString()).toBe('hello');
    // WAIT dropped, CLUSTER added, everything else (UNIQ_KEY included) kept.
    expect(m.properties).toEqual({ KEYS: 'K1 K2', UNIQ_KEY: 'AB12', TAGS: 'TagA', user: 'v', CLUSTER: 'DefaultCluster' });
    const second = await t.broker.send(sendRequest(), producer);
    expect(second).toMatchObject({ code: 0, queueOffset: 1 });
  });

  it('normalises an IPv4-mapped IPv6 peer and keeps a real IPv6 peer (sysFlag bit 0x10)', async () => {
    t = await startBroker();
    const mapped = await t.broker.send(sendRequest(), new FakeChannel('m', '::ffff:10.1.2.3:4000'));
    expect(stored(t, mapped).bornHost).toBe('10.1.2.3:4000');
    const v6 = await t.broker.send(sendRequest(), new FakeChannel('v6', '[::1]:4001'));
    const m = stored(t, v6);
    expect(m.bornHost).toBe('[::1]:4001');
    expect(m.sysFlag & 0x10).toBe(0x10);
  });

  it('picks a writable queue for a negative queue id', async () => {
    t = await startBroker({}, { random: () => 0.999 });
    const out = await t.broker.send(sendRequest({ queueId: -1 }), producer);
    expect(out).toMatchObject({ code: 0, queueId: 3 });
  });

  it('keeps a compressed body and its sysFlag as sent', async () => {
    t = await startBroker();
    const { deflateSync } = await import('node:zlib');
    const body = deflateSync(Buffer.alloc(5000, 'x'));
    const out = await t.broker.send(sendRequest({ body, sysFlag: 0x301 }), producer);
    const m = stored(t, out);
    expect(m.sysFlag).toBe(0x301);
    expect(m.storedBody.equals(body)).toBe(true);
    expect(m.body.length).toBe(5000);
  });
});

describe('send: topic auto-creation', () => {
  it('creates an unknown topic from TBW102 with min(request, template) queues and perm 6', async () => {
    t = await startBroker();
    expect(t.broker.topicConfig('TBW102')).toMatchObject({ perm: 7, readQueueNums: 8, writeQueueNums: 8 });
    await t.broker.send(sendRequest({ topic: 'NewTopic', defaultTopicQueueNums: 4 }), producer);
    expect(t.broker.topicConfig('NewTopic')).toMatchObject({ readQueueNums: 4, writeQueueNums: 4, perm: 6 });
    await t.broker.send(sendRequest({ topic: 'Wide', defaultTopicQueueNums: 16 }), producer);
    expect(t.broker.topicConfig('Wide')).toMatchObject({ readQueueNums: 8, writeQueueNums: 8 });
  });

  it('answers TOPIC_NOT_EXIST when auto-creation is off', async () => {
    t = await startBroker({ autoCreateTopicEnable: false });
    expect(t.broker.topicConfig('TBW102')).toBeUndefined();
    const out = await t.broker.send(sendRequest({ topic: 'Nope' }), producer);
    expect(out).toEqual({
      code: ResponseCode.TOPIC_NOT_EXIST,
      remark: 'topic[Nope] not exist, apply first please!\nSee http://rocketmq.apache.org/docs/faq/ for further details.',
    });
  });

  it('answers TOPIC_NOT_EXIST when the default topic is not inheritable', async () => {
    t = await startBroker();
    await t.broker.createTopic('Plain');
    const out = await t.broker.send(sendRequest({ topic: 'Other', defaultTopic: 'Plain' }), producer);
    expect(out.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });
});

describe('send: bad input gets the real broker codes and remarks', () => {
  it.each([
    ['', ResponseCode.SYSTEM_ERROR, 'The specified topic is blank.'],
    ['bad topic!', ResponseCode.SYSTEM_ERROR, 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$'],
    ['x'.repeat(128), ResponseCode.SYSTEM_ERROR, 'The specified topic is longer than topic max length.'],
    ['SCHEDULE_TOPIC_XXXX', ResponseCode.NO_PERMISSION, 'Sending message to topic[SCHEDULE_TOPIC_XXXX] is forbidden.'],
    ['RMQ_SYS_TRANS_HALF_TOPIC', ResponseCode.NO_PERMISSION, 'Sending message to topic[RMQ_SYS_TRANS_HALF_TOPIC] is forbidden.'],
  ])('topic %j → %i', async (topic, code, remark) => {
    t = await startBroker();
    expect(await t.broker.send(sendRequest({ topic }), producer)).toEqual({ code, remark });
  });

  it('refuses a queue id beyond the topic', async () => {
    t = await startBroker();
    await t.broker.createTopic('Four', 4);
    const out = await t.broker.send(sendRequest({ topic: 'Four', queueId: 4 }), producer);
    expect(out.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect((out as { remark: string }).remark).toMatch(/^request queueId\[4\] is illegal, TopicConfig \[topicName=Four, readQueueNums=4, writeQueueNums=4, perm=RW-.*Producer: 127\.0\.0\.1:50001$/);
  });

  it('refuses a body over maxMessageSize with MESSAGE_ILLEGAL, and accepts one at the limit', async () => {
    t = await startBroker({ maxMessageSize: 1024 });
    const over = await t.broker.send(sendRequest({ body: Buffer.alloc(1025) }), producer);
    expect(over.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect((over as { remark: string }).remark).toMatch(/^the message is illegal, maybe msg body or properties length not matched\. msg body length limit 1024B, msg properties length limit 32KB\..*1025 bytes/);
    expect((await t.broker.send(sendRequest({ body: Buffer.alloc(1024) }), producer)).code).toBe(0);
  });

  it('refuses properties over 32767 bytes with MESSAGE_ILLEGAL', async () => {
    t = await startBroker();
    const out = await t.broker.send(sendRequest({ props: { big: 'é'.repeat(16_400) } }), producer);
    expect(out.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
    expect((out as { remark: string }).remark).toContain('the properties are');
  });

  it('answers SYSTEM_ERROR naming a missing or non-numeric header field', async () => {
    t = await startBroker();
    const noGroup = { ...sendRequest(), producerGroup: undefined } as unknown as ReturnType<typeof sendRequest>;
    expect(await t.broker.send(noGroup, producer)).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'the custom field <producerGroup> is null' });
    const nanQueue = await t.broker.send(sendRequest({ queueId: Number.NaN }), producer);
    expect(nanQueue).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'the custom field <queueId> is not an integer: NaN' });
  });

  it('ignores malformed property segments the way Java parses them', async () => {
    t = await startBroker();
    const out = await t.broker.send(sendRequest({ properties: 'TAGS\u0001TagA\u0002junk\u0002\u0001x' }), producer);
    expect(stored(t, out).properties).toEqual({ TAGS: 'TagA', CLUSTER: 'DefaultCluster' });
  });

  it('keeps serving after every kind of bad input', async () => {
    t = await startBroker();
    await t.broker.send(sendRequest({ topic: '' }), producer);
    await t.broker.send(sendRequest({ body: Buffer.alloc(5 * 1024 * 1024) }), producer);
    const ok = await t.broker.send(sendRequest(), producer);
    expect(ok.code).toBe(0);
    expect(pulled(await t.broker.pull(pullRequest(), producer))).toHaveLength(1);
  });
});

describe('send: properties string exactness', () => {
  it('stores the properties string without WAIT even when WAIT is first, in Java HashMap order (CLUSTER before TAGS)', async () => {
    t = await startBroker();
    const out = await t.broker.send(sendRequest({ properties: encodeProperties({ WAIT: 'false', TAGS: 'x' }) }), producer);
    expect(stored(t, out).propertiesString).toBe('CLUSTER\u0001DefaultCluster\u0002TAGS\u0001x');
  });
});
