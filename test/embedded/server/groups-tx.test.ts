import { afterEach, describe, expect, it } from 'vitest';
import type { RemotingCommand } from '../../../adapters/remoting/protocol/command.js';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeLockBatchResponse, encodeLockBatchRequest } from '../../../adapters/remoting/protocol/body/lock.js';
import { decodeTopicRoute } from '../../../adapters/remoting/protocol/body/route.js';
import { encodeCreateTopicRequest } from '../../../adapters/remoting/protocol/headers/create-topic.js';
import { encodeEndTransactionRequest } from '../../../adapters/remoting/protocol/headers/end-transaction.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { client, consumerHeartbeat, pullRequest, Resources, sendV2, startBroker, type RawClient } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

function nextPushed(c: RawClient, code: number): Promise<RemotingCommand> {
  return new Promise((resolve) => c.connection.setProcessor(code, (request) => void resolve(request)));
}

const mqs = (...ids: number[]) => ids.map((queueId) => ({ topic: 'LockTopic', brokerName: 'broker-a', queueId }));

describe('HEART_BEAT, GET_CONSUMER_LIST_BY_GROUP, UNREGISTER_CLIENT', () => {
  it('registers consumers by heartbeat, lists them, and forgets one on UNREGISTER_CLIENT', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const beat = await c.call(consumerHeartbeat({ clientId: '10.0.0.1@one', group: 'ListGroup', topic: 'ListTopic' }));
    expect(beat.code).toBe(ResponseCode.SUCCESS);
    expect(beat.extFields).toBeUndefined();
    const list = () => c.call({ code: RequestCode.GET_CONSUMER_LIST_BY_GROUP, extFields: { consumerGroup: 'ListGroup' } });
    const listed = await list();
    expect(listed.extFields).toEqual({});
    expect(JSON.parse(listed.body!.toString())).toEqual({ consumerIdList: ['10.0.0.1@one'] });
    const gone = await c.call({ code: RequestCode.UNREGISTER_CLIENT, extFields: { clientID: '10.0.0.1@one', consumerGroup: 'ListGroup' } });
    expect(gone).toMatchObject({ code: ResponseCode.SUCCESS, extFields: {} });
    expect(await list()).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: 'no consumer for this group, ListGroup', extFields: {} });
  });

  it('answers SYSTEM_ERROR for a heartbeat without body or with a malformed one, and keeps the connection', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const empty = await c.call({ code: RequestCode.HEART_BEAT });
    expect(empty).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: expect.stringContaining('HEART_BEAT') });
    const garbage = await c.call({ code: RequestCode.HEART_BEAT, body: Buffer.from('{"clientID":') });
    expect(garbage.code).toBe(ResponseCode.SYSTEM_ERROR);
    const wrongType = await c.call({ code: RequestCode.HEART_BEAT, body: Buffer.from('{"clientID":42}') });
    expect(wrongType).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: expect.stringContaining('clientID') });
    expect((await c.call(consumerHeartbeat({ clientId: 'x', group: 'G', topic: 'T' }))).code).toBe(ResponseCode.SUCCESS);
  });
});

describe('LOCK_BATCH_MQ / UNLOCK_BATCH_MQ', () => {
  it('grants free queues, refuses queues another client holds, and frees them on unlock', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const lock = async (clientId: string, ids: number[]) => {
      const res = await c.call({ code: RequestCode.LOCK_BATCH_MQ, body: encodeLockBatchRequest({ consumerGroup: 'LockGroup', clientId, mqSet: mqs(...ids) }) });
      expect(res.code).toBe(ResponseCode.SUCCESS);
      return decodeLockBatchResponse(res.body!).lockOKMQSet.map((q) => q.queueId).sort();
    };
    expect(await lock('A', [0, 1])).toEqual([0, 1]);
    expect(await lock('B', [1, 2])).toEqual([2]);
    const unlock = await c.call({ code: RequestCode.UNLOCK_BATCH_MQ, body: encodeLockBatchRequest({ consumerGroup: 'LockGroup', clientId: 'A', mqSet: mqs(1) }) });
    expect(unlock.code).toBe(ResponseCode.SUCCESS);
    expect(unlock.body).toBeUndefined();
    expect(await lock('B', [1, 2])).toEqual([1, 2]);
    const bad = await c.call({ code: RequestCode.LOCK_BATCH_MQ, body: Buffer.from('{"consumerGroup":"LockGroup"}') });
    expect(bad.code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});

describe('CONSUMER_SEND_MSG_BACK', () => {
  it('moves a message straight to %DLQ%<group> with delay level -1, keeping its body and origin', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const sent = await c.call(sendV2({ topic: 'RetryTopic', body: 'poison', keys: 'P-1' }));
    const { physicalOffset } = decodeOffsetMessageId(sent.extFields!['msgId']!);
    const back = await c.call({ code: RequestCode.CONSUMER_SEND_MSG_BACK, extFields: {
      offset: String(physicalOffset), group: 'RetryGroup', delayLevel: '-1', originMsgId: sent.extFields!['msgId']!, originTopic: 'RetryTopic', unitMode: 'false', maxReconsumeTimes: '16',
    } });
    expect(back.code).toBe(ResponseCode.SUCCESS);
    expect(back.extFields).toBeUndefined();
    const dlq = decodeStoredMessages((await c.call(pullRequest({ group: 'DlqReader', topic: '%DLQ%RetryGroup' }))).body!);
    expect(dlq.map((m) => [m.body.toString(), m.reconsumeTimes, m.properties['RETRY_TOPIC'], m.properties['KEYS']])).toEqual([['poison', 1, 'RetryTopic', 'P-1']]);
  });

  it('answers SUBSCRIPTION_GROUP_NOT_EXIST for an unknown group when auto-creation is off', async () => {
    const { mq } = await startBroker(resources, { engine: { autoCreateSubscriptionGroup: false } });
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'RetryTopic' }));
    const res = await c.call({ code: RequestCode.CONSUMER_SEND_MSG_BACK, extFields: { offset: '0', group: 'Nobody', delayLevel: '0' } });
    expect(res.code).toBe(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
    expect(res.remark).toContain('Nobody');
  });
});

