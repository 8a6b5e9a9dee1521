import { describe, expect, it } from 'vitest';
import {
  decodeOffsetMessageId,
  decodeStoredMessages,
  encodeStoredMessage,
  MessageProperty,
  storedFieldsOf,
  type DecodedMessage,
} from '../../../adapters/remoting/protocol/message/index.js';
import { allFrames, loadCapture, type CaptureFrame } from '../helpers/body-captures.js';
import { sendResponseOffsetIds, sentMessages } from './sent-messages.js';

const frames = allFrames();
const MESSAGE_BODY_RESPONSES = new Set(['PULL_MESSAGE', 'QUERY_MESSAGE', 'VIEW_MESSAGE_BY_ID']);

/** Frames whose body is stored messages: SUCCESS answers to pull/query/view, and the broker's check-back request. */
const messageFrames = frames.filter(
  (f) =>
    (f.kind === 'response' && f.code === 0 && MESSAGE_BODY_RESPONSES.has(f.requestName ?? '')) ||
    (f.kind !== 'response' && f.codeName === 'CHECK_TRANSACTION_STATE'),
);
const pulls = messageFrames.filter((f) => f.requestName === 'PULL_MESSAGE');
const decoded = new Map<CaptureFrame, DecodedMessage[]>(messageFrames.map((f) => [f, decodeStoredMessages(f.body)]));
const msgsOf = (f: CaptureFrame): DecodedMessage[] => decoded.get(f) as DecodedMessage[];

