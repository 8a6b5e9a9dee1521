import { describe, expect, it } from 'vitest';
import {
  decodeClusterInfo,
  decodeTopicRoute,
  decodeTopicRouteData,
  encodeClusterInfo,
  encodeTopicRoute,
  isOrderTopic,
  publishQueues,
  subscribeQueues,
  type TopicRouteBody,
} from '../../../adapters/remoting/protocol/body/index.js';
import { framesNamed, loadCapture, readVector } from '../helpers/body-captures.js';
import { protocolErrorOf } from '../helpers/protocol-error-of.js';

describe('TopicRouteData, both forms (§5.1)', () => {
  const capture = loadCapture('legacy-route');
  const requests = framesNamed(capture, 'GET_ROUTEINFO_BY_TOPIC');
  const answerTo = (opaque: number) => capture.find((f) => f.kind === 'response' && f.opaque === opaque)?.body ?? Buffer.alloc(0);

  it('legacy-route: versions 0 and 399 get bare keys, 399 + acceptStandardJsonOnly and 401 standard JSON', () => {
    const forms = requests.map((r) => [r.opaque, /\{0:/.test(answerTo(r.opaque).toString())]);
    expect(forms).toEqual([[0, true], [2, true], [4, false], [6, false]]);
    expect(() => JSON.parse(answerTo(0).toString())).toThrow();
  });

  it('all four answers parse to the same route, and each re-encodes byte-exact in its own form', () => {
    const routes = requests.map((r) => decodeTopicRoute(answerTo(r.opaque)));
    for (const r of routes) expect(r).toEqual(routes[0]);
    expect(routes[0]).toEqual({
      brokerDatas: [{ brokerAddrs: { '0': '127.0.0.1:10911' }, brokerName: 'broker-a', cluster: 'DefaultCluster' }],
      filterServerTable: {},
      queueDatas: [{ brokerName: 'broker-a', perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 }],
    });
    requests.forEach((r, i) => {
      const standard = i >= 2;
      expect(encodeTopicRoute(routes[i] as TopicRouteBody, { standard }).equals(answerTo(r.opaque))).toBe(true);
    });
  });

  it('vector f: the same route with a slave, in both forms', () => {
    const legacy = readVector('f_route_body_fastjson_legacy.json');
    const standard = readVector('f_route_body_standard.json');
    const route = decodeTopicRoute(legacy);
    expect(decodeTopicRouteData(standard)).toEqual(route);
    expect(route.brokerDatas[0]?.brokerAddrs).toEqual({ '0': '192.168.0.20:10911', '1': '192.168.0.21:10911' });
    expect(encodeTopicRoute(route, { standard: false }).equals(legacy)).toBe(true);
    expect(encodeTopicRoute(route, { standard: true }).equals(standard)).toBe(true);
  });

  it('standard form sorts map keys (numerically for broker ids) and escapes non-ASCII; legacy keeps Java HashMap order', () => {
    const route: TopicRouteBody = {
      brokerDatas: [{ cluster: 'Clüster', brokerName: 'b', brokerAddrs: { '17': 'x:1', '2': 'y:1', '0': 'z:1' } }],
      queueDatas: [],
      filterServerTable: { 'z:1': ['f2'], 'a:1': ['f1'] },
      orderTopicConf: 'b:2',
    };
    const std = encodeTopicRoute(route, { standard: true }).toString();
    expect(std).toBe(
      '{"brokerDatas":[{"brokerAddrs":{"0":"z:1","2":"y:1","17":"x:1"},"brokerName":"b","cluster":"Cl\\u00FCster"}],' +
        '"filterServerTable":{"a:1":["f1"],"z:1":["f2"]},"orderTopicConf":"b:2","queueDatas":[]}',
    );
    expect(JSON.parse(std).brokerDatas[0].cluster).toBe('Clüster');
    const legacy = encodeTopicRoute(route, { standard: false }).toString();
    expect(legacy).toContain('"brokerAddrs":{0:"z:1",17:"x:1",2:"y:1"}'); // HashMap<Long> buckets: 0, 1 (17 & 15), 2
    expect(legacy).toContain('"filterServerTable":{"z:1":["f2"],"a:1":["f1"]}');
    expect(decodeTopicRoute(legacy)).toEqual(decodeTopicRoute(std));
  });

  it('5.x fields are kept (enableActingMaster, zoneName, topicQueueMappingByBroker)', () => {
    const body = '{"brokerDatas":[{"brokerAddrs":{"0":"10.0.0.1:10911"},"brokerName":"b1","cluster":"C","enableActingMaster":false,"zoneName":"z"}],"filterServerTable":{},"queueDatas":[],"topicQueueMappingByBroker":{"b1":{"a":1}}}';
    const route = decodeTopicRoute(body);
    expect(route.brokerDatas[0]).toMatchObject({ enableActingMaster: false, zoneName: 'z' });
    expect(encodeTopicRoute(route, { standard: true }).toString()).toBe(body);
  });

  it('wrong shapes are invalid-body naming the field; bad JSON invalid-json-body', () => {
    const err = protocolErrorOf(() => decodeTopicRoute('{"brokerDatas":[{"brokerName":1}],"queueDatas":[]}'));
    expect([err.kind, err.context.field, err.context.value]).toEqual(['invalid-body', 'TopicRouteData.brokerDatas[0].cluster', undefined]);
    expect(protocolErrorOf(() => decodeTopicRoute('{"queueDatas":{}}')).context.field).toBe('TopicRouteData.queueDatas');
    expect(protocolErrorOf(() => decodeTopicRoute('{"brokerDatas":[{"cluster":"c","brokerName":"b","brokerAddrs":{"x":"a"}}]}')).context.value).toBe('x');
    expect(protocolErrorOf(() => decodeTopicRoute('[]')).kind).toBe('invalid-body');
    expect(protocolErrorOf(() => decodeTopicRoute('{"queueDatas":[}')).kind).toBe('invalid-json-body');
  });
});

describe('queues from a route (Java client derivations)', () => {
  const route: TopicRouteBody = {
    queueDatas: [
      { brokerName: 'broker-b', readQueueNums: 2, writeQueueNums: 3, perm: 6, topicSysFlag: 0 },
      { brokerName: 'broker-a', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 },
      { brokerName: 'broker-c', readQueueNums: 1, writeQueueNums: 1, perm: 4, topicSysFlag: 0 },
      { brokerName: 'broker-d', readQueueNums: 1, writeQueueNums: 1, perm: 6, topicSysFlag: 0 },
    ],
    brokerDatas: [
      { cluster: 'C', brokerName: 'broker-a', brokerAddrs: { '0': 'a:1' } },
      { cluster: 'C', brokerName: 'broker-b', brokerAddrs: { '0': 'b:1', '1': 'b:2' } },
      { cluster: 'C', brokerName: 'broker-c', brokerAddrs: { '0': 'c:1' } },
      { cluster: 'C', brokerName: 'broker-d', brokerAddrs: { '1': 'd:2' } },
    ],
  };
  const q = (brokerName: string, queueId: number) => ({ topic: 'T', brokerName, queueId });

  it('publish: sorted by broker name, writable, with a master', () => {
    expect(publishQueues(route, 'T')).toEqual([q('broker-a', 0), q('broker-a', 1), q('broker-b', 0), q('broker-b', 1), q('broker-b', 2)]);
    expect(isOrderTopic(route)).toBe(false);
  });

  it('publish: orderTopicConf wins when present', () => {
    const ordered = { ...route, orderTopicConf: 'broker-x:2;broker-a:1' };
    expect(publishQueues(ordered, 'T')).toEqual([q('broker-x', 0), q('broker-x', 1), q('broker-a', 0)]);
    expect(isOrderTopic(ordered)).toBe(true);
    expect(protocolErrorOf(() => publishQueues({ ...route, orderTopicConf: 'broker-x' }, 'T')).kind).toBe('invalid-body');
  });

  it('subscribe: every readable queue, in route order', () => {
    expect(subscribeQueues(route, 'T')).toEqual([q('broker-b', 0), q('broker-b', 1), q('broker-a', 0), q('broker-a', 1), q('broker-c', 0), q('broker-d', 0)]);
  });

  it('captured TBW102 route (perm 7) publishes its 4 queues', () => {
    const body = framesNamed(loadCapture('json-v2'), 'GET_ROUTEINFO_BY_TOPIC', true)[0]?.body ?? Buffer.alloc(0);
    expect(publishQueues(decodeTopicRoute(body), 'TBW102').map((m) => m.queueId)).toEqual([0, 1, 2, 3]);
  });
});

describe('ClusterInfo (§5.2, always bare keys)', () => {
  it('parses the fastjson form and writes it back', () => {
    const body =
      '{"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"127.0.0.1:10911",1:"127.0.0.1:10912"},"brokerName":"broker-a","cluster":"DefaultCluster"}},' +
      '"clusterAddrTable":{"DefaultCluster":["broker-a"]}}';
    const info = decodeClusterInfo(body);
    expect(info.brokerAddrTable['broker-a']?.brokerAddrs).toEqual({ '0': '127.0.0.1:10911', '1': '127.0.0.1:10912' });
    expect(info.clusterAddrTable).toEqual({ DefaultCluster: ['broker-a'] });
    expect(encodeClusterInfo(info).toString()).toBe(body);
    expect(protocolErrorOf(() => decodeClusterInfo('{"clusterAddrTable":{"c":"b"}}')).context.field).toBe('ClusterInfo.clusterAddrTable.c');
  });
});
