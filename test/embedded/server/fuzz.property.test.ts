import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import type { EmbeddedBroker } from '../../../adapters/embedded/start.js';
import { client, Resources, sendV2, startBroker, type MemoryLogger, type RawClient } from './helpers.js';

/** Every code the broker and name server serve, with the ext keys their headers read. */
const SERVED: [number, string[]][] = [
  [RequestCode.SEND_MESSAGE, ['producerGroup', 'topic', 'defaultTopic', 'defaultTopicQueueNums', 'queueId', 'sysFlag', 'bornTimestamp', 'flag', 'properties', 'batch']],
  [RequestCode.SEND_MESSAGE_V2, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm']],
  [RequestCode.SEND_BATCH_MESSAGE, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'm']],
  [RequestCode.PULL_MESSAGE, ['consumerGroup', 'topic', 'queueId', 'queueOffset', 'maxMsgNums', 'sysFlag', 'commitOffset', 'suspendTimeoutMillis', 'subscription', 'subVersion', 'expressionType']],
  [RequestCode.QUERY_MESSAGE, ['topic', 'key', 'maxNum', 'beginTimestamp', 'endTimestamp', '_UNIQUE_KEY_QUERY']],
  [RequestCode.QUERY_CONSUMER_OFFSET, ['consumerGroup', 'topic', 'queueId']],
  [RequestCode.UPDATE_CONSUMER_OFFSET, ['consumerGroup', 'topic', 'queueId', 'commitOffset']],
  [RequestCode.UPDATE_AND_CREATE_TOPIC, ['topic', 'defaultTopic', 'readQueueNums', 'writeQueueNums', 'perm', 'topicFilterType', 'order']],
  [RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, ['topic', 'queueId', 'timestamp']],
  [RequestCode.GET_MAX_OFFSET, ['topic', 'queueId']],
  [RequestCode.GET_MIN_OFFSET, ['topic', 'queueId']],
  [RequestCode.GET_EARLIEST_MSG_STORETIME, ['topic', 'queueId']],
  [RequestCode.VIEW_MESSAGE_BY_ID, ['offset']],
  [RequestCode.HEART_BEAT, []],
  [RequestCode.UNREGISTER_CLIENT, ['clientID', 'producerGroup', 'consumerGroup']],
  [RequestCode.CONSUMER_SEND_MSG_BACK, ['offset', 'group', 'delayLevel', 'originMsgId', 'originTopic', 'maxReconsumeTimes']],
  [RequestCode.END_TRANSACTION, ['producerGroup', 'tranStateTableOffset', 'commitLogOffset', 'commitOrRollback', 'msgId']],
  [RequestCode.GET_CONSUMER_LIST_BY_GROUP, ['consumerGroup']],
  [RequestCode.LOCK_BATCH_MQ, []],
  [RequestCode.UNLOCK_BATCH_MQ, []],
  [RequestCode.GET_ROUTEINFO_BY_TOPIC, ['topic', 'acceptStandardJsonOnly']],
  [RequestCode.GET_BROKER_CLUSTER_INFO, []],
  [RequestCode.REGISTER_BROKER, ['brokerName', 'brokerAddr', 'clusterName', 'haServerAddr', 'brokerId', 'compressed', 'bodyCrc32']],
  [RequestCode.UNREGISTER_BROKER, ['brokerName', 'brokerAddr', 'clusterName', 'brokerId']],
];

/** Values that are sometimes right and mostly wrong: numbers of every size and sign, words, topic-like names, JSON. */
const value = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('0', '-1', '1', '4', '2147483648', '9223372036854775807', '-9223372036854775808', '1e3', '', ' ', 'true', 'false', 'TBW102', 'FuzzTopic', '%RETRY%G', 'bad topic', '*', 'TagA || TagB'),
  fc.string({ maxLength: 40 }),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.constantFrom('{}', '{"clientID":"x","consumerDataSet":[{}]}', '{"consumerGroup":"G","clientId":"c","mqSet":[{"topic":1}]}', '[1,2]', '{"clientID":"x","producerDataSet":[{"groupName":null}]}').map((s) => Buffer.from(s)),
);
const request = fc.constantFrom(...SERVED).chain(([code, keys]) =>
  fc.record({
    code: fc.constant(code),
    ext: fc.dictionary(fc.constantFrom(...keys, 'ReqT', 'junk'), value, { maxKeys: keys.length + 2 }),
    body,
    oneway: fc.boolean(),
    serializeType: fc.constantFrom('JSON' as const, 'ROCKETMQ' as const),
  }),
);

const resources = new Resources();
let mq: EmbeddedBroker;
let logger: MemoryLogger;
let c: RawClient;

beforeAll(async () => {
  ({ mq, logger } = await startBroker(resources, { brokers: 2 }));
  c = await client(resources, mq.address);
  await c.call(sendV2({ topic: 'FuzzTopic' }));
});
afterAll(() => resources.closeAll());

it('answers any header and body on any served code with a response code, and keeps serving', async () => {
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      // Suspended pulls would be held for their suspend time: the fuzz keeps them short.
      const ext = r.code === RequestCode.PULL_MESSAGE && r.ext['suspendTimeoutMillis'] !== undefined ? { ...r.ext, suspendTimeoutMillis: '1' } : r.ext;
      const req = { code: r.code, extFields: ext, serializeType: r.serializeType, ...(r.body === undefined ? {} : { body: r.body }) };
      if (r.oneway) return void (await c.oneway(req));
      const res = await c.call(req, 10_000);
      expect(Number.isInteger(res.code)).toBe(true);
      if (res.code === ResponseCode.SYSTEM_ERROR) expect(res.remark).toBeTruthy();
    }),
    { numRuns: 400 },
  );
  expect(c.connection.isOpen).toBe(true);
  expect((await c.call(sendV2({ topic: 'FuzzTopic', body: 'still here' }))).code).toBe(ResponseCode.SUCCESS);
  expect(logger.of('error')).toEqual([]);
});
