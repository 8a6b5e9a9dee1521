import { afterEach, describe, expect, it } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeClusterInfo } from '../../../adapters/remoting/protocol/body/cluster-info.js';
import { parseFastjson } from '../../../adapters/remoting/protocol/body/fastjson.js';
import { encodeRegisterBrokerBody } from '../../../adapters/remoting/protocol/body/register-broker.js';
import { decodeTopicRoute } from '../../../adapters/remoting/protocol/body/route.js';
import { encodeRegisterBrokerRequest } from '../../../adapters/remoting/protocol/headers/register-broker.js';
import { encodeUnregisterBrokerRequest } from '../../../adapters/remoting/protocol/headers/unregister-broker.js';
import { bodyCrc } from '../../../adapters/remoting/protocol/message/crc32.js';
import { client, Resources, sendV2, startBroker, type RawClient } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

const routeOf = (c: RawClient, topic: string, version = 409, acceptStandardJsonOnly?: boolean) =>
  c.call({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, version, extFields: { topic, ...(acceptStandardJsonOnly === undefined ? {} : { acceptStandardJsonOnly: String(acceptStandardJsonOnly) }) } });

function registerRequest(o: { brokerName: string; brokerAddr: string; topics: string[]; counter?: number; crc?: number }) {
  const body = encodeRegisterBrokerBody({
    dataVersion: { counter: o.counter ?? 1, timestamp: 1_700_000_000_000 },
    topicConfigTable: new Map(o.topics.map((t) => [t, { topicName: t, readQueueNums: 2, writeQueueNums: 2, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false }])),
    filterServerList: [],
  });
  const extFields = encodeRegisterBrokerRequest({
    brokerName: o.brokerName, brokerAddr: o.brokerAddr, clusterName: 'ExternalCluster', haServerAddr: '127.0.0.1:10912', brokerId: 0,
    compressed: false, bodyCrc32: o.crc ?? bodyCrc(body),
  });
  return { code: RequestCode.REGISTER_BROKER, extFields, body };
}

describe('name server: GET_ROUTEINFO_BY_TOPIC', () => {
  it('serves the auto-create template TBW102 (perm 7, `queues` = 4 queues as the captured broker) pointing at the broker on the same port', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const res = await routeOf(c, 'TBW102');
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.extFields).toBeUndefined();
    const route = decodeTopicRoute(res.body!);
    expect(route.brokerDatas).toEqual([{ cluster: 'DefaultCluster', brokerName: 'broker-a', brokerAddrs: { '0': mq.address } }]);
    expect(route.queueDatas).toEqual([{ brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4, perm: 7, topicSysFlag: 0 }]);
  });

  it('answers TOPIC_NOT_EXIST with the 4.9.8 remark for an unknown topic, then routes it once a send auto-created it', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const missing = await routeOf(c, 'NewTopic');
    expect(missing.code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect(missing.remark).toBe('No topic route info in name server for the topic: NewTopic\nSee http://rocketmq.apache.org/docs/faq/ for further details.');
    expect(missing.body).toBeUndefined();
    expect((await c.call(sendV2({ topic: 'NewTopic' }))).code).toBe(ResponseCode.SUCCESS);
    const route = decodeTopicRoute((await routeOf(c, 'NewTopic')).body!);
    // min(request defaultTopicQueueNums 4, TBW102's 4) queues, perm 6 (the inherit bit cleared).
    expect(route.queueDatas).toEqual([{ brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 }]);
  });

  it('sizes auto-created topics by the queues option: min(client request, queues)', async () => {
    const { mq } = await startBroker(resources, { queues: 3 });
    const c = await client(resources, mq.address);
    expect(decodeTopicRoute((await routeOf(c, 'TBW102')).body!).queueDatas[0]).toMatchObject({ readQueueNums: 3, writeQueueNums: 3, perm: 7 });
    await c.call(sendV2({ topic: 'ThreeQueues' }));
    expect(decodeTopicRoute((await routeOf(c, 'ThreeQueues')).body!).queueDatas[0]).toMatchObject({ readQueueNums: 3, writeQueueNums: 3, perm: 6 });
  });

  it('writes fastjson bare keys below version 401 and standard JSON from 401 or with acceptStandardJsonOnly', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const legacy = (await routeOf(c, 'TBW102', 399)).body!.toString();
    const forced = (await routeOf(c, 'TBW102', 399, true)).body!.toString();
    const modern = (await routeOf(c, 'TBW102', 401)).body!.toString();
    const aliOns = (await routeOf(c, 'TBW102', 121)).body!.toString();
    expect(legacy).toContain(`"brokerAddrs":{0:"${mq.address}"}`);
    expect(aliOns).toBe(legacy);
    expect(() => JSON.parse(legacy)).toThrow();
    expect(modern).toContain(`"brokerAddrs":{"0":"${mq.address}"}`);
    expect(forced).toBe(modern);
    expect(JSON.parse(modern)).toEqual(JSON.parse(JSON.stringify(parseFastjson(legacy))));
  });

  it('answers a ROCKETMQ (binary) request in the same serialization', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const res = await c.call({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic: 'TBW102' }, serializeType: 'ROCKETMQ' });
    expect(res.serializeType).toBe('ROCKETMQ');
    expect(decodeTopicRoute(res.body!).brokerDatas[0]!.brokerName).toBe('broker-a');
  });

  it('answers SYSTEM_ERROR naming the field when the topic is missing', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const res = await c.call({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: {} });
    expect(res.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(res.remark).toBe('the custom field <topic> is null');
  });
});

