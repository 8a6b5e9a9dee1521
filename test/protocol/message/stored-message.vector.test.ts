import { describe, expect, it } from 'vitest';
import {
  createUniqueIdGenerator,
  decodeStoredMessage,
  decodeStoredMessages,
  decodeUniqueId,
  encodeStoredMessage,
  MAGIC_V1,
  MAGIC_V2,
  patchRecordOffsets,
  readRecordHeaderFields,
  storedFieldsOf,
  toPlainMessage,
  utcMonthStart,
  type DecodedMessage,
} from '../../../adapters/remoting/protocol/message/index.js';
import { allFrames, readVector } from '../helpers/body-captures.js';
import { protocolErrorOf } from '../helpers/protocol-error-of.js';
import { splitFrame } from '../helpers/raw-frame.js';

const c = readVector('c_pulled_message.bin');

const VECTOR_C_FIELDS = {
  storeSize: 204,
  magicCode: MAGIC_V1,
  bodyCrc: 1774740973,
  queueId: 0,
  flag: 0,
  queueOffset: 5,
  physicalOffset: 1234,
  sysFlag: 0,
  bornTimestamp: 1700000000000,
  bornHost: '192.168.0.10:51234',
  storeTimestamp: 1700000000123,
  storeHost: '192.168.0.20:10911',
  reconsumeTimes: 0,
  preparedTransactionOffset: 0,
  topic: 'TopicTest',
  tags: 'TagA',
  keys: 'OrderID001',
  msgId: 'C0A8000A30391B6D358647B760000001',
  offsetMsgId: 'C0A8001400002A9F00000000000004D2',
  properties: { TAGS: 'TagA', KEYS: 'OrderID001', UNIQ_KEY: 'C0A8000A30391B6D358647B760000001', CLUSTER: 'DefaultCluster' },
};

describe('vector c: one stored message, 204 bytes (checked against Java MessageDecoder)', () => {
  it('decodes to the documented fields and ids', () => {
    const m = decodeStoredMessage(c);
    expect(toPlainMessage(m)).toMatchObject(VECTOR_C_FIELDS);
    expect(m.body.toString()).toBe('Hello RocketMQ');
    expect(m.propertiesString).toBe('TAGS\u0001TagA\u0002KEYS\u0001OrderID001\u0002UNIQ_KEY\u0001C0A8000A30391B6D358647B760000001\u0002CLUSTER\u0001DefaultCluster');
  });

  it('re-encodes byte-exact, from the decoded message and from literal fields', () => {
    expect(encodeStoredMessage(storedFieldsOf(decodeStoredMessage(c))).equals(c)).toBe(true);
    const literal = encodeStoredMessage({
      topic: 'TopicTest',
      queueId: 0,
      queueOffset: 5,
      physicalOffset: 1234,
      bornTimestamp: 1700000000000,
      bornHost: '192.168.0.10:51234',
      storeTimestamp: 1700000000123,
      storeHost: '192.168.0.20:10911',
      body: Buffer.from('Hello RocketMQ'),
      properties: VECTOR_C_FIELDS.properties,
    });
    expect(literal.toString('hex')).toBe(c.toString('hex'));
  });

  it('its UNIQ_KEY splits into the §7.2 parts, and a generator with those inputs produces it', () => {
    expect(decodeUniqueId(VECTOR_C_FIELDS.msgId)).toMatchObject({
      host: '192.168.0.10',
      pid: 12345,
      random: 0x1b6d3586,
      msSinceMonthStart: 1_203_200_000,
      counter: 1,
    });
    const gen = createUniqueIdGenerator({
      ip: Buffer.from([192, 168, 0, 10]),
      pid: 12345,
      random: 0x1b6d3586,
      counter: 1,
      now: () => Date.UTC(2023, 10, 14, 22, 13, 20),
      monthStartOf: utcMonthStart,
    });
    expect(gen.next()).toBe(VECTOR_C_FIELDS.msgId);
  });

  it('vector d wraps it in a PULL_MESSAGE response frame', () => {
    const { body } = splitFrame(readVector('d_pull_response_json.bin'));
    expect(body.equals(c)).toBe(true);
    expect(decodeStoredMessages(body).map((m) => m.offsetMsgId)).toEqual([VECTOR_C_FIELDS.offsetMsgId]);
  });

  it('a CONSUME_MESSAGE_DIRECTLY body (one stored message, no capture has one) decodes the same way', () => {
    const twoRecords = Buffer.concat([c, c]);
    const err = protocolErrorOf(() => decodeStoredMessage(twoRecords));
    expect([err.kind, err.context.value]).toEqual(['invalid-body', 2]);
    expect(decodeStoredMessage(c).msgId).toBe(VECTOR_C_FIELDS.msgId);
  });
});

