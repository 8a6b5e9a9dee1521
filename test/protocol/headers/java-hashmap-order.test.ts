import { describe, expect, it } from 'vitest';
import {
  encodeGetRouteInfoRequest,
  javaHashMapCapacity,
  javaHashMapOrder,
  javaHashMapPut,
  javaHashSpread,
} from '../../../adapters/remoting/protocol/headers/index.js';

// Expected orders printed by a real java.util.HashMap (OpenJDK 17) after put()ting the keys in the given order.
const SEND_V1_12 = ['producerGroup', 'topic', 'defaultTopic', 'defaultTopicQueueNums', 'queueId', 'sysFlag', 'bornTimestamp', 'flag', 'reconsumeTimes', 'unitMode', 'batch', 'bname'];
const SEND_V1_13 = [...SEND_V1_12.slice(0, 8), 'properties', ...SEND_V1_12.slice(8)];
const SEND_V1_14 = [...SEND_V1_13.slice(0, 12), 'maxReconsumeTimes', 'bname'];
const K26 = Array.from({ length: 26 }, (_, i) => `k${i}`);

const TABLE: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  ['empty', [], []],
  ['one key', ['topic'], ['topic']],
  ['one-letter keys sort by bucket whatever the insertion order', ['n', 'm', 'k', 'j', 'i', 'h', 'g', 'f', 'e', 'd', 'c', 'b', 'a'], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n']],
  ['shared bucket keeps insertion order (bname after commitOffset)', ['consumerGroup', 'topic', 'queueId', 'commitOffset', 'bname'], ['queueId', 'commitOffset', 'bname', 'topic', 'consumerGroup']],
  ['shared bucket keeps insertion order (bname before commitOffset)', ['bname', 'consumerGroup', 'topic', 'queueId', 'commitOffset'], ['queueId', 'bname', 'commitOffset', 'topic', 'consumerGroup']],
  ['12 keys: 16 buckets', SEND_V1_12, ['queueId', 'producerGroup', 'flag', 'sysFlag', 'reconsumeTimes', 'bname', 'batch', 'topic', 'unitMode', 'bornTimestamp', 'defaultTopic', 'defaultTopicQueueNums']],
  ['13 keys (SEND_MESSAGE V1): resized to 32 buckets', SEND_V1_13, ['queueId', 'flag', 'sysFlag', 'reconsumeTimes', 'batch', 'unitMode', 'defaultTopic', 'defaultTopicQueueNums', 'producerGroup', 'bname', 'topic', 'bornTimestamp', 'properties']],
  ['14 keys (SEND_MESSAGE V1 with maxReconsumeTimes)', SEND_V1_14, ['queueId', 'flag', 'sysFlag', 'reconsumeTimes', 'batch', 'unitMode', 'defaultTopic', 'defaultTopicQueueNums', 'producerGroup', 'maxReconsumeTimes', 'bname', 'topic', 'bornTimestamp', 'properties']],
  ['15 keys (SEND_MESSAGE_V2 + ACL)', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n', 'Signature', 'AccessKey'], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n', 'Signature', 'AccessKey']],
  ['hash over UTF-16 units (surrogate pairs, CJK, "Aa"/"BB" equal hashes)', ['名前', '键-KEY-ü', '🚀', 'note', 'Aa', 'BB'], ['Aa', 'BB', 'note', '键-KEY-ü', '🚀', '名前']],
  ['a repeated put keeps the first position', ['topic', 'topic', 'ReqT', 'topic'], ['ReqT', 'topic']],
  ['26 keys: two resizes (64 buckets)', K26, ['k11', 'k10', 'k13', 'k12', 'k15', 'k14', 'k17', 'k16', 'k19', 'k18', 'k0', 'k1', 'k2', 'k3', 'k20', 'k4', 'k5', 'k22', 'k6', 'k21', 'k7', 'k24', 'k8', 'k23', 'k9', 'k25']],
];

describe('javaHashMapOrder matches java.util.HashMap', () => {
  it.each(TABLE)('%s', (_name, keys, expected) => {
    expect(javaHashMapOrder(keys)).toEqual(expected);
  });

  it('feeding back an iteration order plus new keys equals the true insertion history', () => {
    const history = ['bname', 'consumerGroup', 'topic', 'queueId', 'commitOffset', 'ReqT'];
    const afterFive = javaHashMapOrder(history.slice(0, 5));
    expect(javaHashMapOrder([...afterFive, 'ReqT'])).toEqual(javaHashMapOrder(history));
  });

  it('answers a key list it has seen from memory, unchanged by what a caller does to the answer', () => {
    const first = javaHashMapOrder(SEND_V1_13);
    expect(javaHashMapOrder([...SEND_V1_13])).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // Lists whose joined text could coincide are told apart: by their length, and NUL-bearing keys are not remembered.
    expect([javaHashMapOrder([]), javaHashMapOrder([''])]).toEqual([[], ['']]);
    expect([...javaHashMapOrder(['a', 'b\u0000c'])].sort()).toEqual(['a', 'b\u0000c']);
    expect([...javaHashMapOrder(['a\u0000b', 'c'])].sort()).toEqual(['a\u0000b', 'c']);
  });
});

describe('HashMap sizing and hash spreading', () => {
  it.each([
    [0, 16],
    [12, 16],
    [13, 32],
    [24, 32],
    [25, 64],
    [49, 128],
  ])('%i entries → %i buckets', (size, capacity) => {
    expect(javaHashMapCapacity(size)).toBe(capacity);
  });

  it('folds the high 16 bits into the low ones', () => {
    expect(javaHashSpread(0x12345678)).toBe(0x12345678 ^ 0x1234);
    expect(javaHashSpread(-1)).toBe(-1 ^ 0xffff);
  });
});

describe('javaHashMapPut', () => {
  it('adds ACL fields after a header was written, as the capture shows', () => {
    // the acl capture: GET_ROUTEINFO_BY_TOPIC signed by the ACL hook after the header was filled
    const signed = javaHashMapPut(encodeGetRouteInfoRequest({ topic: 'TBW102' }), { Signature: 'sig', AccessKey: 'rocketmq2' });
    expect(Object.keys(signed)).toEqual(['Signature', 'topic', 'AccessKey']);
    expect(signed).toEqual({ topic: 'TBW102', Signature: 'sig', AccessKey: 'rocketmq2' });
  });

  it('replaces a value in place and treats __proto__ as an ordinary key', () => {
    const out = javaHashMapPut({ topic: 'a' }, JSON.parse('{"topic":"b","__proto__":"x"}') as Record<string, string>);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'topic']);
    expect(out.topic).toBe('b');
  });
});