describe('stored messages from real captures', () => {
  it('finds every message-bearing frame: 25 pull SUCCESS bodies, 5 QUERY_MESSAGE, 2 VIEW_MESSAGE_BY_ID, 1 check-back', () => {
    expect(pulls).toHaveLength(25);
    expect(messageFrames.filter((f) => f.requestName === 'QUERY_MESSAGE')).toHaveLength(5);
    expect(messageFrames.filter((f) => f.requestName === 'VIEW_MESSAGE_BY_ID')).toHaveLength(2);
    expect(messageFrames.filter((f) => f.codeName === 'CHECK_TRANSACTION_STATE')).toHaveLength(1);
  });

  it('decodes every pull body, 56 messages in all, each consuming its body exactly', () => {
    let count = 0;
    for (const f of pulls) {
      const msgs = msgsOf(f);
      expect(msgs.length, f.file).toBeGreaterThan(0);
      expect(msgs.reduce((n, m) => n + m.storeSize, 0), f.file).toBe(f.body.length);
      count += msgs.length;
    }
    expect(count).toBe(56);
  });

  it('re-encodes every record of every message body to the same bytes', () => {
    for (const f of messageFrames) {
      let at = 0;
      for (const m of msgsOf(f)) {
        const original = f.body.subarray(at, at + m.storeSize);
        expect(encodeStoredMessage(storedFieldsOf(m)).equals(original), `${f.scenario}/${f.file} @${at}`).toBe(true);
        // The broker wrote properties in its HashMap order, which the decoded record keeps; but a 4.9.8 broker stores
        // batch items with WAIT twice (item's and envelope's), which only the raw properties string can reproduce.
        const fromRecord = encodeStoredMessage({ ...storedFieldsOf(m), properties: m.properties });
        const duplicated = m.propertiesString.split('\u0002').length !== Object.keys(m.properties).length;
        expect(fromRecord.equals(original), `${f.file} properties record`).toBe(!duplicated);
        if (duplicated) expect(m.propertiesString.endsWith('\u0002WAIT\u0001true')).toBe(true);
        at += m.storeSize;
      }
    }
  });

  it('agrees with the capture tool’s own decoding of each body', () => {
    let compared = 0;
    for (const f of messageFrames) {
      const expected = f.indexBody?.stored_messages as Record<string, unknown>[] | undefined;
      if (expected === undefined) continue;
      const msgs = msgsOf(f);
      expect(msgs).toHaveLength(expected.length);
      msgs.forEach((m, i) => {
        const e = expected[i] as Record<string, unknown>;
        expect({
          topic: m.topic,
          queueId: m.queueId,
          queueOffset: m.queueOffset,
          commitLogOffset: m.physicalOffset,
          sysFlag: m.sysFlag,
          flag: m.flag,
          bornTimestamp: m.bornTimestamp,
          storeTimestamp: m.storeTimestamp,
          reconsumeTimes: m.reconsumeTimes,
          preparedTransactionOffset: m.preparedTransactionOffset,
          properties: m.properties,
          bodyLen: m.storedBody.length,
        }).toEqual({ ...e, body: undefined });
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('gives the offset ids the broker returned to the sends, for every message stored as sent', () => {
    const sent = sentMessages(frames);
    let checked = 0;
    for (const f of messageFrames) {
      const ids = sendResponseOffsetIds(loadCapture(f.scenario));
      for (const m of msgsOf(f)) {
        const restored = m.properties.REAL_TOPIC !== undefined || m.topic.startsWith('%') || (m.sysFlag & 0xc) !== 0;
        if (restored || sent.get(m.msgId)?.oneway === true) continue;
        expect(ids.has(m.offsetMsgId), `${f.scenario} ${m.offsetMsgId}`).toBe(true);
        expect(m.offsetMsgId).toHaveLength(32);
        expect(decodeOffsetMessageId(m.offsetMsgId)).toEqual({ host: '127.0.0.1', port: 10911, physicalOffset: m.physicalOffset });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(50);
  });

  it('keeps body, flags, born time and properties of what was sent (broker adds CLUSTER, drops WAIT except in batches)', () => {
    const sent = sentMessages(frames);
    let checked = 0;
    for (const f of pulls) {
      for (const m of msgsOf(f)) {
        if (m.properties.REAL_TOPIC !== undefined || m.topic.startsWith('%') || (m.sysFlag & 0xc) !== 0) continue;
        const s = sent.get(m.msgId);
        expect(s, m.msgId).toBeDefined();
        if (s === undefined) continue;
        const { WAIT: wait, ...rest } = s.properties;
        expect(m.properties).toEqual(s.batch ? { ...rest, WAIT: wait, CLUSTER: 'DefaultCluster' } : { ...rest, CLUSTER: 'DefaultCluster' });
        expect(m.storedBody.equals(s.body)).toBe(true);
        expect([m.topic, m.sysFlag, m.flag, m.bornTimestamp]).toEqual([s.topic, s.sysFlag, s.flag, s.bornTimestamp]);
        expect(m.bornHost).toMatch(/^127\.0\.0\.[12]:\d+$/);
        expect(m.storeHost).toBe('127.0.0.1:10911');
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(45);
  });
});

describe('the json-v2 scenario, message by message', () => {
  const pull = pulls.find((f) => f.scenario === 'json-v2') as CaptureFrame;
  const first = msgsOf(pull);

  it('TagA with keys "KEY-1 KEY-ONE" and the user properties', () => {
    const m = first[0] as DecodedMessage;
    expect([m.topic, m.queueId, m.queueOffset, m.tags, m.keys]).toEqual(['CaptureTopicJson', 0, 0, 'TagA', 'KEY-1 KEY-ONE']);
    expect(m.properties).toMatchObject({ traceId: 'abc-123', userProp: 'value-1' });
    expect(m.msgId).toBe(m.properties.UNIQ_KEY);
    expect(m.msgId).toHaveLength(56);
    expect(m.body.toString()).toBe('Hello RocketMQ 1');
  });

  it('TagB with a UTF-8 body', () => {
    const m = first[1] as DecodedMessage;
    expect([m.tags, m.keys, m.sysFlag]).toEqual(['TagB', 'KEY-2', 0]);
    expect(m.body.length).toBe(23);
    expect(m.body.toString('utf8')).not.toBe(m.body.toString('latin1'));
    expect(Buffer.from(m.body.toString('utf8'), 'utf8').equals(m.body)).toBe(true);
  });

  it('the 6,012-byte body, zlib-compressed with sysFlag 0x301, inflates on decode', () => {
    const m = first[2] as DecodedMessage;
    expect(m.sysFlag).toBe(0x301);
    expect(m.storedBody.length).toBe(57);
    expect(m.storedBody.subarray(0, 2).toString('hex')).toBe('785e');
    expect(m.body.length).toBe(6012);
    const raw = decodeStoredMessages(pull.body, { decompress: false })[2] as DecodedMessage;
    expect(raw.body.equals(m.storedBody)).toBe(true);
  });
});

describe('other scenarios', () => {
  it('retry: the redelivery exposes RETRY_TOPIC, REAL_TOPIC, ORIGIN_MESSAGE_ID and reconsumeTimes 1', () => {
    const capture = loadCapture('retry');
    const ids = sendResponseOffsetIds(capture);
    const redelivered = pulls.filter((f) => f.scenario === 'retry').flatMap(msgsOf).filter((m) => m.topic.startsWith('%RETRY%'));
    expect(redelivered).toHaveLength(2);
    for (const m of redelivered) {
      expect(m.reconsumeTimes).toBe(1);
      expect(m.properties[MessageProperty.RETRY_TOPIC]).toBe('CapRetryTopic');
      expect(m.properties[MessageProperty.REAL_TOPIC]).toBe('%RETRY%CapRetryConsumerGroup');
      expect(ids.has(m.properties[MessageProperty.ORIGIN_MESSAGE_ID] as string)).toBe(true);
    }
    const dlq = messageFrames.filter((f) => f.scenario === 'retry' && f.requestName === 'QUERY_MESSAGE').flatMap(msgsOf);
    expect(dlq.map((m) => [m.topic, m.reconsumeTimes, m.keys])).toEqual([['%DLQ%CapRetryConsumerGroup', 2, 'ALWAYS-FAIL']]);
  });

  it('transaction: the check-back body has the real topic; committed messages point at their half messages', () => {
    const check = messageFrames.find((f) => f.codeName === 'CHECK_TRANSACTION_STATE') as CaptureFrame;
    const [half] = msgsOf(check) as [DecodedMessage];
    expect([half.topic, half.queueOffset, half.keys]).toEqual(['CapTxTopic2', 7, 'TX-KEY-3']);
    expect(half.physicalOffset).toBe(Number(check.extFields.commitLogOffset));
    expect(half.offsetMsgId).toBe(check.extFields.offsetMsgId);
    expect(half.msgId).toBe(check.extFields.msgId);
    expect(half.properties).toMatchObject({ TRAN_MSG: 'true', PGROUP: 'CapTxProducerGroup', TRANSACTION_CHECK_TIMES: '1' });
    const halfOffsets = new Set([...sendResponseOffsetIds(loadCapture('transaction'))].map((id) => decodeOffsetMessageId(id).physicalOffset));
    const committed = pulls.filter((f) => f.scenario === 'transaction').flatMap(msgsOf);
    expect(committed.map((m) => [m.keys, m.sysFlag])).toEqual([['TX-KEY-1', 8], ['TX-KEY-3', 8]]);
    expect(halfOffsets.has(committed[0]?.preparedTransactionOffset as number)).toBe(true);
    expect(committed[1]?.preparedTransactionOffset).toBe(half.physicalOffset);
  });

  it('batch-and-delay: batch items come back one by one; the delayed one carries DELAY, REAL_TOPIC, REAL_QID', () => {
    const msgs = pulls.filter((f) => f.scenario === 'batch-and-delay').flatMap(msgsOf);
    expect(msgs.map((m) => m.keys)).toEqual(['BATCH-1', 'BATCH-2', 'BATCH-3', 'ONEWAY-1', 'DELAY-1']);
    expect((msgs[4] as DecodedMessage).properties).toMatchObject({ DELAY: '2', REAL_TOPIC: 'CapBatchTopic', REAL_QID: '0' });
    const delayed = msgs[4] as DecodedMessage;
    expect(delayed.storeTimestamp - delayed.bornTimestamp).toBeGreaterThanOrEqual(4900);
  });

  it('VIEW_MESSAGE_BY_ID answers hold the message at the requested commit-log offset', () => {
    const views = frames.filter((f) => f.kind !== 'response' && f.codeName === 'VIEW_MESSAGE_BY_ID');
    expect(views).toHaveLength(2);
    for (const req of views) {
      const res = messageFrames.find((f) => f.scenario === req.scenario && f.conn === req.conn && f.opaque === req.opaque) as CaptureFrame;
      expect((msgsOf(res)[0] as DecodedMessage).physicalOffset).toBe(Number(req.extFields.offset));
    }
  });

  it('rocketmq-binary: multi-byte UTF-8 keys, property names and values decode exactly', () => {
    const [m] = pulls.filter((f) => f.scenario === 'rocketmq-binary').flatMap(msgsOf) as [DecodedMessage];
    expect(m.keys).toBe('键-KEY-ü');
    expect(m.properties.note).toBe('héllo 世界 🚀');
    expect(m.properties['名前']).toBe('値-value');
    expect(m.body.toString('utf8')).toBe('UTF-8 body 你好 🚀');
  });
});