describe('transactions: half message, CHECK_TRANSACTION_STATE, END_TRANSACTION', () => {
  it('keeps a half message invisible, asks the producer about it, and delivers it after the commit', async () => {
    const { mq } = await startBroker(resources, { engine: { transactionTimeoutMs: 1, transactionCheckIntervalMs: 20 } });
    const producer = await client(resources, mq.address);
    const consumer = await client(resources, mq.address);
    await producer.call({ code: RequestCode.HEART_BEAT, body: Buffer.from('{"clientID":"tx-producer","consumerDataSet":[],"producerDataSet":[{"groupName":"TxGroup"}]}') });
    await producer.call(sendV2({ topic: 'TxTopic', body: 'visible-before' }));
    const check = nextPushed(producer, RequestCode.CHECK_TRANSACTION_STATE);
    const half = await producer.call(sendV2({ topic: 'TxTopic', body: 'tx-body', group: 'TxGroup', sysFlag: 4, props: { TRAN_MSG: 'true', PGROUP: 'TxGroup', UNIQ_KEY: 'TXKEY1' } }));
    expect(half.code).toBe(ResponseCode.SUCCESS);
    const parked = consumer.call(pullRequest({ group: 'TxReader', topic: 'TxTopic', queueOffset: 1, suspend: true }), 20_000);
    const asked = await check;
    expect(asked.flag & 2).toBe(2);
    expect(asked.extFields).toMatchObject({ msgId: 'TXKEY1', transactionId: 'TXKEY1', commitLogOffset: String(decodeOffsetMessageId(half.extFields!['msgId']!).physicalOffset) });
    const checked = decodeStoredMessages(asked.body!)[0]!;
    expect([checked.topic, checked.body.toString()]).toEqual(['TxTopic', 'tx-body']);
    await producer.oneway({ code: RequestCode.END_TRANSACTION, extFields: encodeEndTransactionRequest({
      producerGroup: 'TxGroup', tranStateTableOffset: Number(asked.extFields!['tranStateTableOffset']), commitLogOffset: Number(asked.extFields!['commitLogOffset']),
      commitOrRollback: 8, fromTransactionCheck: true, msgId: 'TXKEY1', transactionId: 'TXKEY1',
    }) });
    const delivered = decodeStoredMessages((await parked).body!);
    expect(delivered.map((m) => [m.body.toString(), m.sysFlag & 0xc])).toEqual([['tx-body', 8]]);
  });

  it('answers a two-way END_TRANSACTION with a wrong producer group with SYSTEM_ERROR', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const half = await c.call(sendV2({ topic: 'TxTopic2', group: 'TxGroup', sysFlag: 4, props: { TRAN_MSG: 'true', PGROUP: 'TxGroup' } }));
    const { physicalOffset } = decodeOffsetMessageId(half.extFields!['msgId']!);
    const res = await c.call({ code: RequestCode.END_TRANSACTION, extFields: encodeEndTransactionRequest({
      producerGroup: 'OtherGroup', tranStateTableOffset: Number(half.extFields!['queueOffset']), commitLogOffset: physicalOffset, commitOrRollback: 12, fromTransactionCheck: false, msgId: 'x',
    }) });
    expect(res).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: 'The producer group wrong' });
  });
});

describe('UPDATE_AND_CREATE_TOPIC', () => {
  it('creates the topic with its queue counts (routed at once) and answers as the captured 4.9.8 broker does', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const extFields = encodeCreateTopicRequest({ topic: 'AdminTopic', defaultTopic: 'TBW102', readQueueNums: 2, writeQueueNums: 3, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false });
    const res = await c.call({ code: RequestCode.UPDATE_AND_CREATE_TOPIC, extFields });
    expect(res).toMatchObject({ code: ResponseCode.SUCCESS, remark: 'not set any response code' });
    const route = decodeTopicRoute((await c.call({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic: 'AdminTopic' } })).body!);
    expect(route.queueDatas).toEqual([{ brokerName: 'broker-a', readQueueNums: 2, writeQueueNums: 3, perm: 6, topicSysFlag: 0 }]);
    const bad = await c.call({ code: RequestCode.UPDATE_AND_CREATE_TOPIC, extFields: { ...extFields, topic: 'TBW102' } });
    expect(bad.code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});
