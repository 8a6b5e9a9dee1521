import { describe, expect, it } from 'vitest';
import { isRocketMQError, RocketMQError } from '../../../core/errors.js';
import { jsonCodec } from '../../../core/codec/builtin-codecs.js';
import { Message, type MessageOptions } from '../../../core/message/message.js';
import { validateMessage } from '../../../core/validation/message.js';
import { validateGroup, validateTopic } from '../../../core/validation/names.js';
import { ValidationError } from '../../../core/validation/validation-error.js';

function caught(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toBeInstanceOf(RocketMQError);
    expect(isRocketMQError(err)).toBe(true);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('validateTopic', () => {
  it('checks every topic, however often the one before it passed', () => {
    for (const bad of ['%RETRY%G', 'SCHEDULE_TOPIC_XXXX', 'a b', '']) {
      validateTopic('T');
      validateTopic('T');
      expect(() => validateTopic(bad)).toThrow(ValidationError);
      expect(() => validateTopic(bad)).toThrow(ValidationError);
    }
    validateTopic('%RETRY%G', { allowRetryAndDlq: true });
    expect(() => validateTopic('%RETRY%G')).toThrow(ValidationError);
  });

  it.each(['TopicTest', 'a', 'with-dash_and_underscore', 'pipe|percent%', 'x'.repeat(127)])('accepts %j', (t) => {
    expect(() => validateTopic(t)).not.toThrow();
  });

  it.each([
    ['', 'must not be blank'],
    ['   ', 'must not be blank'],
    ['x'.repeat(128), 'longer than 127'],
    ['has space', 'characters outside'],
    ['dot.ted', 'characters outside'],
    ['ünïcode', 'characters outside'],
    ['SCHEDULE_TOPIC_XXXX', 'system topic'],
    ['RMQ_SYS_TRANS_HALF_TOPIC', 'system topic'],
    ['RMQ_SYS_TRANS_OP_HALF_TOPIC', 'system topic'],
    ['TRANS_CHECK_MAX_TIME_TOPIC', 'system topic'],
    ['SELF_TEST_TOPIC', 'system topic'],
    ['OFFSET_MOVED_EVENT', 'system topic'],
    ['%RETRY%G', 'retry or dead-letter'],
    ['%DLQ%G', 'retry or dead-letter'],
  ])('rejects %j (%s), naming the field and value', (topic, reason) => {
    const err = caught(() => validateTopic(topic));
    expect(err.kind).toBe('invalid-topic');
    expect(err.field).toBe('topic');
    expect(err.value).toBe(topic);
    expect(err.message).toContain(reason);
    expect(err.message.startsWith('topic ')).toBe(true);
  });

  it('rejects non-strings', () => {
    expect(caught(() => validateTopic(42)).reason).toBe('must be a string');
  });

  it('allows %RETRY%/%DLQ% topics up to 255 characters when asked', () => {
    expect(() => validateTopic('%RETRY%G', { allowRetryAndDlq: true })).not.toThrow();
    expect(() => validateTopic(`%DLQ%${'g'.repeat(250)}`, { allowRetryAndDlq: true })).not.toThrow();
    expect(caught(() => validateTopic(`%DLQ%${'g'.repeat(251)}`, { allowRetryAndDlq: true })).message).toContain('255');
    expect(caught(() => validateTopic('SCHEDULE_TOPIC_XXXX', { allowRetryAndDlq: true })).kind).toBe('invalid-topic');
  });
});

describe('validateGroup', () => {
  it.each(['G', 'group_1-a|b%c', 'g'.repeat(255)])('accepts %j', (g) => expect(() => validateGroup(g)).not.toThrow());

  it.each([['', 'blank'], ['g'.repeat(256), 'longer than 255'], ['a b', 'characters outside'], ['a/b', 'characters outside']])(
    'rejects %j',
    (g, reason) => {
      const err = caught(() => validateGroup(g, 'consumer.group'));
      expect(err).toMatchObject({ kind: 'invalid-group', field: 'consumer.group', value: g });
      expect(err.message).toContain(reason);
    },
  );
});

describe('validateMessage', () => {
  const opts = { maxMessageSize: 16 };
  const msg = (payload: unknown, o: MessageOptions = {}, topic = 'T') => new Message(topic, payload, o);

  it('returns the encoded body', () => {
    expect(validateMessage(msg('hi'), opts)).toEqual({ body: Buffer.from('hi'), codecName: 'text' });
    expect(validateMessage(msg({ a: 1 }), { ...opts, codec: jsonCodec }).codecName).toBe('json');
  });

  it('uses a given encoding instead of encoding again', () => {
    const encoded = { body: Buffer.from('x'), codecName: 'custom' };
    expect(validateMessage(msg(undefined), { ...opts, encoded })).toBe(encoded);
  });

  it.each([
    ['topic', msg('x', {}, 'bad topic'), 'invalid-topic', 'topic'],
    ['empty body', msg(''), 'empty-body', 'payload'],
    ['empty buffer', msg(Buffer.alloc(0)), 'empty-body', 'payload'],
    ['too large', msg(Buffer.alloc(17)), 'body-too-large', 'payload'],
    ['reserved property', msg('x', { properties: { TAGS: 'a' } }), 'reserved-property', 'properties.TAGS'],
    ['codec property', msg('x', { properties: { rmqrx_codec: 'a' } }), 'reserved-property', 'properties.rmqrx_codec'],
    ['blank property value', msg('x', { properties: { p: ' ' } }), 'invalid-message', 'properties.p'],
    ['separator in property', msg('x', { properties: { p: 'a\u0002b' } }), 'invalid-message', 'properties.p'],
    ['separator in property name', msg('x', { properties: { 'p\u0001': 'a' } }), 'invalid-message', 'properties.p\u0001 (name)'],
    ['delay level 0', msg('x', { delayLevel: 0 }), 'invalid-message', 'delayLevel'],
    ['delay level 19', msg('x', { delayLevel: 19 }), 'invalid-message', 'delayLevel'],
    ['delay level 1.5', msg('x', { delayLevel: 1.5 }), 'invalid-message', 'delayLevel'],
    ['delay and timestamp', msg('x', { delayLevel: 1, deliveryTimestamp: 5 }), 'invalid-message', 'deliveryTimestamp'],
    ['negative timestamp', msg('x', { deliveryTimestamp: -1 }), 'invalid-message', 'deliveryTimestamp'],
    ['tag separator', msg('x', { tags: 'a\u0001' }), 'invalid-message', 'tags'],
    ['blank tag', msg('x', { tags: '' }), 'invalid-message', 'tags'],
    ['key separator', msg('x', { keys: ['ok', 'b\u0002'] }), 'invalid-message', 'keys[1]'],
    ['key with space', msg('x', { keys: 'a b' }), 'invalid-message', 'keys[0]'],
    ['empty key', msg('x', { keys: [''] }), 'invalid-message', 'keys[0]'],
    ['flag out of int32', msg('x', { flag: 2 ** 31 }), 'invalid-message', 'flag'],
    ['blank sharding key', msg('x', { shardingKey: ' ' }), 'invalid-message', 'shardingKey'],
  ])('rejects %s', (_name, m, kind, field) => {
    const err = caught(() => validateMessage(m, opts));
    expect(err.kind).toBe(kind);
    expect(err.field).toBe(field);
    expect(err.message).toContain(field);
  });

  it('accepts delay levels 1..18 and a body exactly at the limit', () => {
    expect(() => validateMessage(msg(Buffer.alloc(16), { delayLevel: 1 }), opts)).not.toThrow();
    expect(() => validateMessage(msg('x', { delayLevel: 18, deliveryTimestamp: undefined }), opts)).not.toThrow();
  });

  it('rejects properties that would not fit the 32767-byte stored form', () => {
    const big = { a: 'x'.repeat(32_000), b: 'y'.repeat(1_000) };
    const err = caught(() => validateMessage(msg('x', { properties: big }), opts));
    expect(err).toMatchObject({ kind: 'invalid-message', field: 'properties' });
    expect(() => validateMessage(msg('x', { properties: { a: 'x'.repeat(30_000) } }), opts)).not.toThrow();
  });

  it('truncates long offending values in messages', () => {
    const err = caught(() => validateTopic('x'.repeat(500)));
    expect(err.message.length).toBeLessThan(200);
    expect(err.value).toBe('x'.repeat(500));
  });
});
