import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { MemoryStore } from '../../../adapters/embedded/store/memory-store.js';
import { Broker } from '../../../adapters/embedded/engine/broker.js';
import { NameServer } from '../../../adapters/embedded/engine/nameserver.js';
import { localRegistrar } from '../../../adapters/embedded/engine/registrar.js';
import type { BrokerRegistration } from '../../../adapters/embedded/engine/route-table.js';
import { captureFrame, FakeChannel, sendRequest } from './helpers.js';

const FAQ = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';
let ns: NameServer;
const brokers: Broker[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  ns = new NameServer();
  ns.start();
});

afterEach(async () => {
  for (const b of brokers.splice(0)) await b.close();
  await ns.close();
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

async function startBroker(brokerName: string, brokerAddr: string, extra = {}): Promise<Broker> {
  const b = new Broker({ store: new MemoryStore(), config: { brokerName, brokerAddr, ...extra }, registrar: localRegistrar(ns) });
  brokers.push(b);
  await b.start();
  return b;
}

describe('name server routes', () => {
  it('serves TBW102 exactly as the captured 4.9.8 name server did (broker configured with 4 default queues)', async () => {
    await startBroker('broker-a', '127.0.0.1:10911', { defaultTopicQueueNums: 4 });
    const real = JSON.parse(captureFrame('retry', 1).body!.toString('utf8'));
    expect(ns.routeData('TBW102')).toEqual({ code: 0, route: real });
  });

  it('answers TOPIC_NOT_EXIST with the captured remark, and routes the topic once a send auto-created it', async () => {
    const b = await startBroker('broker-a', '127.0.0.1:10911');
    const remark = captureFrame('retry', 15).remark!.replace('%RETRY%CapRetryConsumerGroup', 'NewTopic');
    expect(ns.routeData('NewTopic')).toEqual({ code: ResponseCode.TOPIC_NOT_EXIST, remark });
    expect(remark).toBe(`No topic route info in name server for the topic: NewTopic${FAQ}`);
    await b.send(sendRequest({ topic: 'NewTopic' }), new FakeChannel('p'));
    expect(ns.routeData('NewTopic')).toMatchObject({
      code: 0,
      route: { queueDatas: [{ brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 }] },
    });
  });

  it('routes a %RETRY% topic after the consumer’s first heartbeat', async () => {
    const b = await startBroker('broker-a', '127.0.0.1:10911');
    expect(ns.routeData('%RETRY%CG').code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    await b.heartbeat({ clientID: 'c', consumerDataSet: [{ groupName: 'CG', consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' }] }, new FakeChannel('c'));
    expect(ns.routeData('%RETRY%CG')).toMatchObject({ code: 0, route: { queueDatas: [{ readQueueNums: 1, perm: 6 }] } });
  });

  it('merges several brokers (and clusters) under one name server', async () => {
    const a = await startBroker('broker-a', '127.0.0.1:10911');
    const b = await startBroker('broker-b', '127.0.0.1:10921');
    await startBroker('broker-c', '127.0.0.1:10931', { clusterName: 'OtherCluster' });
    await a.createTopic('Shared', 2);
    await b.createTopic('Shared', 3);
    const route = ns.routeData('Shared');
    expect(route).toEqual({
      code: 0,
      route: {
        queueDatas: [
          { brokerName: 'broker-a', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 },
          { brokerName: 'broker-b', readQueueNums: 3, writeQueueNums: 3, perm: 6, topicSysFlag: 0 },
        ],
        brokerDatas: [
          { cluster: 'DefaultCluster', brokerName: 'broker-a', brokerAddrs: { 0: '127.0.0.1:10911' } },
          { cluster: 'DefaultCluster', brokerName: 'broker-b', brokerAddrs: { 0: '127.0.0.1:10921' } },
        ],
        filterServerTable: {},
      },
    });
    const info = ns.clusterInfo().clusterInfo;
    expect(info.clusterAddrTable).toEqual({ DefaultCluster: ['broker-a', 'broker-b'], OtherCluster: ['broker-c'] });
    expect(Object.keys(info.brokerAddrTable).sort()).toEqual(['broker-a', 'broker-b', 'broker-c']);
  });

  it('a closed broker unregisters; its topics disappear from the routes', async () => {
    const a = await startBroker('broker-a', '127.0.0.1:10911');
    await a.createTopic('OnlyA', 1);
    await a.close();
    expect(ns.routeData('OnlyA').code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect(ns.clusterInfo().clusterInfo).toEqual({ brokerAddrTable: {}, clusterAddrTable: {} });
  });
});

describe('name server broker liveness', () => {
  const reg = (dataVersion = { counter: 1, timestamp: 1 }): BrokerRegistration => ({
    clusterName: 'C', brokerName: 'b', brokerAddr: '10.0.0.1:10911', brokerId: 0, dataVersion,
    topicConfigs: [{ topicName: 'T', readQueueNums: 1, writeQueueNums: 1, perm: 6, topicSysFlag: 0, order: false }],
  });

  it('drops a broker not heard from for 120 s (scanned every 10 s)', async () => {
    ns.registerBroker(reg());
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ns.routeData('T').code).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ns.routeData('T').code).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });

  it('a running broker re-registers every 30 s and stays routed', async () => {
    const b = await startBroker('broker-a', '127.0.0.1:10911');
    await b.createTopic('Kept', 1);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(ns.routeData('Kept').code).toBe(0);
  });

  it('a slave learns its master; a slave’s topics are not taken', async () => {
    ns.registerBroker(reg());
    const slave = ns.registerBroker({ ...reg(), brokerAddr: '10.0.0.2:10911', brokerId: 1, topicConfigs: [{ ...reg().topicConfigs[0]!, topicName: 'SlaveOnly' }] });
    expect(slave).toEqual({ code: 0, masterAddr: '10.0.0.1:10911' });
    expect(ns.routeData('SlaveOnly').code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect(ns.routeData('T')).toMatchObject({ code: 0, route: { brokerDatas: [{ brokerAddrs: { 0: '10.0.0.1:10911', 1: '10.0.0.2:10911' } }] } });
  });
});
