import { asyncScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientRegistry } from '../../../core/client/client-registry.js';
import { resolveClientOptions } from '../../../core/defaults.js';
import type { ClientInstanceConfig } from '../../../core/client/client-instance.js';
import type { ClientEvent } from '../../../core/client/events.js';
import type { HeartbeatData } from '../../../core/ports/heartbeat.js';
import type { ConsumerData } from '../../../core/ports/heartbeat.js';
import type { PulledMessage } from '../../../core/ports/broker-port.js';
import { FakePort, transportError } from '../fakes/fake-port.js';

const A = { name: 'broker-a', addr: '10.0.0.1:10911', slaves: ['10.0.0.11:10911'] };
const B = { name: 'broker-b', addr: '10.0.0.2:10911' };

const config = (over: Partial<ClientInstanceConfig> = {}): ClientInstanceConfig => ({
  clientId: '10.0.0.5@123#1700000000000',
  nameServers: ['127.0.0.1:9876'],
  routeRefreshIntervalMs: 30_000,
  heartbeatIntervalMs: 30_000,
  requestTimeoutMs: 3000,
  scheduler: asyncScheduler,
  options: resolveClientOptions({ nameServer: '127.0.0.1:9876' }),
  ...over,
});

const consumerData = (groupName: string): ConsumerData => ({
  groupName,
  consumeType: 'CONSUME_PASSIVELY',
  messageModel: 'CLUSTERING',
  consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
  subscriptionDataSet: [],
  unitMode: false,
});

const noopConsumerHandler = {
  notifyConsumerIdsChanged: vi.fn(),
  resetOffset: vi.fn(),
  runningInfo: () => ({ properties: {}, subscriptionSet: [], mqTable: [], statusTable: {} }),
  consumeMessageDirectly: async () => ({ order: false, autoCommit: true, consumeResult: 'CR_SUCCESS' as const, spentTimeMills: 1 }),
};