describe('name server: GET_BROKER_CLUSTER_INFO and several brokers', () => {
  it('lists every broker of the cluster in the bare-key form, and routes the template to all of them', async () => {
    const { mq } = await startBroker(resources, { brokers: ['b1', 'b2', 'b3'] });
    expect(mq.brokers.map((b) => b.name)).toEqual(['b1', 'b2', 'b3']);
    expect(mq.brokers[0]!.address).toBe(mq.address);
    expect(new Set(mq.brokers.map((b) => b.port)).size).toBe(3);
    const c = await client(resources, mq.address);
    const res = await c.call({ code: RequestCode.GET_BROKER_CLUSTER_INFO, version: 409 });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(res.body!.toString()).toContain(`"brokerAddrs":{0:"${mq.brokers[1]!.address}"}`);
    const info = decodeClusterInfo(res.body!);
    expect([...info.clusterAddrTable['DefaultCluster']!].sort()).toEqual(['b1', 'b2', 'b3']);
    expect(info.brokerAddrTable['b3']!.brokerAddrs).toEqual({ '0': mq.brokers[2]!.address });
    const route = decodeTopicRoute((await routeOf(c, 'TBW102')).body!);
    expect(route.brokerDatas.map((b) => b.brokerName)).toEqual(['b1', 'b2', 'b3']);
  });

  it('drops a closed broker from the routes while the others keep serving', async () => {
    const { mq } = await startBroker(resources, { brokers: 2 });
    const c = await client(resources, mq.address);
    const onB = await client(resources, mq.brokers[1]!.address);
    expect((await onB.call(sendV2({ topic: 'FailoverTopic' }))).code).toBe(ResponseCode.SUCCESS);
    expect((await c.call(sendV2({ topic: 'FailoverTopic' }))).code).toBe(ResponseCode.SUCCESS);
    expect(decodeTopicRoute((await routeOf(c, 'FailoverTopic')).body!).brokerDatas.map((b) => b.brokerName)).toEqual(['broker-a', 'broker-b']);
    await mq.brokers[1]!.close();
    expect(mq.brokers[1]!.closed).toBe(true);
    expect(decodeTopicRoute((await routeOf(c, 'FailoverTopic')).body!).brokerDatas.map((b) => b.brokerName)).toEqual(['broker-a']);
    await expect(client(resources, mq.brokers[1]!.address)).rejects.toMatchObject({ kind: 'connect-failed' });
    expect((await c.call(sendV2({ topic: 'FailoverTopic' }))).code).toBe(ResponseCode.SUCCESS);
  });
});

describe('name server: REGISTER_BROKER / UNREGISTER_BROKER from an external broker', () => {
  it('routes the registered topics, answers a master with an empty header, and forgets it on UNREGISTER_BROKER', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const registered = await c.call(registerRequest({ brokerName: 'ext-1', brokerAddr: '127.0.0.1:10999', topics: ['ExtTopic'] }));
    expect(registered.code).toBe(ResponseCode.SUCCESS);
    expect(registered.extFields).toEqual({});
    const route = decodeTopicRoute((await routeOf(c, 'ExtTopic')).body!);
    expect(route.brokerDatas).toEqual([{ cluster: 'ExternalCluster', brokerName: 'ext-1', brokerAddrs: { '0': '127.0.0.1:10999' } }]);
    expect(route.queueDatas[0]).toMatchObject({ brokerName: 'ext-1', readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    const info = decodeClusterInfo((await c.call({ code: RequestCode.GET_BROKER_CLUSTER_INFO })).body!);
    expect(info.clusterAddrTable).toMatchObject({ ExternalCluster: ['ext-1'], DefaultCluster: ['broker-a'] });

    const extFields = encodeUnregisterBrokerRequest({ brokerName: 'ext-1', brokerAddr: '127.0.0.1:10999', clusterName: 'ExternalCluster', brokerId: 0 });
    const gone = await c.call({ code: RequestCode.UNREGISTER_BROKER, extFields });
    expect(gone.code).toBe(ResponseCode.SUCCESS);
    expect((await routeOf(c, 'ExtTopic')).code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });

  it('takes a oneway re-registration without answering it', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.oneway(registerRequest({ brokerName: 'ext-2', brokerAddr: '127.0.0.1:10998', topics: ['OnewayTopic'] }));
    // A later request on the same connection is answered; nothing else came back.
    const info = decodeClusterInfo((await c.call({ code: RequestCode.GET_BROKER_CLUSTER_INFO })).body!);
    expect(info.brokerAddrTable['ext-2']).toBeDefined();
    expect(c.connection.stats.unknownResponses).toBe(0);
  });

  it('refuses a body whose bodyCrc32 does not match', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const res = await c.call(registerRequest({ brokerName: 'ext-3', brokerAddr: '127.0.0.1:10997', topics: ['CrcTopic'], crc: 12345 }));
    expect(res).toMatchObject({ code: ResponseCode.SYSTEM_ERROR, remark: 'crc32 not match' });
    expect((await routeOf(c, 'CrcTopic')).code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });

  it('lists every routed topic on GET_ALL_TOPIC_LIST_FROM_NAMESERVER', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    await c.call(sendV2({ topic: 'ListedTopic' }));
    const res = await c.call({ code: RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER });
    expect((JSON.parse(res.body!.toString()) as { topicList: string[] }).topicList).toEqual(expect.arrayContaining(['TBW102', 'ListedTopic']));
  });
});
