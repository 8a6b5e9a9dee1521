import { asyncScheduler, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientEvent } from '../../../core/client/events.js';
import { RouteTable } from '../../../core/client/route-table.js';
import type { TopicRoute } from '../../../core/client/topic-route.js';
import { FakePort, transportError } from '../fakes/fake-port.js';

const A = { name: 'broker-a', addr: '10.0.0.1:10911' };
const B = { name: 'broker-b', addr: '10.0.0.2:10911' };

describe('RouteTable', () => {
  let port: FakePort;
  let events: ClientEvent[];
  let table: RouteTable;
  const subs: Subscription[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    port = new FakePort();
    events = [];
    table = new RouteTable({ port, requestTimeoutMs: 3000, report: (e) => events.push(e) });
  });

  afterEach(() => {
    for (const s of subs.splice(0)) s.unsubscribe();
    table.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });

  const watch = (topic: string) => {
    const seen: TopicRoute[] = [];
    const state = { completed: false, error: undefined as unknown };
    subs.push(table.route$(topic).subscribe({ next: (r) => seen.push(r), error: (e) => (state.error = e), complete: () => (state.completed = true) }));
    return { seen, state };
  };

  it('fetches on first subscription and refreshes every 30 s, emitting only changes', async () => {
    port.setRoute('T', [A]);
    subs.push(table.startRefresh(30_000, asyncScheduler));
    const { seen } = watch('T');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.map((r) => r.publishQueues.length)).toEqual([4]);
    expect(port.callsOf('getRouteInfo')).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(29_999);
    expect(port.callsOf('getRouteInfo')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.callsOf('getRouteInfo')).toHaveLength(2);
    expect(seen).toHaveLength(1);

    port.setRoute('T', [A, B]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(port.callsOf('getRouteInfo')).toHaveLength(3);
    expect(seen.map((r) => [...r.brokers.keys()])).toEqual([['broker-a'], ['broker-a', 'broker-b']]);
  });

  it('keeps the stream alive and the last route when a refresh fails', async () => {
    port.setRoute('T', [A]);
    subs.push(table.startRefresh(30_000, asyncScheduler));
    const { seen, state } = watch('T');
    await vi.advanceTimersByTimeAsync(0);
    port.routeFailures.push(transportError('request-timeout'), transportError('connect-failed'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events.filter((e) => e.type === 'route-refresh-failed')).toHaveLength(2);
    expect(state).toEqual({ completed: false, error: undefined });
    expect(table.current('T')).toBe(seen[0]);

    port.setRoute('T', [B]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(seen.map((r) => [...r.brokers.keys()])).toEqual([['broker-a'], ['broker-b']]);
  });

  it('does not emit for an unknown topic, but reports it and keeps trying', async () => {
    subs.push(table.startRefresh(30_000, asyncScheduler));
    const { seen } = watch('Missing');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(seen).toEqual([]);
    expect(events.filter((e) => e.type === 'route-refresh-failed')).toHaveLength(2);
    port.setRoute('Missing', [A]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(seen).toHaveLength(1);
  });

  it('shares one name-server call between concurrent lookups', async () => {
    port.setRoute('T', [A]);
    const [one, two] = await Promise.all([table.publishRoute('T', 4), table.publishRoute('T', 4), table.refresh('T')]);
    expect(one).toBe(two);
    expect(port.callsOf('getRouteInfo')).toHaveLength(1);
  });

  it('falls back to TBW102 for sending to an unknown topic, invisible to route$, until the real route exists', async () => {
    port.setRoute('TBW102', [{ ...A, queues: 8, perm: 7 }]);
    const { seen } = watch('New');
    expect(table.publishable('New')).toBeUndefined();
    const route = await table.publishRoute('New', 4);
    expect(table.publishable('New')).toBe(route);
    expect(route.viaDefaultTopic).toBe(true);
    expect(route.publishQueues.map((q) => `${q.topic}/${q.brokerName}/${q.queueId}`)).toEqual([
      'New/broker-a/0',
      'New/broker-a/1',
      'New/broker-a/2',
      'New/broker-a/3',
    ]);
    expect(events.some((e) => e.type === 'route-fallback')).toBe(true);
    expect(await table.publishRoute('New', 4)).toBe(route);
    expect(seen).toEqual([]);
    expect(table.topics()).toContain('New');

    port.setRoute('New', [A, B]);
    await table.refreshAll();
    const real = await table.publishRoute('New', 4);
    expect(real.viaDefaultTopic).toBe(false);
    expect(table.publishable('New')).toBe(real);
    expect(seen).toEqual([real]);
  });

  it('rejects with no-route when neither the topic nor TBW102 has a route, or the name server is unreachable', async () => {
    await expect(table.publishRoute('Nowhere', 4)).rejects.toMatchObject({ kind: 'no-route', context: { topic: 'Nowhere' } });
    port.routeFailures.push(transportError('connect-failed'));
    port.setRoute('TBW102', [A]);
    await expect(table.publishRoute('Other', 4)).rejects.toMatchObject({ kind: 'no-route', cause: { kind: 'connect-failed' } });
  });

  it('merges broker addresses across routes and announces new ones', async () => {
    const added: string[][] = [];
    subs.push(table.brokerAddressesAdded$().subscribe((a) => added.push(a)));
    port.setRoute('T1', [A]);
    port.setRoute('T2', [A, { ...B, slaves: ['10.0.0.3:10911'] }]);
    await table.refresh('T1');
    await table.refresh('T2');
    expect(added).toEqual([['10.0.0.1:10911'], ['10.0.0.2:10911', '10.0.0.3:10911']]);
    expect(table.masterAddr('broker-b')).toBe('10.0.0.2:10911');
    expect(Object.fromEntries(table.brokers())).toEqual({
      'broker-a': { '0': '10.0.0.1:10911' },
      'broker-b': { '0': '10.0.0.2:10911', '1': '10.0.0.3:10911' },
    });
  });

  it('close completes route$ and stops the timer', async () => {
    port.setRoute('T', [A]);
    table.startRefresh(30_000, asyncScheduler);
    const { state } = watch('T');
    await vi.advanceTimersByTimeAsync(0);
    table.close();
    expect(state.completed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(90_000);
    expect(port.callsOf('getRouteInfo')).toHaveLength(1);
  });
});
