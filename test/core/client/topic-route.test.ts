import { describe, expect, it } from 'vitest';
import { defaultTopicRouteFor, deriveTopicRoute, routeFingerprint } from '../../../core/client/topic-route.js';
import type { TopicRouteData } from '../../../core/ports/route.js';
import { routeOf } from '../fakes/fake-port.js';

const ids = (qs: readonly { brokerName: string; queueId: number }[]) => qs.map((q) => `${q.brokerName}#${q.queueId}`);

describe('deriveTopicRoute (shared/protocol §5.1)', () => {
  it('publishes writable queues of brokers with a master, sorted by broker name', () => {
    const data = routeOf([
      { name: 'b', addr: '10.0.0.2:10911', queues: 2 },
      { name: 'a', addr: '10.0.0.1:10911', queues: 2 },
      { name: 'c', addr: '10.0.0.3:10911', queues: 2, perm: 4 },
    ]);
    const route = deriveTopicRoute('T', data);
    expect(ids(route.publishQueues)).toEqual(['a#0', 'a#1', 'b#0', 'b#1']);
    expect(ids(route.subscribeQueues)).toEqual(['b#0', 'b#1', 'a#0', 'a#1', 'c#0', 'c#1']);
    expect(route.publishQueues.every((q) => q.topic === 'T')).toBe(true);
    expect(route.brokers.get('a')).toEqual({ '0': '10.0.0.1:10911' });
    expect(route.viaDefaultTopic).toBe(false);
  });

  it('skips a broker without a master for publishing but still reads from it', () => {
    const data = routeOf([{ name: 'a', addr: '10.0.0.1:10911', queues: 1 }]);
    data.brokerDatas[0]!.brokerAddrs = { '1': '10.0.0.9:10911' };
    const route = deriveTopicRoute('T', data);
    expect(route.publishQueues).toEqual([]);
    expect(ids(route.subscribeQueues)).toEqual(['a#0']);
  });

  it('takes the publish list only from orderTopicConf when present', () => {
    const data: TopicRouteData = { ...routeOf([{ name: 'a', addr: '1.1.1.1:1', queues: 8 }]), orderTopicConf: 'b:2;a:1' };
    expect(ids(deriveTopicRoute('T', data).publishQueues)).toEqual(['b#0', 'b#1', 'a#0']);
  });

  it('cuts TBW102 queue counts to min(defaultTopicQueueNums, readQueueNums) for an unknown topic', () => {
    const tbw = routeOf([
      { name: 'a', addr: '1.1.1.1:1', queues: 8, perm: 7 },
      { name: 'b', addr: '1.1.1.2:1', queues: 2, perm: 7 },
    ]);
    const route = defaultTopicRouteFor('New', tbw, 4);
    expect(ids(route.publishQueues)).toEqual(['a#0', 'a#1', 'a#2', 'a#3', 'b#0', 'b#1']);
    expect(route.viaDefaultTopic).toBe(true);
    expect(route.topic).toBe('New');
  });

  it('fingerprints ignore the order of brokers and queue data', () => {
    const one = routeOf([
      { name: 'a', addr: '1.1.1.1:1' },
      { name: 'b', addr: '1.1.1.2:1' },
    ]);
    const two: TopicRouteData = { ...one, queueDatas: [...one.queueDatas].reverse(), brokerDatas: [...one.brokerDatas].reverse() };
    expect(routeFingerprint(two)).toBe(routeFingerprint(one));
    const three = routeOf([{ name: 'a', addr: '1.1.1.1:1' }]);
    expect(routeFingerprint(three)).not.toBe(routeFingerprint(one));
  });
});
