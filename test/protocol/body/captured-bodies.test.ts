import { describe, expect, it } from 'vitest';
import {
  decodeConsumerList,
  decodeConsumerRunningInfo,
  decodeHeartbeat,
  decodeLockBatchRequest,
  decodeLockBatchResponse,
  decodeRegisterBrokerBody,
  decodeResetOffsetBody,
  decodeTopicRoute,
  encodeConsumerList,
  encodeConsumerRunningInfo,
  encodeHeartbeat,
  encodeLockBatchRequest,
  encodeLockBatchResponse,
  encodeRegisterBrokerBody,
  encodeResetOffsetBody,
  encodeTopicRoute,
  KeyedEntries,
  parseFastjson,
} from '../../../adapters/remoting/protocol/body/index.js';
import { crc32 } from '../../../adapters/remoting/protocol/message/index.js';
import { allFrames, framesNamed, type CaptureFrame } from '../helpers/body-captures.js';

const frames = allFrames();
const withBody = (fs: CaptureFrame[]) => fs.filter((f) => f.body.length > 0);

/** Decodes and re-encodes every body; returns how many there were. */
function roundTripAll(fs: CaptureFrame[], codec: (body: Buffer) => Buffer): number {
  for (const f of fs) expect(codec(f.body).toString('utf8'), `${f.scenario}/${f.file}`).toBe(f.body.toString('utf8'));
  return fs.length;
}

