import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeConsumerSendMsgBackRequest } from '../../../adapters/remoting/protocol/headers/consumer-send-msg-back.js';
import { decodeSendMessageV2Request } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessages, type DecodedMessage } from '../../../adapters/remoting/protocol/message/stored-message.js';
import type { HeartbeatInput } from '../../../adapters/embedded/engine/client-types.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { captureFrame, FakeChannel, pulled, pullRequest, sendRequest, startBroker, type TestBroker } from './helpers.js';

const SCENARIO = 'retry';
const GROUP = 'CapRetryConsumerGroup';
const RETRY = `%RETRY%${GROUP}`;
const DLQ = `%DLQ%${GROUP}`;
const client = new FakeChannel('consumer', '127.0.0.1:42000');
let t: TestBroker;

beforeEach(async () => {
  vi.useFakeTimers({ now: 1_795_554_918_111 });
  t = await startBroker();
});

afterEach(async () => {
  await t.broker.close();
  vi.useRealTimers();
});

async function replaySend(n: number): Promise<SendResult> {
  const cmd = captureFrame(SCENARIO, n);
  return (await t.broker.send({ ...decodeSendMessageV2Request(cmd.extFields), body: cmd.body!, version: cmd.version }, client)) as SendResult;
}

/** The captured CONSUMER_SEND_MSG_BACK with the commit-log offset of our copy of the message. */
async function replaySendBack(n: number, physicalOffset: number) {
  const cmd = captureFrame(SCENARIO, n);
  return t.broker.consumerSendBack({ ...decodeConsumerSendMsgBackRequest(cmd.extFields), offset: physicalOffset, version: cmd.version });
}

async function pullAll(topic: string, offset = 0): Promise<DecodedMessage[]> {
  const out = await t.broker.pull(pullRequest({ topic, consumerGroup: GROUP, queueOffset: offset }), client);
  return out?.code === 0 ? pulled(out) : [];
}

const phys = (r: SendResult) => decodeOffsetMessageId(r.msgId).physicalOffset;