describe('ClientRegistry and ClientInstance', () => {
  let port: FakePort;
  let ports: number;
  let registry: ClientRegistry;
  const factory = () => {
    ports += 1;
    return port;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    port = new FakePort();
    port.setRoute('T', [A, B]);
    ports = 0;
    registry = new ClientRegistry();
  });

  afterEach(() => {
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });

  it('shares one instance per (name servers, client id) and opens the port once, on first start', async () => {
    const one = registry.acquire(config(), factory);
    const two = registry.acquire(config(), factory);
    const other = registry.acquire(config({ clientId: 'x@y' }), factory);
    const otherNs = registry.acquire(config({ nameServers: ['127.0.0.1:9877'] }), factory);
    expect(one).toBe(two);
    expect(other).not.toBe(one);
    expect(otherNs).not.toBe(one);
    expect(registry.size).toBe(3);
    expect(ports).toBe(0);
    expect(() => one.port).toThrow(/not started/);

    await one.start();
    await two.start();
    expect(ports).toBe(1);
    expect(port.callsOf('setHandlers')).toHaveLength(1);
    expect(one.users).toBe(2);

    await one.shutdown();
    expect(port.closed).toBe(false);
    await two.shutdown();
    expect(port.closed).toBe(true);
    expect(one.liveResources).toBe(0);
    expect(registry.size).toBe(2);
    await expect(one.start()).rejects.toMatchObject({ kind: 'client-shut-down' });
    expect(registry.acquire(config(), factory)).not.toBe(one);
  });

  it('refreshes routes and heartbeats every 30 s while running, and nothing after the last shutdown', async () => {
    const instance = registry.acquire(config(), factory);
    await instance.start();
    instance.registerProducer('PG');
    await instance.routes.publishRoute('T', 4);
    await vi.advanceTimersByTimeAsync(0);
    // new brokers are greeted at once (masters only: producers only)
    expect(port.callsOf('heartbeat').map((c) => c.addr).sort()).toEqual(['10.0.0.1:10911', '10.0.0.2:10911']);

    await vi.advanceTimersByTimeAsync(30_000);
    expect(port.callsOf('getRouteInfo')).toHaveLength(2);
    expect(port.callsOf('heartbeat')).toHaveLength(4);
    const data = port.callsOf('heartbeat').at(-1)!.args[0] as HeartbeatData;
    expect(data.clientID).toBe('10.0.0.5@123#1700000000000');
    expect(data.producerDataSet.map((p) => p.groupName).sort()).toEqual(['CLIENT_INNER_PRODUCER', 'PG']);
    expect(data.consumerDataSet).toEqual([]);

    await instance.shutdown();
    expect(vi.getTimerCount()).toBe(0);
    const calls = port.calls.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(port.calls.length).toBe(calls);
  });

  it('heartbeats every address, slaves included, once a consumer is registered', async () => {
    const instance = registry.acquire(config(), factory);
    await instance.start();
    await instance.routes.refresh('T');
    instance.registerConsumer('CG', { consumerData: () => consumerData('CG'), handler: noopConsumerHandler });
    port.calls.length = 0;
    await instance.sendHeartbeat();
    expect(port.callsOf('heartbeat').map((c) => c.addr).sort()).toEqual(['10.0.0.11:10911', '10.0.0.1:10911', '10.0.0.2:10911']);
    const data = port.callsOf('heartbeat')[0]!.args[0] as HeartbeatData;
    expect(data.consumerDataSet.map((c) => c.groupName)).toEqual(['CG']);
    expect(data.producerDataSet).toEqual([{ groupName: 'CLIENT_INNER_PRODUCER' }]);
    await instance.shutdown();
  });

  it('reports heartbeat failures as events and carries on', async () => {
    const instance = registry.acquire(config(), factory);
    const events: ClientEvent[] = [];
    instance.events$.subscribe((e) => events.push(e));
    await instance.start();
    await instance.routes.refresh('T');
    port.overrides.heartbeat = async (addr) => {
      if (addr === B.addr) throw transportError('connect-failed');
    };
    await instance.sendHeartbeat();
    expect(events.filter((e) => e.type === 'heartbeat-failed')).toMatchObject([{ address: B.addr }]);
    await instance.shutdown();
  });

  it('refuses a group registered twice', async () => {
    const instance = registry.acquire(config(), factory);
    instance.registerProducer('PG');
    expect(() => instance.registerProducer('PG')).toThrow(expect.objectContaining({ kind: 'group-already-registered' }));
    instance.registerConsumer('CG', { consumerData: () => consumerData('CG'), handler: noopConsumerHandler });
    expect(() => instance.registerConsumer('CG', { consumerData: () => consumerData('CG'), handler: noopConsumerHandler })).toThrow(
      expect.objectContaining({ kind: 'group-already-registered', context: expect.objectContaining({ group: 'CG' }) }),
    );
  });

  it('unregisters a group from every broker address, and CLIENT_INNER_PRODUCER on the last shutdown', async () => {
    const instance = registry.acquire(config(), factory);
    await instance.start();
    await instance.routes.refresh('T');
    instance.registerProducer('PG');
    await instance.unregisterProducer('PG');
    const unregs = () => port.callsOf('unregisterClient').map((c) => `${c.addr} ${JSON.stringify(c.args[1])}`).sort();
    expect(unregs()).toEqual([
      '10.0.0.11:10911 {"producerGroup":"PG"}',
      '10.0.0.1:10911 {"producerGroup":"PG"}',
      '10.0.0.2:10911 {"producerGroup":"PG"}',
    ]);
    port.calls.length = 0;
    await instance.shutdown();
    expect(unregs()).toEqual([
      '10.0.0.11:10911 {"producerGroup":"CLIENT_INNER_PRODUCER"}',
      '10.0.0.1:10911 {"producerGroup":"CLIENT_INNER_PRODUCER"}',
      '10.0.0.2:10911 {"producerGroup":"CLIENT_INNER_PRODUCER"}',
    ]);
    expect(port.calls.at(-1)?.method).toBe('close');
  });

  it('routes broker-pushed requests to the producer or consumer of the named group', async () => {
    const instance = registry.acquire(config(), factory);
    const events: ClientEvent[] = [];
    instance.events$.subscribe((e) => events.push(e));
    await instance.start();
    const checks: string[] = [];
    instance.registerProducer('PG', { checkTransactionState: (req) => checks.push(req.message.msgId) });
    const notify = vi.fn();
    instance.registerConsumer('CG', { consumerData: () => consumerData('CG'), handler: { ...noopConsumerHandler, notifyConsumerIdsChanged: notify } });
    const handlers = port.handlers!;
    const message = { msgId: 'M1', properties: { PGROUP: 'PG' } } as unknown as PulledMessage;
    handlers.checkTransactionState({ brokerAddr: A.addr, tranStateTableOffset: 1, commitLogOffset: 2, message });
    handlers.checkTransactionState({ brokerAddr: A.addr, tranStateTableOffset: 1, commitLogOffset: 2, message: { ...message, properties: { PGROUP: 'other' } } });
    handlers.notifyConsumerIdsChanged('CG');
    handlers.notifyConsumerIdsChanged('nobody');
    expect(checks).toEqual(['M1']);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(handlers.consumerRunningInfo('CG')).toBeDefined();
    expect(handlers.consumerRunningInfo('nobody')).toBeUndefined();
    await expect(handlers.consumeMessageDirectly('nobody', message)).rejects.toMatchObject({ kind: 'unknown-group' });
    expect(events.filter((e) => e.type === 'broker-request-unhandled').map((e) => (e as { group?: string }).group)).toEqual(['other', 'nobody']);

    await instance.unregisterConsumer('CG');
    handlers.notifyConsumerIdsChanged('CG');
    expect(notify).toHaveBeenCalledTimes(1);
    await instance.shutdown();
  });

  it('a throwing handler becomes an event, not an exception in the adapter', async () => {
    const instance = registry.acquire(config(), factory);
    const events: ClientEvent[] = [];
    instance.events$.subscribe((e) => events.push(e));
    await instance.start();
    instance.registerConsumer('CG', {
      consumerData: () => consumerData('CG'),
      handler: { ...noopConsumerHandler, resetOffset: () => { throw new Error('boom'); } },
    });
    expect(() => port.handlers!.resetOffset({ topic: 'T', group: 'CG', timestamp: 0, isForce: true, offsets: [] })).not.toThrow();
    expect(events).toMatchObject([{ type: 'broker-request-unhandled', request: 'RESET_CONSUMER_CLIENT_OFFSET', error: { message: 'boom' } }]);
    await instance.shutdown();
  });
});
