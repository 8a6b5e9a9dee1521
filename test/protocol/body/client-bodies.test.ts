import { describe, expect, it } from 'vitest';
import {
  buildSubscriptionData,
  decodeConsumeDirectlyResult,
  decodeHeartbeat,
  decodeLockBatchRequest,
  decodeResetOffsetBody,
  encodeConsumeDirectlyResult,
  encodeConsumerRunningInfo,
  encodeHeartbeat,
  encodeLockBatchRequest,
  encodeResetOffsetBody,
  encodeUnlockBatchRequest,
  javaHashOrder,
  javaLongHash,
  type HeartbeatBody,
} from '../../../adapters/remoting/protocol/body/index.js';
import { allFrames, framesNamed, readVector } from '../helpers/body-captures.js';
import { splitFrame } from '../helpers/raw-frame.js';
import { protocolErrorOf } from '../helpers/protocol-error-of.js';

describe('HeartbeatData (§5.3)', () => {
  const h = readVector('h_heartbeat_body.json');

  it('vector h: parses, re-encodes byte-exact, and is the body of the h frame', () => {
    const data = decodeHeartbeat(h);
    expect(data.consumerDataSet[0]?.subscriptionDataSet.map((s) => s.topic)).toEqual(['TopicTest', '%RETRY%ConsumerGroupName']);
    expect(encodeHeartbeat(data).equals(h)).toBe(true);
    expect(splitFrame(readVector('h_heartbeat_json.bin')).body.equals(h)).toBe(true);
  });

  it('encodes from plain data exactly as vector h (alphabetical properties), with subscriptions built as Java does', () => {
    const data: HeartbeatBody = {
      producerDataSet: [{ groupName: 'CLIENT_INNER_PRODUCER' }],
      clientID: '192.168.0.10@12345#1700000000000',
      consumerDataSet: [
        {
          unitMode: false,
          subscriptionDataSet: [
            buildSubscriptionData('TopicTest', 'TagA || TagB', 1700000000000),
            buildSubscriptionData('%RETRY%ConsumerGroupName', '*', 1700000000000),
          ],
          messageModel: 'CLUSTERING',
          groupName: 'ConsumerGroupName',
          consumeType: 'CONSUME_PASSIVELY',
          consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        },
      ],
    };
    expect(encodeHeartbeat(data).toString()).toBe(h.toString());
  });

  it('buildSubscriptionData agrees with every captured subscription', () => {
    const subs = framesNamed(allFrames(), 'HEART_BEAT').flatMap((f) => decodeHeartbeat(f.body).consumerDataSet.flatMap((c) => c.subscriptionDataSet));
    expect(subs.length).toBeGreaterThan(20);
    for (const s of subs) expect(buildSubscriptionData(s.topic, s.subString, s.subVersion, s.expressionType)).toEqual(s);
  });

  it('buildSubscriptionData: trims, drops empties and duplicates, orders like a Java HashSet', () => {
    const s = buildSubscriptionData('T', ' TagB ||TagA|| ||TagB', 1);
    expect(s.subString).toBe(' TagB ||TagA|| ||TagB');
    expect(s.tagsSet).toEqual(['TagA', 'TagB']);
    expect(s.codeSet).toEqual([2598919, 2598920]);
    expect(buildSubscriptionData('T', undefined, 1)).toMatchObject({ subString: '*', tagsSet: [], codeSet: [] });
    expect(buildSubscriptionData('T', 'a > 1', 1, 'SQL92')).toMatchObject({ subString: 'a > 1', tagsSet: [], expressionType: 'SQL92' });
  });

  it('Java HashMap order: buckets, then insertion; the table grows past 12 entries', () => {
    expect(javaHashOrder([17, 1, 16, 0], (x) => x)).toEqual([16, 0, 17, 1]);
    const thirteen = Array.from({ length: 13 }, (_, i) => 28 - i * 2);
    expect(javaHashOrder(thirteen, (x) => x)).toEqual([...thirteen].sort((a, b) => a - b));
    expect(javaLongHash(2 ** 32 + 5)).toBe(4);
    expect(javaLongHash(-1)).toBe(0);
  });

  it('wrong field types are invalid-body naming the field', () => {
    const err = protocolErrorOf(() => decodeHeartbeat('{"clientID":"c","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","groupName":"g","messageModel":"CLUSTERING","subscriptionDataSet":[{"topic":"t","subString":"*","codeSet":["x"]}]}]}'));
    expect(err.context).toEqual({ field: 'HeartbeatData.consumerDataSet[0].subscriptionDataSet[0].codeSet[0]', value: 'x' });
    expect(protocolErrorOf(() => decodeHeartbeat('{"producerDataSet":[]}')).context.field).toBe('HeartbeatData.clientID');
    expect(protocolErrorOf(() => decodeHeartbeat('{"clientID":"c","consumerDataSet":[{"groupName":"g"}]}')).context.field).toBe(
      'HeartbeatData.consumerDataSet[0].consumeType',
    );
  });
});

