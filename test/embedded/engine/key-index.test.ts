import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../../adapters/embedded/engine/key-index.js';
import { javaStringHashCode } from '../../../core/util/java-hash.js';

/** A stand-in store: what each physical offset holds (topic and keys), and how often the index asked about one. */
function storeOf() {
  const records = new Map<number, { topic: string; keys: string[] }>();
  let asked = 0;
  const hasKey = (offset: number, topic: string, key: string): boolean => {
    asked++;
    const r = records.get(offset);
    return r !== undefined && r.topic === topic && r.keys.includes(key);
  };
  return {
    records,
    hasKey,
    get asked() {
      return asked;
    },
  };
}

function indexWith(maxEntries: number) {
  const store = storeOf();
  const index = new KeyIndex(maxEntries, store.hasKey);
  let offset = 0;
  const add = (topic: string, keys: string[], uniq?: string, time = offset): number => {
    const at = (offset += 100);
    store.records.set(at, { topic, keys: uniq === undefined ? keys : [...keys, uniq] });
    index.add(topic, { KEYS: keys.join(' '), ...(uniq === undefined ? {} : { UNIQ_KEY: uniq }) }, at, time);
    return at;
  };
  const find = (topic: string, key: string, maxNum = 100, begin = 0, end = Number.MAX_SAFE_INTEGER) =>
    index.lookup(topic, key, maxNum, begin, end).physicalOffsets;
  return { index, store, add, find };
}

describe('KeyIndex', () => {
  it('finds messages by each KEYS token and by UNIQ_KEY, per topic, oldest first', () => {
    const { add, find, index } = indexWith(1000);
    const a = add('T', ['order-1', 'user-7'], 'U1');
    const b = add('T', ['order-2', 'user-7'], 'U2');
    const c = add('Other', ['user-7']);
    expect(find('T', 'user-7')).toEqual([a, b]);
    expect(find('T', 'order-2')).toEqual([b]);
    expect(find('T', 'U1')).toEqual([a]);
    expect(find('Other', 'user-7')).toEqual([c]);
    expect(find('T', 'nope')).toEqual([]);
    expect(index.lookup('T', 'user-7', 10, 0, Infinity)).toMatchObject({ lastUpdatePhyOffset: c, lastUpdateTimestamp: 200 });
  });

  it('returns the newest maxNum within the time range', () => {
    const { add, find } = indexWith(1000);
    const offsets = [10, 20, 30, 40, 50].map((time) => add('T', ['k'], undefined, time));
    expect(find('T', 'k', 2)).toEqual(offsets.slice(3));
    expect(find('T', 'k', 100, 20, 40)).toEqual(offsets.slice(1, 4));
  });

  it('does not answer a different key with the same hash', () => {
    expect(javaStringHashCode('T#Aa')).toBe(javaStringHashCode('T#BB'));
    const { add, find } = indexWith(1000);
    const aa = add('T', ['Aa']);
    const bb = add('T', ['BB']);
    expect(find('T', 'Aa')).toEqual([aa]);
    expect(find('T', 'BB')).toEqual([bb]);
  });

  it('forgets the oldest entries beyond maxEntries, also of a key that many messages carry', () => {
    const { add, find, index, store } = indexWith(3);
    const offsets = Array.from({ length: 5 }, () => add('T', ['hot']));
    expect(index.size).toBe(3);
    const before = store.asked;
    expect(find('T', 'hot')).toEqual(offsets.slice(2));
    expect(store.asked - before).toBe(3); // the walk stops at the first forgotten entry
  });

  it('keeps every entry and chain across growth, with a maxEntries that is not a power of two', () => {
    const { add, find, index } = indexWith(3000);
    const offsets = Array.from({ length: 5000 }, (_, i) => add('T', [`k${i % 700}`], `u${i}`));
    expect(index.size).toBe(3000); // 5000 messages, two keys each: the newest 1500 messages remain
    expect(find('T', 'u3499')).toEqual([]);
    expect(find('T', 'u3500')).toEqual([offsets[3500]]);
    expect(find('T', 'u4999')).toEqual([offsets[4999]]);
    expect(find('T', 'k5')).toEqual(offsets.filter((_, i) => i >= 3500 && i % 700 === 5));
  });

  it('indexes nothing when maxEntries is 0', () => {
    const { add, find, index } = indexWith(0);
    add('T', ['k'], 'u');
    expect([index.size, find('T', 'k')]).toEqual([0, []]);
  });
});
