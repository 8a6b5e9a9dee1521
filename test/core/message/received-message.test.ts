import { describe, expect, it } from 'vitest';
import { CodecRegistry } from '../../../core/codec/codec-registry.js';
import { textCodec } from '../../../core/codec/builtin-codecs.js';
import { encodePayload } from '../../../core/codec/payload.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import { ReceivedMessage, toReceivedMessage, type DecodedMessageLike } from '../../../core/message/received-message.js';
import type { PulledMessage } from '../../../core/ports/broker-port.js';

const queue: MessageQueue = { topic: 'T', brokerName: 'broker-a', queueId: 1 };
const codecs = { registry: new CodecRegistry() };

function decoded(over: Partial<DecodedMessageLike> = {}): DecodedMessageLike {
  return {
    topic: 'T', queueId: 1, queueOffset: 42, physicalOffset: 1234n, sysFlag: 0, flag: 3,
    bornTimestamp: 1700000000000, bornHost: '10.0.0.1:5555', storeTimestamp: 1700000000123n, storeHost: '10.0.0.2:10911',
    reconsumeTimes: 0, body: Buffer.from('hello'),
    properties: { UNIQ_KEY: 'UNIQ1', TAGS: 'TagA', KEYS: 'k1 k2', WAIT: 'true', CLUSTER: 'DefaultCluster', orderId: '7' },
    msgId: 'UNIQ1', offsetMsgId: 'C0A8001400002A9F00000000000004D2',
    ...over,
  };
}

describe('toReceivedMessage', () => {
  it('maps the record fields and splits user from system properties', () => {
    const m = toReceivedMessage(decoded(), queue, codecs);
    expect(m).toBeInstanceOf(ReceivedMessage);
    expect(m).toMatchObject({
      msgId: 'UNIQ1', offsetMsgId: 'C0A8001400002A9F00000000000004D2', topic: 'T', queue, queueOffset: 42,
      commitLogOffset: 1234, reconsumeTimes: 0, tags: 'TagA', keys: ['k1', 'k2'], properties: { orderId: '7' },
      bornTimestamp: 1700000000000, storeTimestamp: 1700000000123, bornHost: '10.0.0.1:5555', storeHost: '10.0.0.2:10911',
      sysFlag: 0, flag: 3,
    });
    expect(m.systemProperties).toEqual({ UNIQ_KEY: 'UNIQ1', TAGS: 'TagA', KEYS: 'k1 k2', WAIT: 'true', CLUSTER: 'DefaultCluster' });
    expect(m.retryTopic).toBeUndefined();
    expect(m.transactionId).toBeUndefined();
  });

  it('falls back to the offset id when there is no UNIQ_KEY', () => {
    const m = toReceivedMessage(decoded({ properties: {}, msgId: 'OFFSETID' }), queue, codecs);
    expect(m.msgId).toBe('OFFSETID');
    expect(m.keys).toEqual([]);
    expect(m.tags).toBeUndefined();
  });

  it('shows the original topic for a redelivery from %RETRY%', () => {
    const retryQueue = { topic: '%RETRY%G', brokerName: 'broker-a', queueId: 0 };
    const m = toReceivedMessage(
      decoded({ topic: '%RETRY%G', reconsumeTimes: 2, properties: { RETRY_TOPIC: 'T', ORIGIN_MESSAGE_ID: 'FIRST', UNIQ_KEY: 'U' } }),
      retryQueue,
      codecs,
    );
    expect(m).toMatchObject({ topic: 'T', retryTopic: '%RETRY%G', originMsgId: 'FIRST', reconsumeTimes: 2, queue: retryQueue });
  });

  it('sets transactionId from UNIQ_KEY for transactional messages, else from __transactionId__', () => {
    expect(toReceivedMessage(decoded({ properties: { TRAN_MSG: 'true', UNIQ_KEY: 'U1' } }), queue, codecs).transactionId).toBe('U1');
    expect(toReceivedMessage(decoded({ properties: { __transactionId__: 'TX' } }), queue, codecs).transactionId).toBe('TX');
  });

  it('decodes the payload lazily, once, with the recorded codec or the fallback', () => {
    const { body, codecName } = encodePayload({ n: 1 });
    const m = toReceivedMessage<{ n: number }>(decoded({ body, properties: { rmqrx_codec: codecName } }), queue, codecs);
    expect(m.payload).toEqual({ n: 1 });
    expect(m.payload).toBe(m.payload);
    expect(m.properties).toEqual({});
    expect(m.systemProperties).toEqual({ rmqrx_codec: 'msgpack' });
    expect(toReceivedMessage(decoded({ properties: {} }), queue, codecs).payload).toEqual(Buffer.from('hello'));
    expect(toReceivedMessage(decoded({ properties: {} }), queue, { ...codecs, fallback: textCodec }).payload).toBe('hello');
  });

  it('decodes the payload with the recorded codec after the property maps were split, too', () => {
    const { body, codecName } = encodePayload({ n: 2 });
    const m = toReceivedMessage<{ n: number }>(decoded({ body, properties: { rmqrx_codec: codecName, orderId: '9' } }), queue, codecs);
    expect(m.properties).toEqual({ orderId: '9' });
    expect(m.payload).toEqual({ n: 2 });
  });

  it('builds each message on its own: one built later changes nothing of one built before', () => {
    const a = toReceivedMessage(decoded({ topic: 'A', body: Buffer.from('a'), properties: { UNIQ_KEY: 'UA', TAGS: 'x', KEYS: 'k' } }), queue, codecs);
    const before = a.toJSON();
    const other = { topic: 'B', brokerName: 'b2', queueId: 9 };
    toReceivedMessage(decoded({ topic: 'B', body: Buffer.from('b'), properties: { UNIQ_KEY: 'UB', ORIGIN_MESSAGE_ID: 'O' } }), other, codecs);
    expect(a.toJSON()).toEqual(before);
    expect(a).toMatchObject({ topic: 'A', msgId: 'UA', tags: 'x', keys: ['k'], queue });
    expect(a.body.toString()).toBe('a');
    expect(Object.keys(a)).not.toContain('originMsgId');
  });

  it('throws a typed decode error only when the payload is read', () => {
    const m = toReceivedMessage(decoded({ body: Buffer.from('{'), properties: { rmqrx_codec: 'json', UNIQ_KEY: 'BAD' } }), queue, codecs);
    expect(m.msgId).toBe('BAD');
    expect(() => m.payload).toThrow(expect.objectContaining({ kind: 'payload-decode-failed', context: expect.objectContaining({ msgId: 'BAD', codec: 'json' }) }));
  });

  it('accepts the broker port PulledMessage as is', () => {
    const pulled: PulledMessage = { ...decoded(), queueOffset: 1, physicalOffset: 2, bornTimestamp: 3, storeTimestamp: 4, preparedTransactionOffset: 0, storeSize: 100, properties: {} };
    expect(toReceivedMessage(pulled, queue, codecs).commitLogOffset).toBe(2);
  });

  it('splits the property maps once, on first access, into frozen maps that JSON and copies keep', () => {
    const m = toReceivedMessage(decoded(), queue, codecs);
    expect(Object.keys(m)).not.toContain('properties');
    const user = m.properties;
    expect(m.properties).toBe(user);
    expect(Object.isFrozen(user)).toBe(true);
    expect(Object.isFrozen(m.systemProperties)).toBe(true);
    const json = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
    expect(json['properties']).toEqual({ orderId: '7' });
    expect(json['systemProperties']).toMatchObject({ UNIQ_KEY: 'UNIQ1', TAGS: 'TagA' });
    expect(json['msgId']).toBe('UNIQ1');
  });

  it('takes given property maps as they are', () => {
    const m = toReceivedMessage(decoded(), queue, codecs);
    const copy = new ReceivedMessage({ ...m, properties: { a: '1' }, systemProperties: { TAGS: 'x' } }, () => 'p');
    expect(copy.properties).toEqual({ a: '1' });
    expect(copy.systemProperties).toEqual({ TAGS: 'x' });
    expect(copy.tags).toBe('TagA');
    expect(copy.payload).toBe('p');
  });

  it('leaves absent optional fields off the message', () => {
    const m = toReceivedMessage(decoded({ properties: {} }), queue, codecs);
    expect(Object.keys(m)).not.toContain('tags');
    expect(Object.keys(m)).not.toContain('retryTopic');
    expect(m.keys).toEqual([]);
  });
});