describe('lock bodies (§5.4)', () => {
  const i = readVector('i_lock_batch_body.json');

  it('vector i: parses and re-encodes byte-exact', () => {
    const body = decodeLockBatchRequest(i);
    expect(body).toEqual({
      clientId: '192.168.0.10@12345#1700000000000',
      consumerGroup: 'ConsumerGroupName',
      mqSet: [0, 1].map((queueId) => ({ brokerName: 'broker-a', queueId, topic: 'TopicTest' })),
    });
    expect(encodeLockBatchRequest(body).equals(i)).toBe(true);
    expect(encodeUnlockBatchRequest(body).equals(i)).toBe(true);
  });

  it('5.x onlyThisBroker goes last (alphabetical)', () => {
    const s = encodeLockBatchRequest({ consumerGroup: 'g', clientId: 'c', mqSet: [], onlyThisBroker: false }).toString();
    expect(s).toBe('{"clientId":"c","consumerGroup":"g","mqSet":[],"onlyThisBroker":false}');
    expect(decodeLockBatchRequest(s).onlyThisBroker).toBe(false);
  });
});

describe('ResetOffsetBody (object keys)', () => {
  it('writes MessageQueue keys the fastjson way', () => {
    const offsets = [
      { queue: { topic: 'T', brokerName: 'b', queueId: 1 }, offset: 42 },
      { queue: { topic: 'T', brokerName: 'a', queueId: 0 }, offset: 0 },
    ];
    const s = encodeResetOffsetBody(offsets).toString();
    expect(s).toBe('{"offsetTable":{{"brokerName":"b","queueId":1,"topic":"T"}:42,{"brokerName":"a","queueId":0,"topic":"T"}:0}}');
    expect(decodeResetOffsetBody(s)).toEqual(offsets);
  });

  it('string keys or non-number offsets are invalid-body', () => {
    expect(protocolErrorOf(() => decodeResetOffsetBody('{"offsetTable":{"T":1}}')).kind).toBe('invalid-body');
    expect(protocolErrorOf(() => decodeResetOffsetBody('{"offsetTable":{{"brokerName":"b","queueId":1,"topic":"T"}:"1"}}')).context.value).toBe('1');
  });
});

describe('ConsumeMessageDirectlyResult and ConsumerRunningInfo writers', () => {
  it('writes the §4.15 shape and reads it back', () => {
    const r = { order: false, autoCommit: true, consumeResult: 'CR_SUCCESS' as const, remark: 'ok', spentTimeMills: 12 };
    const s = encodeConsumeDirectlyResult(r).toString();
    expect(s).toBe('{"autoCommit":true,"consumeResult":"CR_SUCCESS","order":false,"remark":"ok","spentTimeMills":12}');
    expect(decodeConsumeDirectlyResult(s)).toEqual(r);
    expect(protocolErrorOf(() => decodeConsumeDirectlyResult('{"consumeResult":"NOPE"}')).context.value).toBe('NOPE');
  });

  it('the minimal running info of §5.6, rates as Java doubles', () => {
    const s = encodeConsumerRunningInfo({
      properties: { PROP_CONSUME_TYPE: 'CONSUME_PASSIVELY', PROP_CONSUMEORDERLY: 'false' },
      subscriptionSet: [],
      mqTable: [{ queue: { topic: 'T', brokerName: 'b', queueId: 0 }, info: { commitOffset: 3, locked: false } }],
      statusTable: { T: { pullRT: 1.5, pullTPS: 2, consumeFailedMsgs: 7 } },
    }).toString();
    expect(s).toBe(
      '{"mqTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"commitOffset":3,"locked":false}},' +
        '"properties":{"PROP_CONSUME_TYPE":"CONSUME_PASSIVELY","PROP_CONSUMEORDERLY":"false"},' +
        '"statusTable":{"T":{"consumeFailedMsgs":7,"pullRT":1.5,"pullTPS":2.0}},"subscriptionSet":[]}',
    );
  });
});