describe('CONSUMER_SEND_MSG_BACK: the retry capture replayed', () => {
  it('sends back to %RETRY% (level 3 = 10 s), then past maxReconsumeTimes to %DLQ% with the real broker’s fields', async () => {
    await t.broker.createTopic('CapRetryTopic', 1);
    const heartbeat = JSON.parse(captureFrame(SCENARIO, 22).body!.toString('utf8')) as HeartbeatInput;
    expect(await t.broker.heartbeat(heartbeat, client)).toEqual({ code: 0 });
    await replaySend(4);
    const failing = await replaySend(6);

    expect(await replaySendBack(44, phys(failing))).toEqual({ code: 0 });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(await pullAll(RETRY)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const [retried] = await pullAll(RETRY);
    const realRetry = decodeStoredMessages(captureFrame(SCENARIO, 55).body!)[0]!;
    expect(retried!.topic).toBe(realRetry.topic);
    expect(retried!.reconsumeTimes).toBe(1);
    expect(Object.keys(retried!.properties).sort()).toEqual(Object.keys(realRetry.properties).sort());
    expect({ ...retried!.properties, ORIGIN_MESSAGE_ID: 'x' }).toEqual({ ...realRetry.properties, ORIGIN_MESSAGE_ID: 'x' });
    expect(retried!.properties.ORIGIN_MESSAGE_ID).toBe(failing.msgId);
    expect(retried!.bornTimestamp).toBe(realRetry.bornTimestamp);

    expect(await replaySendBack(57, retried!.physicalOffset)).toEqual({ code: 0 });
    const [dead] = await pullAll(DLQ);
    const realDead = decodeStoredMessages(captureFrame(SCENARIO, 84).body!)[0]!;
    expect(dead!.reconsumeTimes).toBe(realDead.reconsumeTimes);
    expect({ ...dead!.properties, ORIGIN_MESSAGE_ID: 'x' }).toEqual({ ...realDead.properties, ORIGIN_MESSAGE_ID: 'x' });
    expect(t.broker.topicConfig(DLQ)).toMatchObject({ readQueueNums: 1, writeQueueNums: 1, perm: 6 });
  });
});

describe('CONSUMER_SEND_MSG_BACK: reconsume counting', () => {
  it('uses delay level 3 + reconsumeTimes and moves the 17th send-back to the DLQ (default max 16)', async () => {
    let current = phys((await t.broker.send(sendRequest({ props: { TAGS: 'T', KEYS: 'k' } }), client)) as SendResult);
    for (let n = 0; n < 16; n++) {
      expect(await t.broker.consumerSendBack({ offset: current, group: 'CG', delayLevel: 0 })).toEqual({ code: 0 });
      await vi.advanceTimersByTimeAsync(2 * 3_600_000);
      const msgs = await pullAll('%RETRY%CG', n);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]!.reconsumeTimes).toBe(n + 1);
      expect(msgs[0]!.properties.DELAY).toBe(String(Math.min(3 + n, 18)));
      current = msgs[0]!.physicalOffset;
    }
    expect(await t.broker.consumerSendBack({ offset: current, group: 'CG', delayLevel: 0 })).toEqual({ code: 0 });
    const [dead] = await pullAll('%DLQ%CG');
    expect(dead).toMatchObject({ reconsumeTimes: 17 });
    expect(dead!.properties).toMatchObject({ DELAY: '0', RETRY_TOPIC: 'TopicTest', KEYS: 'k' });
  });

  it('honours an explicit level, and −1 goes straight to the DLQ', async () => {
    const sent = (await t.broker.send(sendRequest(), client)) as SendResult;
    await t.broker.consumerSendBack({ offset: phys(sent), group: 'CG', delayLevel: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await pullAll('%RETRY%CG'))[0]!.properties.DELAY).toBe('1');
    await t.broker.consumerSendBack({ offset: phys(sent), group: 'CG', delayLevel: -1 });
    expect(await pullAll('%DLQ%CG')).toHaveLength(1);
  });

  it('ignores maxReconsumeTimes from clients older than V3_4_9 (version 121)', async () => {
    const sent = (await t.broker.send(sendRequest(), client)) as SendResult;
    await t.broker.consumerSendBack({ offset: phys(sent), group: 'CG', delayLevel: 1, maxReconsumeTimes: 0, version: 120 });
    expect(await pullAll('%DLQ%CG')).toEqual([]);
    await t.broker.consumerSendBack({ offset: phys(sent), group: 'CG', delayLevel: 1, maxReconsumeTimes: 0, version: 409 });
    expect(await pullAll('%DLQ%CG')).toHaveLength(1);
  });

  it('a client’s own %RETRY% send past its limit is diverted to the DLQ', async () => {
    await t.broker.heartbeat({ clientID: 'c', consumerDataSet: [{ groupName: 'CG', consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' }] }, client);
    const out = await t.broker.send(sendRequest({ topic: '%RETRY%CG', reconsumeTimes: 3, maxReconsumeTimes: 3 }), client);
    expect(out).toMatchObject({ code: 0, queueId: 0 });
    expect(await pullAll('%DLQ%CG')).toHaveLength(1);
  });
});

describe('CONSUMER_SEND_MSG_BACK: errors', () => {
  it('unknown group with auto-creation off → SUBSCRIPTION_GROUP_NOT_EXIST; unknown offset → SYSTEM_ERROR', async () => {
    await t.broker.close();
    t = await startBroker({ autoCreateSubscriptionGroup: false });
    expect(await t.broker.consumerSendBack({ offset: 0, group: 'Ghost', delayLevel: 0 })).toEqual({
      code: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
      remark: 'subscription group not exist, Ghost \nSee http://rocketmq.apache.org/docs/faq/ for further details.',
    });
    await t.broker.updateSubscriptionGroup({ groupName: 'Ghost' });
    expect(await t.broker.consumerSendBack({ offset: 12_345, group: 'Ghost', delayLevel: 0 })).toEqual({
      code: ResponseCode.SYSTEM_ERROR, remark: 'look message by offset failed, 12345',
    });
    const retrySend = await t.broker.send(sendRequest({ topic: '%RETRY%Nobody' }), client);
    expect(retrySend.code).toBe(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
  });
});
