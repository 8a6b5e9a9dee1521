/**
 * The client against the embedded broker over loopback: route, send (single, batch, transactional), pull (long poll
 * included), offsets, heartbeat, consumer list, lock/unlock, send back, end transaction, view, unregister.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../../adapters/embedded/index.js';
import type { EmbeddedLogger } from '../../../adapters/embedded/logger.js';
import { createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { buildSubscriptionData } from '../../../adapters/remoting/protocol/body/heartbeat.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { HeartbeatData } from '../../../core/ports/heartbeat.js';
import type { PullRequest, SendRequest } from '../../../core/ports/broker-port.js';

const TOPIC = 'ClientItTopic';
const GROUP = 'ClientItGroup';
const PRODUCER_GROUP = 'ClientItProducer';

const problems: string[] = [];
const logger: EmbeddedLogger = { info: () => undefined, warn: (m) => problems.push(m), error: (m) => problems.push(m) };

describe('remoting client ⇄ embedded broker (loopback)', () => {
  let mq: EmbeddedBroker;
  let client: RemotingClient;
  let broker: string;
  let queue: MessageQueue;
  const clientId = '127.0.0.1@client-it';

  const message = (body: string, properties: Record<string, string> = {}, sysFlag = 0): SendRequest => ({
    producerGroup: PRODUCER_GROUP, topic: TOPIC, defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 0, sysFlag,
    bornTimestamp: Date.now(), flag: 0, brokerName: 'broker-a', body: Buffer.from(body),
    properties: { UNIQ_KEY: client.nextUniqueId(), WAIT: 'true', TAGS: 'TagA', ...properties },
  });
  const pullFrom = (queueOffset: number, sysFlag = 0, suspendTimeoutMillis = 0): PullRequest => ({
    consumerGroup: GROUP, queue, queueOffset, maxMsgNums: 32, sysFlag, commitOffset: 0, suspendTimeoutMillis, subVersion: 0, expressionType: 'TAG',
  });
  const heartbeat: () => HeartbeatData = () => ({
    clientID: clientId,
    producerDataSet: [{ groupName: PRODUCER_GROUP }, { groupName: 'CLIENT_INNER_PRODUCER' }],
    consumerDataSet: [{
      groupName: GROUP, consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', unitMode: false,
      subscriptionDataSet: [buildSubscriptionData(TOPIC, '*', 0)],
    }],
  });

  beforeAll(async () => {
    mq = await startEmbeddedBroker({ logger });
    client = createRemotingClient({ nameServers: [mq.address], clientIp: '127.0.0.1' });
    broker = mq.brokers[0]!.address;
    queue = { topic: TOPIC, brokerName: mq.brokers[0]!.name, queueId: 0 };
  });

  afterAll(async () => {
    await client?.close();
    await mq?.close();
  });

  it('creates a topic and finds its route on the name server', async () => {
    await client.createTopic(broker, { topic: TOPIC, readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    const route = await client.getRouteInfo(TOPIC);
    expect(route.queueDatas).toEqual([expect.objectContaining({ brokerName: 'broker-a', readQueueNums: 2, writeQueueNums: 2, perm: 6 })]);
    expect(route.brokerDatas[0]?.brokerAddrs['0']).toBe(broker);
    await expect(client.getRouteInfo('NoSuchClientItTopic')).rejects.toMatchObject({ kind: 'broker-response', code: 17 });
  });

  it('registers by heartbeat and is listed as a consumer of the group', async () => {
    await client.heartbeat(broker, heartbeat());
    expect(await client.getConsumerIdList(broker, GROUP)).toEqual([clientId]);
  });

  it('sends single and batch messages and pulls them back (ids, bodies, properties, store sizes)', async () => {
    const single = message('hello');
    const sent = await client.send(broker, single);
    expect(sent).toMatchObject({ status: 'SEND_OK', queueId: 0, queueOffset: 0 });
    const { host, port, physicalOffset } = decodeOffsetMessageId(sent.offsetMsgId);
    expect(`${host}:${port}`).toBe(broker);
    const batch = ['b1', 'b2'].map((b) => ({ flag: 0, body: Buffer.from(b), properties: { UNIQ_KEY: client.nextUniqueId(), WAIT: 'true', KEYS: b } }));
    // The envelope carries only WAIT, as Java's MessageBatch and our prepareBatch send it: the broker stores its
    // properties after each item's, so an envelope UNIQ_KEY would win over the items' (as on a 4.9.8 broker).
    const batchSent = await client.send(broker, { ...message(''), properties: { WAIT: 'true' }, batch });
    expect([batchSent.queueOffset, batchSent.offsetMsgId.split(',').length]).toEqual([1, 2]);
    await client.sendOneway(broker, message('oneway'));
    const pulled = await client.pull(broker, pullFrom(0, 2, 5_000));
    expect(pulled.status).toBe('FOUND');
    const messages = pulled.messages.slice(0, 3);
    expect(messages.map((m) => [m.queueOffset, m.body.toString(), m.msgId])).toEqual([
      [0, 'hello', single.properties['UNIQ_KEY']],
      [1, 'b1', batch[0]!.properties.UNIQ_KEY],
      [2, 'b2', batch[1]!.properties.UNIQ_KEY],
    ]);
    expect(messages[0]!.physicalOffset).toBe(physicalOffset);
    expect(messages.every((m) => m.storeSize > 0 && m.storeHost === broker)).toBe(true);
    const viewed = await client.viewMessage(broker, physicalOffset);
    expect([viewed.body.toString(), viewed.queueOffset]).toEqual(['hello', 0]);
  });

  it('answers offsets: max, min, search by time, and the consumer offset once committed', async () => {
    expect(await client.getMaxOffset(broker, queue)).toBeGreaterThanOrEqual(3);
    expect(await client.getMinOffset(broker, queue)).toBe(0);
    expect(await client.searchOffset(broker, queue, 0)).toBe(0);
    await client.updateConsumerOffset(broker, GROUP, queue, 2, false);
    expect(await client.queryConsumerOffset(broker, GROUP, queue)).toBe(2);
    await client.updateConsumerOffset(broker, GROUP, { ...queue, queueId: 1 }, 0, true);
  });

  it('locks and unlocks queues for orderly consumption (a second client is refused while the lock is held)', async () => {
    expect(await client.lockBatch(broker, GROUP, clientId, [queue])).toEqual([queue]);
    expect(await client.lockBatch(broker, GROUP, '127.0.0.1@other', [queue])).toEqual([]);
    await client.unlockBatch(broker, GROUP, clientId, [queue], false);
    expect(await client.lockBatch(broker, GROUP, '127.0.0.1@other', [queue])).toEqual([queue]);
    await client.unlockBatch(broker, GROUP, '127.0.0.1@other', [queue], true);
  });

  it('sends a consumed message back straight to the DLQ', async () => {
    const [first] = (await client.pull(broker, pullFrom(0))).messages;
    await client.sendMessageBack(broker, {
      offset: first!.physicalOffset, group: GROUP, delayLevel: -1, originMsgId: first!.msgId, originTopic: TOPIC, maxReconsumeTimes: 16, brokerName: 'broker-a',
    });
    const dlq = { topic: `%DLQ%${GROUP}`, brokerName: 'broker-a', queueId: 0 };
    expect(await client.getMaxOffset(broker, dlq)).toBe(1);
  });

  it('commits a half message with END_TRANSACTION; the long-polling pull wakes with it', async () => {
    const before = await client.getMaxOffset(broker, queue);
    const waiting = client.pull(broker, pullFrom(before, 2, 10_000));
    const half = message('tx', { TRAN_MSG: 'true', PGROUP: PRODUCER_GROUP }, 4);
    const sent = await client.send(broker, half);
    await client.endTransaction(broker, {
      producerGroup: PRODUCER_GROUP, tranStateTableOffset: sent.queueOffset, commitLogOffset: decodeOffsetMessageId(sent.offsetMsgId).physicalOffset,
      commitOrRollback: 8, fromTransactionCheck: false, msgId: half.properties['UNIQ_KEY']!,
    });
    const pulled = await waiting;
    expect(pulled.status).toBe('FOUND');
    expect(pulled.messages.map((m) => [m.body.toString(), m.sysFlag & 0xc, m.msgId])).toEqual([['tx', 8, half.properties['UNIQ_KEY']]]);
  });

  it('unregisters the client and the broker no longer lists it', async () => {
    await client.unregisterClient(broker, clientId, { consumerGroup: GROUP });
    await client.unregisterClient(broker, clientId, { producerGroup: PRODUCER_GROUP });
    await expect(client.getConsumerIdList(broker, GROUP)).rejects.toMatchObject({ kind: 'broker-response', code: 1 });
    expect(problems).toEqual([]);
  });
});
