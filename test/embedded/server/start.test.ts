import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../../adapters/embedded/index.js';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { connect } from '../../../adapters/remoting/transport/connect.js';
import { client, MemoryLogger, pullRequest, Resources, sendV2, startBroker } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

/**
 * Open sockets, servers and timers of this process, by kind. Node reports a socket or server closed only once
 * libuv's close phase has run, which comes after the `close` callbacks our code awaits; two turns of the event loop
 * (no timer involved) get past it.
 */
async function handles(): Promise<Record<string, number>> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe('startEmbeddedBroker options', () => {
  it.each([
    ['port', { port: 70_000 }],
    ['port', { port: 1.5 }],
    ['queues', { queues: 0 }],
    ['brokers', { brokers: 0 }],
    ['brokers', { brokers: ['a', 'a'] }],
    ['brokers', { brokers: ['bad name'] }],
    ['host', { host: '' }],
    ['flush', { flush: 'sometimes' as 'sync' }],
    ['dataDir', { dataDir: '' }],
  ])('refuses a bad %s with invalid-option naming it', async (option, options) => {
    await expect(startEmbeddedBroker(options)).rejects.toMatchObject({ name: 'EmbeddedBrokerError', kind: 'invalid-option', context: { option } });
  });

  it('refuses a bad engine option with the engine error naming it, leaving nothing listening', async () => {
    const before = await handles();
    await expect(startEmbeddedBroker({ logger: new MemoryLogger(), engine: { maxMessageSize: -1 } })).rejects.toMatchObject({ kind: 'invalid-config', context: { option: 'maxMessageSize' } });
    expect((await handles())['TCPServerWrap'] ?? 0).toBe(before['TCPServerWrap'] ?? 0);
  });

  it('listens on loopback on a free port by default and on the port it is given', async () => {
    const { mq } = await startBroker(resources);
    expect(mq.host).toBe('127.0.0.1');
    expect(mq.port).toBeGreaterThan(0);
    expect(mq.address).toBe(`127.0.0.1:${mq.port}`);
    await mq.close();
    const { mq: again } = await startBroker(resources, { port: mq.port });
    expect(again.address).toBe(mq.address);
  });

  it('advertises the bound IP address when listening on a host name (localhost)', async () => {
    const { mq } = await startBroker(resources, { host: 'localhost' });
    expect(mq.address).toMatch(/^(127\.0\.0\.1|\[::1\]):\d+$/);
    const c = await client(resources, mq.address);
    expect((await c.call(sendV2({ topic: 'HostTopic' }))).code).toBe(ResponseCode.SUCCESS);
  });

  it('serves IPv6 loopback, advertising a bracketed address', async () => {
    const { mq } = await startBroker(resources, { host: '::1' });
    expect(mq.address).toBe(`[::1]:${mq.port}`);
    const c = await client(resources, mq.address);
    expect((await c.call(sendV2({ topic: 'V6Topic' }))).code).toBe(ResponseCode.SUCCESS);
  });
});

describe('close', () => {
  it('is idempotent and releases every socket, server and timer, with clients connected and a pull parked', async () => {
    const before = await handles();
    const mq = await startEmbeddedBroker({ brokers: 2, logger: new MemoryLogger() });
    const c = await connect(mq.address, { idleTimeoutMs: 0 });
    await c.request({ ...sendV2({ topic: 'CloseTopic' }), language: 'JAVA', version: 409, opaque: 0, flag: 0, serializeType: 'JSON' }, { timeoutMs: 5000 });
    const parked = c.request({ ...pullRequest({ group: 'G', topic: 'CloseTopic', queueOffset: 1, suspend: true }), language: 'JAVA', version: 409, opaque: 0, flag: 0, serializeType: 'JSON' }, { timeoutMs: 20_000 });
    const first = mq.close();
    expect(mq.close()).toBe(first);
    await first;
    await expect(parked).rejects.toMatchObject({ kind: 'connection-closed' });
    await c.close();
    await expect(connect(mq.address, { connectTimeoutMs: 1000 })).rejects.toMatchObject({ kind: 'connect-failed' });
    await expect(connect(mq.brokers[1]!.address, { connectTimeoutMs: 1000 })).rejects.toMatchObject({ kind: 'connect-failed' });
    const after = await handles();
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout']) expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
    expect(mq.brokers.every((b) => b.closed)).toBe(true);
  });

  it('rolls back a start that fails half-way: a data dir still locked by a running broker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmqrx-lock-'));
    resources.add({ close: () => rmSync(dir, { recursive: true, force: true }) });
    const { mq } = await startBroker(resources, { dataDir: dir });
    const before = await handles();
    await expect(startEmbeddedBroker({ dataDir: dir, logger: new MemoryLogger() })).rejects.toThrow();
    expect((await handles())['TCPServerWrap'] ?? 0).toBe(before['TCPServerWrap'] ?? 0);
    const c = await client(resources, mq.address);
    expect((await c.call({ code: RequestCode.GET_BROKER_CLUSTER_INFO })).code).toBe(ResponseCode.SUCCESS);
  });
});