describe('toReceivedMessage from the properties text', () => {
  const propertyMaps: Record<string, string>[] = [
    { UNIQ_KEY: 'UNIQ1', TAGS: 'TagA', KEYS: 'k1 k2', WAIT: 'true', CLUSTER: 'DefaultCluster', orderId: '7' },
    {},
    { RETRY_TOPIC: 'T', ORIGIN_MESSAGE_ID: 'FIRST', UNIQ_KEY: 'U' },
    { TRAN_MSG: 'true', UNIQ_KEY: 'U1' },
    { __transactionId__: 'TX', KEYS: ' a  b ' },
  ];

  it('gives the same message as from the parsed map, for plain and %RETRY% topics', () => {
    for (const properties of propertyMaps) {
      for (const topic of ['T', '%RETRY%G']) {
        const text = Object.entries(properties).map(([k, v]) => `${k}\u0001${v}`).join('\u0002');
        // As a decoder gives them: msgId is UNIQ_KEY when there is one, else the offset id.
        const ids = { msgId: properties['UNIQ_KEY'] ?? 'OFFSETID', offsetMsgId: 'OFFSETID' };
        const fromMap = toReceivedMessage(decoded({ topic, properties, ...ids }), queue, codecs);
        const fromText = toReceivedMessage(decoded({ topic, properties, propertiesString: text, ...ids }), queue, codecs);
        expect(fromText.toJSON()).toEqual(fromMap.toJSON());
      }
    }
  });

  it('parses the full map only when properties are read', () => {
    let parsed = 0;
    const base = decoded();
    const lazy = { ...base, propertiesString: 'UNIQ_KEY\u0001UNIQ1\u0002TAGS\u0001TagA\u0002orderId\u00017' } as DecodedMessageLike;
    Object.defineProperty(lazy, 'properties', {
      get: () => {
        parsed++;
        return { UNIQ_KEY: 'UNIQ1', TAGS: 'TagA', orderId: '7' };
      },
    });
    const m = toReceivedMessage(lazy, queue, codecs);
    expect(m.msgId).toBe('UNIQ1');
    expect(m.tags).toBe('TagA');
    expect(parsed).toBe(0);
    expect(m.properties).toEqual({ orderId: '7' });
    expect(m.systemProperties).toEqual({ UNIQ_KEY: 'UNIQ1', TAGS: 'TagA' });
    expect(parsed).toBe(1);
  });
});
