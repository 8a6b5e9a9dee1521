import { describe, expect, it } from 'vitest';
import { Message } from '../../../core/message/message.js';
import {
  CODEC_PROPERTY,
  isReservedPropertyName,
  isSystemProperty,
  splitProperties,
  SYSTEM_PROPERTY_NAMES,
} from '../../../core/message/system-properties.js';
import { DELAY_LEVELS_MS, delayLevelForDelayMs, delayLevelForReconsume, delayMsOfLevel, MAX_DELAY_LEVEL } from '../../../core/message/delay-levels.js';

describe('Message', () => {
  it('has Java defaults: flag 0, waitStoreMsgOk true, no keys, no properties', () => {
    const m = new Message('T', { a: 1 });
    expect(m).toMatchObject({ topic: 'T', payload: { a: 1 }, flag: 0, waitStoreMsgOk: true, keys: [], properties: {} });
    expect(m.tags).toBeUndefined();
    expect(m.delayLevel).toBeUndefined();
  });

  it('accepts one key or many, and copies keys and properties', () => {
    const keys = ['k1', 'k2'];
    const props = { p: 'v' };
    const m = new Message('T', 'x', { keys, properties: props, tags: 'TagA', delayLevel: 3, shardingKey: 's', flag: 7 });
    keys.push('k3');
    props.p = 'changed';
    expect(m.keys).toEqual(['k1', 'k2']);
    expect(m.properties).toEqual({ p: 'v' });
    expect(new Message('T', 'x', { keys: 'only' }).keys).toEqual(['only']);
    expect(Object.isFrozen(m.keys) && Object.isFrozen(m.properties)).toBe(true);
  });

  it('keeps a property named __proto__ as an ordinary property, as a spread copy would', () => {
    const props = JSON.parse('{"__proto__":"p","q":"v"}') as Record<string, string>;
    const m = new Message('T', 'x', { properties: props });
    expect(Object.keys(m.properties)).toEqual(['__proto__', 'q']);
    expect(Object.getOwnPropertyDescriptor(m.properties, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(m.properties)).toBe(Object.prototype);
  });

  it('with() returns a changed copy and leaves the original alone', () => {
    const m = new Message('T', 'x', { tags: 'a', keys: ['k'] });
    const n = m.with({ tags: 'b', payload: 42, delayLevel: 2 });
    expect(n).toBeInstanceOf(Message);
    expect(n).toMatchObject({ topic: 'T', payload: 42, tags: 'b', keys: ['k'], delayLevel: 2 });
    expect(m).toMatchObject({ payload: 'x', tags: 'a' });
    expect(m.delayLevel).toBeUndefined();
    expect(m.with({ topic: 'U' }).topic).toBe('U');
  });
});

describe('system properties', () => {
  it('lists every §6.4 name', () => {
    for (const name of ['TAGS', 'KEYS', 'UNIQ_KEY', 'WAIT', 'DELAY', 'RETRY_TOPIC', 'REAL_TOPIC', 'REAL_QID', 'TRAN_MSG', 'PGROUP',
      'MIN_OFFSET', 'MAX_OFFSET', 'ORIGIN_MESSAGE_ID', 'RECONSUME_TIME', 'MAX_RECONSUME_TIMES', 'CLUSTER', '__transactionId__',
      '__SHARDINGKEY', 'TIMER_DELIVER_MS', '1ST_POP_TIME', '__CRC32#', 'CONSUME_START_TIME', 'INSTANCE_ID', 'TRACE_ON', 'MSG_REGION']) {
      expect(SYSTEM_PROPERTY_NAMES).toContain(name);
      expect(isSystemProperty(name)).toBe(true);
    }
    expect(isSystemProperty('__RMQ.TRANSIENT.x')).toBe(true);
    expect(isSystemProperty('orderId')).toBe(false);
  });

  it('reserves the codec property too, and splits maps into user and system parts', () => {
    expect(CODEC_PROPERTY).toBe('rmqrx_codec');
    expect(isReservedPropertyName(CODEC_PROPERTY)).toBe(true);
    expect(splitProperties({ TAGS: 't', a: '1', [CODEC_PROPERTY]: 'json' })).toEqual({
      user: { a: '1' },
      system: { TAGS: 't', [CODEC_PROPERTY]: 'json' },
    });
  });
});

describe('delay levels', () => {
  it('is the broker default table', () => {
    expect(MAX_DELAY_LEVEL).toBe(18);
    expect(DELAY_LEVELS_MS.map((ms) => ms / 1000)).toEqual([1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200]);
  });

  it.each([[0, 3], [1, 4], [2, 5], [14, 17], [15, 18], [16, 18], [100, 18], [-1, 3]])(
    'reconsumeTimes %i → level %i',
    (times, level) => expect(delayLevelForReconsume(times)).toBe(level),
  );

  it.each([[0, 0], [-5, 0], [1, 1], [1000, 1], [1001, 2], [5000, 2], [59_000, 5], [7_200_000, 18], [9_999_999, 18]])(
    '%i ms → level %i (never early)',
    (ms, level) => expect(delayLevelForDelayMs(ms)).toBe(level),
  );

  it.each([[0, 0], [1, 1000], [3, 10_000], [18, 7_200_000], [19, 7_200_000]])('level %i → %i ms', (level, ms) =>
    expect(delayMsOfLevel(level)).toBe(ms),
  );
});
