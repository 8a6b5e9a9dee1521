import { describe, expect, it } from 'vitest';
import * as headers from '../../../adapters/remoting/protocol/headers/index.js';
import { javaFieldInsertionOrder, javaHashMapOrder, type HeaderCodec, type HeaderExtras } from '../../../adapters/remoting/protocol/headers/index.js';

const codecs = Object.fromEntries(
  Object.entries(headers).filter(([name]) => name.endsWith('Codec')),
) as Record<string, HeaderCodec<HeaderExtras>>;

/** A header with every field of the spec set (dummy values of the right type). */
function everyField(codec: HeaderCodec<HeaderExtras>): HeaderExtras {
  const sample: Record<string, unknown> = {};
  for (const f of codec.spec.fields) sample[f.field] = f.type === 'string' ? 's' : f.type === 'boolean' ? true : 1;
  return sample;
}

// Printed by OpenJDK 17 running Java 4.9.8's algorithm (HashSet<Field> over getDeclaredFields of the class and its
// superclasses, each non-null field put into a new HashMap<String,String>, `_UNIQUE_KEY_QUERY` added first) on
// stand-in classes with the same fully qualified names and field declarations as the 4.9.8 headers.
const JVM_ORDER_ALL_FIELDS_SET: readonly (readonly [string, readonly string[]])[] = [
  ['getRouteInfoRequestCodec', ['topic', 'acceptStandardJsonOnly']],
  ['registerBrokerRequestCodec', ['brokerId', 'bodyCrc32', 'clusterName', 'brokerAddr', 'haServerAddr', 'compressed', 'brokerName']],
  ['registerBrokerResponseCodec', ['haServerAddr', 'masterAddr']],
  ['unregisterBrokerRequestCodec', ['brokerId', 'clusterName', 'brokerAddr', 'brokerName']],
  ['sendMessageRequestCodec', ['queueId', 'flag', 'sysFlag', 'reconsumeTimes', 'batch', 'unitMode', 'defaultTopic', 'defaultTopicQueueNums', 'producerGroup', 'maxReconsumeTimes', 'bname', 'topic', 'bornTimestamp', 'properties']],
  // V2: the stand-in also had the inherited bname set, which the JVM put last; the Java client leaves it null.
  ['sendMessageV2RequestCodec', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n']],
  ['sendMessageResponseCodec', ['queueId', 'msgId', 'queueOffset', 'transactionId']],
  ['pullMessageRequestCodec', ['queueId', 'maxMsgNums', 'sysFlag', 'suspendTimeoutMillis', 'commitOffset', 'bname', 'topic', 'queueOffset', 'expressionType', 'subscription', 'subVersion', 'consumerGroup']],
  ['pullMessageResponseCodec', ['suggestWhichBrokerId', 'nextBeginOffset', 'maxOffset', 'minOffset']],
  ['queryConsumerOffsetRequestCodec', ['queueId', 'bname', 'topic', 'consumerGroup']],
  ['queryConsumerOffsetResponseCodec', ['offset']],
  ['updateConsumerOffsetRequestCodec', ['queueId', 'bname', 'commitOffset', 'topic', 'consumerGroup']],
  ['getMaxOffsetRequestCodec', ['queueId', 'bname', 'topic']],
  ['getMaxOffsetResponseCodec', ['offset']],
  ['getMinOffsetRequestCodec', ['queueId', 'bname', 'topic']],
  ['getMinOffsetResponseCodec', ['offset']],
  ['searchOffsetRequestCodec', ['queueId', 'bname', 'topic', 'timestamp']],
  ['searchOffsetResponseCodec', ['offset']],
  ['getEarliestMsgStoretimeRequestCodec', ['queueId', 'bname', 'topic']],
  ['getEarliestMsgStoretimeResponseCodec', ['timestamp']],
  ['unregisterClientRequestCodec', ['producerGroup', 'clientID', 'consumerGroup']],
  ['getConsumerListByGroupRequestCodec', ['consumerGroup']],
  ['consumerSendMsgBackRequestCodec', ['maxReconsumeTimes', 'offset', 'bname', 'delayLevel', 'originTopic', 'originMsgId', 'unitMode', 'group']],
  ['endTransactionRequestCodec', ['producerGroup', 'bname', 'commitLogOffset', 'msgId', 'tranStateTableOffset', 'commitOrRollback', 'transactionId', 'fromTransactionCheck']],
  ['checkTransactionStateRequestCodec', ['bname', 'commitLogOffset', 'msgId', 'tranStateTableOffset', 'offsetMsgId', 'transactionId']],
  ['notifyConsumerIdsChangedRequestCodec', ['consumerGroup']],
  ['resetOffsetRequestCodec', ['topic', 'isForce', 'group', 'timestamp']],
  ['getConsumerStatusRequestCodec', ['clientAddr', 'topic', 'group']],
  ['getConsumerRunningInfoRequestCodec', ['clientId', 'jstackEnable', 'consumerGroup']],
  ['consumeMessageDirectlyRequestCodec', ['clientId', 'msgId', 'brokerName', 'consumerGroup']],
  ['queryMessageRequestCodec', ['_UNIQUE_KEY_QUERY', 'beginTimestamp', 'topic', 'maxNum', 'endTimestamp', 'key']],
  ['queryMessageResponseCodec', ['indexLastUpdatePhyoffset', 'indexLastUpdateTimestamp']],
  ['viewMessageRequestCodec', ['offset']],
  ['createTopicRequestCodec', ['readQueueNums', 'perm', 'writeQueueNums', 'topicFilterType', 'topic', 'defaultTopic', 'topicSysFlag', 'order']],
];

describe('encode with every field set reproduces the JVM order', () => {
  it('covers every codec', () => {
    expect(JVM_ORDER_ALL_FIELDS_SET.map(([name]) => name).sort()).toEqual(Object.keys(codecs).sort());
  });

  it.each(JVM_ORDER_ALL_FIELDS_SET)('%s', (name, expected) => {
    const codec = codecs[name]!;
    expect(Object.keys(codec.encode(everyField(codec)))).toEqual(expected);
  });
});

describe('javaFieldInsertionOrder (HashSet<Field> model)', () => {
  const pull = headers.pullMessageRequestCodec.spec;
  const update = headers.updateConsumerOffsetRequestCodec.spec;

  it('puts the inherited bname after commitOffset for PULL_MESSAGE and before it for UPDATE_CONSUMER_OFFSET', () => {
    const keys = (spec: typeof pull | typeof update) => javaFieldInsertionOrder(spec.javaClass, spec.fields).map((f) => f.key);
    const pullKeys = keys(pull);
    const updateKeys = keys(update);
    expect(pullKeys.indexOf('commitOffset')).toBeLessThan(pullKeys.indexOf('bname'));
    expect(updateKeys.indexOf('bname')).toBeLessThan(updateKeys.indexOf('commitOffset'));
  });

  it('matters: plain declaration order would mis-order UPDATE_CONSUMER_OFFSET (captured order shown)', () => {
    const captured = ['queueId', 'bname', 'commitOffset', 'topic', 'consumerGroup'];
    const declaration = update.fields.map((f) => f.key);
    expect(javaHashMapOrder(declaration)).not.toEqual(captured);
    expect(Object.keys(headers.encodeUpdateConsumerOffsetRequest({ consumerGroup: 'g', topic: 't', queueId: 0, commitOffset: 1, bname: 'b' }))).toEqual(captured);
  });

  it('depends on the declaring class name', () => {
    const rpc = 'org.apache.rocketmq.common.rpc.RpcRequestHeader';
    const fields = [{ key: 'commitOffset' }, { key: 'bname', declaredIn: rpc }];
    const order = (cls: string) => javaFieldInsertionOrder(`org.apache.rocketmq.common.protocol.header.${cls}`, fields).map((f) => f.key);
    expect(order('PullMessageRequestHeader')).toEqual(['commitOffset', 'bname']);
    expect(order('UpdateConsumerOffsetRequestHeader')).toEqual(['bname', 'commitOffset']);
  });
});