describe('captured JSON bodies parse and re-encode byte-exact', () => {
  it('HEART_BEAT: all 59 (producers, push and pull consumers, JSON and binary-header frames)', () => {
    expect(roundTripAll(withBody(framesNamed(frames, 'HEART_BEAT')), (b) => encodeHeartbeat(decodeHeartbeat(b)))).toBe(59);
  });

  it('LOCK_BATCH_MQ / UNLOCK_BATCH_MQ requests and LOCK_BATCH_MQ answers, the refused (empty) lock included', () => {
    const requests = withBody([...framesNamed(frames, 'LOCK_BATCH_MQ'), ...framesNamed(frames, 'UNLOCK_BATCH_MQ')]);
    expect(roundTripAll(requests, (b) => encodeLockBatchRequest(decodeLockBatchRequest(b)))).toBe(18);
    const answers = withBody(framesNamed(frames, 'LOCK_BATCH_MQ', true));
    expect(roundTripAll(answers, (b) => encodeLockBatchResponse(decodeLockBatchResponse(b)))).toBe(14);
    expect(answers.some((f) => decodeLockBatchResponse(f.body).lockOKMQSet.length === 0)).toBe(true);
    expect(decodeLockBatchRequest(requests[0]?.body ?? '')).toEqual({
      clientId: '192.0.2.2@orderly-A',
      consumerGroup: 'CapOrderConsumerGroup',
      mqSet: [{ brokerName: 'broker-a', queueId: 2, topic: 'CapOrderTopic' }],
    });
  });

  it('GET_CONSUMER_LIST_BY_GROUP answers: all 42, listing clientIDs the heartbeats registered', () => {
    const answers = withBody(framesNamed(frames, 'GET_CONSUMER_LIST_BY_GROUP', true));
    expect(roundTripAll(answers, (b) => encodeConsumerList(decodeConsumerList(b)))).toBe(42);
    const heartbeatIds = new Set(withBody(framesNamed(frames, 'HEART_BEAT')).map((f) => decodeHeartbeat(f.body).clientID));
    for (const f of answers) for (const id of decodeConsumerList(f.body).consumerIdList) expect(heartbeatIds.has(id), id).toBe(true);
  });

  it('GET_ROUTEINFO_BY_TOPIC answers: all 99, each in the form it came in', () => {
    const answers = withBody(framesNamed(frames, 'GET_ROUTEINFO_BY_TOPIC', true));
    const legacy = (b: Buffer) => /[{,]\d+:/.test(b.toString());
    expect(roundTripAll(answers, (b) => encodeTopicRoute(decodeTopicRoute(b), { standard: !legacy(b) }))).toBe(99);
    expect(answers.filter((f) => legacy(f.body))).toHaveLength(2);
  });

  it('RESET_CONSUMER_CLIENT_OFFSET and the INVOKE_BROKER_TO_RESET_OFFSET answer (MessageQueue object keys)', () => {
    const fs = withBody([...framesNamed(frames, 'RESET_CONSUMER_CLIENT_OFFSET'), ...framesNamed(frames, 'INVOKE_BROKER_TO_RESET_OFFSET', true)]);
    expect(roundTripAll(fs, (b) => encodeResetOffsetBody(decodeResetOffsetBody(b)))).toBe(2);
    expect(decodeResetOffsetBody(fs[0]?.body ?? '')).toEqual([{ queue: { brokerName: 'broker-a', queueId: 0, topic: 'CapAdminTopic3' }, offset: 0 }]);
  });

  it('GET_CONSUMER_RUNNING_INFO answers (client → broker, and relayed to mqadmin): our writer reproduces them', () => {
    const fs = withBody(framesNamed(frames, 'GET_CONSUMER_RUNNING_INFO', true));
    expect(roundTripAll(fs, (b) => encodeConsumerRunningInfo(decodeConsumerRunningInfo(b)))).toBe(2);
    const info = decodeConsumerRunningInfo(fs[0]?.body ?? '');
    expect(info.mqTable.map((e) => [e.queue.topic, e.info.commitOffset, e.info.locked])).toEqual([
      ['%RETRY%CapAdminConsumerGroup3', 0, true],
      ['CapAdminTopic3', 5, true],
    ]);
    expect(info.properties).toMatchObject({ PROP_CONSUME_TYPE: 'CONSUME_PASSIVELY', PROP_CLIENT_VERSION: 'V4_9_8', PROP_CONSUMEORDERLY: 'false' });
    expect(info.statusTable.CapAdminTopic3).toEqual({ consumeFailedMsgs: 0, consumeFailedTPS: 0, consumeOKTPS: 0, consumeRT: 0, pullRT: 0, pullTPS: 0 });
  });

  it('REGISTER_BROKER (JSON form): all 10, request and oneway, and their bodyCrc32 headers check', () => {
    const fs = withBody(framesNamed(frames, 'REGISTER_BROKER'));
    expect(roundTripAll(fs, (b) => encodeRegisterBrokerBody(decodeRegisterBrokerBody(b)))).toBe(10);
    for (const f of fs) {
      expect(f.extFields.compressed).toBe('false');
      expect(Number(f.extFields.bodyCrc32)).toBe(crc32(f.body) & 0x7fffffff);
    }
    const body = decodeRegisterBrokerBody(fs.find((f) => f.scenario === 'json-v2')?.body ?? '');
    expect(body.topicConfigTable.get('TBW102')).toMatchObject({ perm: 7, topicFilterType: 'SINGLE_TAG', order: false });
    expect(body.dataVersion.counter).toBeGreaterThan(0);
  });

  it('the other admin bodies parse: object keys (GET_TOPIC_STATS_INFO), standard JSON (connection list, consume-by-who)', () => {
    const stats = withBody(framesNamed(frames, 'GET_TOPIC_STATS_INFO', true));
    expect(stats).toHaveLength(2);
    for (const f of stats) {
      const table = (parseFastjson(f.body) as { offsetTable: unknown }).offsetTable;
      expect(table).toBeInstanceOf(KeyedEntries);
      const [[key, value]] = (table as KeyedEntries).entries as [[unknown, Record<string, number>]];
      expect(key).toMatchObject({ brokerName: 'broker-a', queueId: 0 });
      expect(value.minOffset).toBe(0);
    }
    for (const name of ['GET_CONSUMER_CONNECTION_LIST', 'QUERY_TOPIC_CONSUME_BY_WHO']) {
      for (const f of withBody(framesNamed(frames, name, true))) expect(parseFastjson(f.body)).toEqual(JSON.parse(f.body.toString()));
    }
  });
});
