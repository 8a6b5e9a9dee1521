import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { MemoryStore } from '../../../adapters/embedded/store/memory-store.js';
import { Broker } from '../../../adapters/embedded/engine/broker.js';
import { parseDelayLevels, resolveBrokerConfig } from '../../../adapters/embedded/engine/config.js';
import { EngineError } from '../../../adapters/embedded/engine/errors.js';
import { FakeChannel, pullRequest, sendRequest, startBroker, type TestBroker } from './helpers.js';

let t: TestBroker | undefined;
const client = new FakeChannel('c');

afterEach(async () => {
  await t?.broker.close();
  t = undefined;
  vi.useRealTimers();
});

describe('UPDATE_AND_CREATE_TOPIC', () => {
  const create = (topic: string, extra = {}) =>
    t!.broker.updateAndCreateTopic({ topic, defaultTopic: 'TBW102', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicFilterType: 'SINGLE_TAG', ...extra });

  it('creates or replaces a topic (the admin-to-client capture: -r 2 -w 2, perm 6)', async () => {
    t = await startBroker();
    expect(await create('CapAdminTopicNew3')).toEqual({ code: 0 });
    expect(t.broker.topicConfig('CapAdminTopicNew3')).toEqual({ topicName: 'CapAdminTopicNew3', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0, order: false });
    expect(await create('CapAdminTopicNew3', { readQueueNums: 4, writeQueueNums: 4, perm: 4 })).toEqual({ code: 0 });
    expect(t.broker.topicConfig('CapAdminTopicNew3')).toMatchObject({ readQueueNums: 4, perm: 4 });
    expect((await t.broker.send(sendRequest({ topic: 'CapAdminTopicNew3' }), client)).code).toBe(0); // the real broker checks no topic perm on send
    expect(await t.broker.pull(pullRequest({ topic: 'CapAdminTopicNew3' }), client)).toMatchObject({ code: 0 });
    await create('CapAdminTopicNew3', { perm: 2 });
    expect(await t.broker.pull(pullRequest({ topic: 'CapAdminTopicNew3' }), client)).toEqual({
      code: ResponseCode.NO_PERMISSION, remark: 'the topic[CapAdminTopicNew3] pulling message is forbidden',
    });
  });

  it.each([
    ['', 'The specified topic is blank.'],
    ['a b', 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$'],
    ['TBW102', 'The topic[TBW102] is conflict with system topic.'],
    ['SCHEDULE_TOPIC_XXXX', 'The topic[SCHEDULE_TOPIC_XXXX] is conflict with system topic.'],
    ['rmq_sys_anything', 'The topic[rmq_sys_anything] is conflict with system topic.'],
    ['DefaultCluster', 'The topic[DefaultCluster] is conflict with system topic.'],
  ])('refuses %j with SYSTEM_ERROR', async (topic, remark) => {
    t = await startBroker();
    expect(await create(topic)).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark });
  });

  it('refuses absurd queue counts and missing numbers', async () => {
    t = await startBroker();
    expect((await create('T', { readQueueNums: 100_000 })).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(await create('T', { perm: undefined })).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'the custom field <perm> is null' });
  });
});

describe('lifecycle', () => {
  it('answers SERVICE_NOT_AVAILABLE before start and after close; close is idempotent and shared', async () => {
    const broker = new Broker({ store: new MemoryStore() });
    expect(await broker.send(sendRequest(), client)).toEqual({ code: ResponseCode.SERVICE_NOT_AVAILABLE, remark: 'the broker broker-a is not running' });
    await broker.start();
    expect((await broker.send(sendRequest(), client)).code).toBe(0);
    const [a, b] = [broker.close(), broker.close()];
    expect(a).toBe(b);
    await a;
    await broker.close();
    expect((await broker.pull(pullRequest(), client))?.code).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
  });

  it('releases every timer on close', async () => {
    vi.useFakeTimers();
    t = await startBroker({}, { registrar: { register: () => {}, unregister: () => {} } });
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await t.broker.send(sendRequest({ props: { DELAY: '18' } }), client);
    void t.broker.pull(pullRequest({ sysFlag: 2, queueOffset: 0, queueId: 1 }), client);
    await vi.advanceTimersByTimeAsync(0);
    await t.broker.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('turns a store failure into an answer, never a crash, and reports it as an event', async () => {
    const store = new MemoryStore();
    t = await startBroker({}, { store });
    expect((await t.broker.send(sendRequest(), client)).code).toBe(0);
    vi.spyOn(store, 'append').mockRejectedValueOnce(new Error('disk on fire'));
    expect(await t.broker.send(sendRequest(), client)).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'Error: disk on fire' });
    vi.spyOn(store, 'readEntries').mockImplementationOnce(() => {
      throw new Error('index broken');
    });
    expect(await t.broker.pull(pullRequest(), client)).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'Error: index broken' });
    expect(t.events).toContainEqual(expect.objectContaining({ type: 'error', where: 'pull' }));
    expect((await t.broker.send(sendRequest(), client)).code).toBe(0);
  });

  it('registers on start, every 30 s and (oneway) when a topic is created; unregisters on close', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    t = await startBroker({}, { registrar: { register: (_r, oneway) => void calls.push(oneway ? 'oneway' : 'register'), unregister: () => void calls.push('unregister') } });
    expect(calls).toEqual(['register']);
    await t.broker.createTopic('X');
    await vi.advanceTimersByTimeAsync(30_000);
    await t.broker.close();
    expect(calls).toEqual(['register', 'oneway', 'register', 'unregister']);
  });
});

describe('config', () => {
  it('has the Java defaults', () => {
    const c = resolveBrokerConfig();
    expect(c).toMatchObject({
      brokerName: 'broker-a', clusterName: 'DefaultCluster', brokerId: 0, defaultQueueNums: 4, defaultTopicQueueNums: 8,
      autoCreateTopicEnable: true, autoCreateSubscriptionGroup: true, maxMessageSize: 4_194_304, transactionTimeoutMs: 6_000,
      transactionCheckIntervalMs: 60_000, transactionCheckMax: 15, lockExpiryMs: 60_000, longPollRecheckMs: 5_000,
      channelExpiryMs: 120_000, retryMaxTimes: 16,
    });
    expect(c.delayLevelsMs).toEqual([1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200].map((s) => s * 1000));
  });

  it.each([
    [{ maxMessageSize: 0 }, 'maxMessageSize'],
    [{ brokerAddr: 'nohost' }, 'brokerAddr'],
    [{ brokerAddr: '::1:10911' }, 'brokerAddr'],
    [{ messageDelayLevel: '1s 2x' }, 'messageDelayLevel'],
    [{ brokerName: '' }, 'brokerName'],
  ])('refuses %j naming the option', (overrides, option) => {
    expect(() => resolveBrokerConfig(overrides)).toThrow(EngineError);
    try {
      resolveBrokerConfig(overrides);
    } catch (e) {
      expect((e as EngineError).kind).toBe('invalid-config');
      expect((e as EngineError).context.option).toBe(option);
    }
  });

  it('parses delay tables with s, m, h and d units', () => {
    expect(parseDelayLevels('2s 3m 1h 1d')).toEqual([2_000, 180_000, 3_600_000, 86_400_000]);
  });
});