describe('the message view', () => {
  it('is lazy but spread-safe through toPlainMessage / JSON', () => {
    const m = decodeStoredMessage(c);
    const spread = { ...m } as Partial<DecodedMessage>;
    expect(spread.topic).toBeUndefined(); // getters live on the prototype
    expect({ ...toPlainMessage(m) }.topic).toBe('TopicTest');
    const json = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
    expect(json.msgId).toBe(VECTOR_C_FIELDS.msgId);
  });

  it('reuses repeated topic and host strings within a body without mixing up different ones', () => {
    const rec = (topic: string, bornHost: string, storeHost: string) =>
      encodeStoredMessage({ topic, queueId: 0, bornTimestamp: 1, bornHost, storeTimestamp: 2, storeHost, body: Buffer.from('x') });
    const body = Buffer.concat([
      rec('TopicA', '10.0.0.1:1', '10.0.0.9:10911'),
      rec('TopicB', '10.0.0.1:2', '10.0.0.9:10911'),
      rec('TopicB', '10.0.0.2:2', '10.0.0.9:10912'),
      rec('TopicA', '[fd00::1]:2', '[fd00::9]:10911'),
      rec('Topic', '10.0.0.2:2', '10.0.0.9:10912'),
    ]);
    const msgs = decodeStoredMessages(body);
    expect(msgs.map((m) => [m.topic, m.bornHost, m.storeHost])).toEqual([
      ['TopicA', '10.0.0.1:1', '10.0.0.9:10911'],
      ['TopicB', '10.0.0.1:2', '10.0.0.9:10911'],
      ['TopicB', '10.0.0.2:2', '10.0.0.9:10912'],
      ['TopicA', '[fd00::1]:2', '[fd00::9]:10911'],
      ['Topic', '10.0.0.2:2', '10.0.0.9:10912'],
    ]);
    // Fresh views read in another order still give their own record's strings.
    const again = decodeStoredMessages(body).reverse();
    expect(again.map((m) => `${m.topic} ${m.bornHost}`)).toEqual(['Topic 10.0.0.2:2', 'TopicA [fd00::1]:2', 'TopicB 10.0.0.2:2', 'TopicB 10.0.0.1:2', 'TopicA 10.0.0.1:1']);
  });

  it('caches properties (mutations, like Java adding MIN_OFFSET, stick)', () => {
    const m = decodeStoredMessage(c);
    m.properties.MIN_OFFSET = '0';
    expect(m.properties.MIN_OFFSET).toBe('0');
    expect(m.propertiesString).not.toContain('MIN_OFFSET');
  });
});

describe('fixed-position record fields', () => {
  it('readRecordHeaderFields agrees with a full decode for every captured record', () => {
    const bodies = allFrames()
      .filter((f) => f.kind === 'response' && f.code === 0 && f.requestName === 'PULL_MESSAGE')
      .map((f) => f.body);
    let n = 0;
    for (const body of [c, ...bodies]) {
      let at = 0;
      for (const m of decodeStoredMessages(body)) {
        const h = readRecordHeaderFields(body, at);
        expect(h).toEqual({
          totalSize: m.storeSize,
          magicCode: m.magicCode,
          bodyCrc: m.bodyCrc,
          queueId: m.queueId,
          flag: m.flag,
          queueOffset: m.queueOffset,
          physicalOffset: m.physicalOffset,
          sysFlag: m.sysFlag,
          bornTimestamp: m.bornTimestamp,
          storeTimestamp: m.storeTimestamp,
        });
        at += m.storeSize;
        n++;
      }
    }
    expect(n).toBe(57);
  });

  it('finds STORETIMESTAMP after an IPv6 born host', () => {
    const r = encodeStoredMessage({
      topic: 'T',
      queueId: 1,
      bornTimestamp: 11,
      bornHost: '[fd00::2]:40000',
      storeTimestamp: 22,
      storeHost: '10.0.0.1:10911',
      body: Buffer.from('x'),
    });
    expect(readRecordHeaderFields(r)).toMatchObject({ sysFlag: 0x10, bornTimestamp: 11, storeTimestamp: 22 });
  });

  it('patchRecordOffsets writes the offsets a store assigns', () => {
    const r = Buffer.from(c);
    patchRecordOffsets(r, 2 ** 40 + 7, 2 ** 50 + 9);
    const m = decodeStoredMessage(r);
    expect([m.queueOffset, m.physicalOffset]).toEqual([2 ** 40 + 7, 2 ** 50 + 9]);
    expect(m.offsetMsgId).toBe('C0A8001400002A9F' + (2 ** 50 + 9).toString(16).toUpperCase().padStart(16, '0'));
  });

  it('writes magic V2 with a 2-byte topic length for topics over 127 bytes, and reads it back', () => {
    const topic = 'T'.repeat(200);
    const r = encodeStoredMessage({ topic, queueId: 0, bornTimestamp: 1, bornHost: '1.2.3.4:5', storeTimestamp: 2, storeHost: '1.2.3.4:6', body: Buffer.alloc(0) });
    const m = decodeStoredMessage(r);
    expect([m.magicCode, m.topic, m.storeSize]).toEqual([MAGIC_V2, topic, 91 + 1 + 200]);
    expect(encodeStoredMessage(storedFieldsOf(m)).equals(r)).toBe(true);
  });
});
