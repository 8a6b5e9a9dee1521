import { describe, expect, it } from 'vitest';
import * as h from '../../../adapters/remoting/protocol/headers/index.js';
import { loadCapturedFrames } from './capture-frames.js';

const frames = loadCapturedFrames();

/** The ext fields of the captured frame `<scenario>/frames/<prefix>…`. */
function ext(scenario: string, prefix: string): Record<string, string> {
  const found = frames.find((f) => f.scenario === scenario && f.file.startsWith(`frames/${prefix}`));
  if (found === undefined) throw new Error(`no frame ${scenario}/${prefix}`);
  return found.ext ?? {};
}

describe('captured headers decode to the values the Java programs used', () => {
  it('SEND_MESSAGE (V1 keys) and its response', () => {
    const send = h.decodeSendMessageRequest(ext('json-v1', '004_'));
    expect(send).toMatchObject({
      producerGroup: 'CaptureProducerGroup', topic: 'CaptureTopicV1', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 0,
      sysFlag: 0, bornTimestamp: 1795553892785, flag: 0, reconsumeTimes: 0, unitMode: false, batch: false, bname: 'broker-a',
    });
    expect(send.properties).toContain('KEYS\u0001KEY-1 KEY-ONE');
    expect(send.extra).toBeUndefined();
    const resp = h.decodeSendMessageResponse(ext('json-v1', '005_'));
    expect(resp).toEqual({ msgId: '7F00000100002A9F000000000003AB69', queueId: 0, queueOffset: 0, extra: { TRACE_ON: 'true', MSG_REGION: 'DefaultRegion' } });
  });

  it('SEND_MESSAGE_V2 (one-letter keys), binary, with multi-byte UTF-8 properties', () => {
    const send = h.decodeSendMessageV2Request(ext('rocketmq-binary', '004_'));
    expect(send).toMatchObject({ producerGroup: 'CapBinProducerGroup', topic: 'CapBinTopic', queueId: 0, bornTimestamp: 1795555137065, bname: 'broker-a' });
    expect(send.properties).toContain('note\u0001héllo 世界 🚀');
    expect(send.maxReconsumeTimes).toBeUndefined();
  });

  it('SEND_BATCH_MESSAGE carries batch = true', () => {
    expect(h.decodeSendBatchMessageRequest(ext('batch-and-delay', '004_'))).toMatchObject({ topic: 'CapBatchTopic', batch: true, properties: 'WAIT\u0001true' });
  });

  it('PULL_MESSAGE from the pull consumer: sysFlag 4 (SUBSCRIPTION only), ReqT kept as extra', () => {
    const pull = h.decodePullMessageRequest(ext('json-v2', '030_'));
    expect(pull).toMatchObject({
      consumerGroup: 'CapturePullGroupJson', topic: 'CaptureTopicJson', queueId: 0, queueOffset: 0, maxMsgNums: 32, sysFlag: 4,
      commitOffset: 0, suspendTimeoutMillis: 20000, subscription: '*', subVersion: 0, expressionType: 'TAG', bname: 'broker-a',
      extra: { ReqT: '0' },
    });
    expect(h.parsePullSysFlag(pull.sysFlag)).toEqual({ commitOffset: false, suspend: false, subscription: true, classFilter: false, litePull: false });
  });

  it('PULL_MESSAGE response', () => {
    const found = frames.find((f) => f.scenario === 'json-v2' && f.requestCode === 11 && f.code === 0)!;
    const resp = h.decodePullMessageResponse(found.ext);
    expect(resp.suggestWhichBrokerId).toBe(0);
    expect(resp.nextBeginOffset).toBeGreaterThan(0);
    expect(resp.maxOffset).toBeGreaterThanOrEqual(resp.nextBeginOffset);
  });

  it('consumer offsets, client bookkeeping and broker → client requests', () => {
    expect(h.decodeQueryConsumerOffsetRequest(ext('json-v2', '028_'))).toMatchObject({ consumerGroup: 'CapturePullGroupJson', queueId: 0, bname: 'broker-a' });
    expect(h.decodeUpdateConsumerOffsetRequest(ext('json-v2', '036_'))).toMatchObject({ commitOffset: 3, extra: { ReqT: '0' } });
    expect(h.decodeUnregisterClientRequest(ext('json-v2', '042_'))).toMatchObject({ clientId: '192.0.2.2@capture-pull@STREAM', consumerGroup: 'CapturePullGroupJson' });
    expect(h.decodeGetConsumerListByGroupRequest(ext('json-v2', '024_')).consumerGroup).toBe('CapturePullGroupJson');
    expect(h.decodeNotifyConsumerIdsChangedRequest(ext('json-v2', '021_'))).toEqual({ consumerGroup: 'CapturePullGroupJson' });
  });

  it('REGISTER_BROKER', () => {
    expect(h.decodeRegisterBrokerRequest(ext('json-v2', '014_'))).toEqual({
      brokerName: 'broker-a', brokerAddr: '127.0.0.1:10911', clusterName: 'DefaultCluster', haServerAddr: '127.0.0.1:10912',
      brokerId: 0, compressed: false, bodyCrc32: 532416078,
    });
  });

  it('QUERY_MESSAGE by key, VIEW_MESSAGE_BY_ID, offsets by time and bounds', () => {
    expect(h.decodeQueryMessageRequest(ext('batch-and-delay', '017_'))).toEqual({
      topic: 'CapBatchTopic', key: 'BATCH-2', maxNum: 32, beginTimestamp: 0, endTimestamp: Infinity, uniqueKeyQuery: false,
    });
    expect(h.decodeViewMessageRequest(ext('batch-and-delay', '019_'))).toEqual({ offset: 2085652048 });
    expect(h.decodeSearchOffsetRequest(ext('batch-and-delay', '015_'))).toMatchObject({ topic: 'CapBatchTopic', timestamp: 1795554971541 });
    expect(h.decodeGetMaxOffsetRequest(ext('batch-and-delay', '011_'))).toEqual({ topic: 'CapBatchTopic', queueId: 0, bname: 'broker-a' });
    expect(h.decodeGetMinOffsetRequest(ext('batch-and-delay', '013_'))).toEqual({ topic: 'CapBatchTopic', queueId: 0, bname: 'broker-a' });
  });

  it('CONSUMER_SEND_MSG_BACK', () => {
    expect(h.decodeConsumerSendMsgBackRequest(ext('retry', '044_'))).toEqual({
      offset: 2085649722, group: 'CapRetryConsumerGroup', delayLevel: 0, originMsgId: 'FD0000000000000000000000000000026B0D30946E097B01D7090001',
      originTopic: 'CapRetryTopic', unitMode: false, maxReconsumeTimes: 1, bname: 'broker-a',
    });
  });

  it('END_TRANSACTION and CHECK_TRANSACTION_STATE', () => {
    expect(h.decodeEndTransactionRequest(ext('transaction', '006_'))).toMatchObject({
      producerGroup: 'CapTxProducerGroup', commitLogOffset: 477709372, tranStateTableOffset: 4, commitOrRollback: 8, fromTransactionCheck: false,
    });
    const check = h.decodeCheckTransactionStateRequest(ext('transaction', '023_'));
    expect(check).toMatchObject({ tranStateTableOffset: 7, commitLogOffset: 1940498176, offsetMsgId: '7F00000100002A9F0000000073A9A700' });
    expect(check.transactionId).toBe(check.msgId);
  });

  it('admin: RESET_CONSUMER_CLIENT_OFFSET (isForce), GET_CONSUMER_RUNNING_INFO, UPDATE_AND_CREATE_TOPIC', () => {
    expect(h.decodeResetOffsetRequest(ext('admin-to-client', '076_'))).toEqual({
      topic: 'CapAdminTopic3', group: 'CapAdminConsumerGroup3', timestamp: 1795555098436, isForce: false,
    });
    expect(h.decodeResetOffsetRequest(ext('admin-to-client', '075_')).isForce).toBe(true);
    expect(h.decodeGetConsumerRunningInfoRequest(ext('admin-to-client', '065_'))).toEqual({
      consumerGroup: 'CapAdminConsumerGroup3', clientId: '192.0.2.2@admin-consumer', jstackEnable: false,
    });
    expect(h.decodeCreateTopicRequest(ext('admin-to-client', '083_'))).toEqual({
      topic: 'CapAdminTopicNew3', defaultTopic: 'TBW102', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false,
    });
  });

  it('GET_ROUTEINFO_BY_TOPIC with acceptStandardJsonOnly', () => {
    const found = frames.find((f) => f.scenario === 'legacy-route' && f.ext?.acceptStandardJsonOnly !== undefined)!;
    expect(h.decodeGetRouteInfoRequest(found.ext)).toMatchObject({ acceptStandardJsonOnly: true });
  });
});
