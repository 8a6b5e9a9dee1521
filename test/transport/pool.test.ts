import { createServer } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createResponse } from '../../adapters/remoting/protocol/command.js';
import { exponentialBackoff } from '../../adapters/remoting/transport/backoff.js';
import { systemClock, type Clock } from '../../adapters/remoting/transport/clock.js';
import type { ConnectOptions } from '../../adapters/remoting/transport/connect.js';
import { Connection } from '../../adapters/remoting/transport/connection.js';
import { TransportError } from '../../adapters/remoting/transport/errors.js';
import { createMemoryPair } from '../../adapters/remoting/transport/memory.js';
import { ConnectionPool, type PoolEvent } from '../../adapters/remoting/transport/pool.js';
import { RemotingServer } from '../../adapters/remoting/transport/server.js';
import { CountingClock, deferred, request } from './helpers.js';

const owned: Array<{ close(): Promise<void> }> = [];
const own = <T extends { close(): Promise<void> }>(thing: T): T => (owned.push(thing), thing);
afterEach(async () => {
  for (const thing of owned.splice(0).reverse()) await thing.close();
});

/** A connector over memory pipes; the far ends ("brokers") are Connections the test can drive. */
function memoryConnector(gate?: Promise<void>) {
  const brokers: Connection[] = [];
  const connector = vi.fn(async (address: string, options: ConnectOptions) => {
    await gate;
    const [near, far] = createMemoryPair();
    brokers.push(own(new Connection(far, { address: 'client', idleTimeoutMs: 0 })));
    return new Connection(near, { ...options, address, idleTimeoutMs: 0 });
  });
  return { connector, brokers };
}

/** Wall-clock time that only moves when the test says so (timers stay real). */
function manualClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return { ...systemClock, now: () => now, advance: (ms) => void (now += ms) };
}

describe('ConnectionPool', () => {
  it('shares one connect attempt between concurrent callers', async () => {
    const gate = deferred();
    const { connector } = memoryConnector(gate.promise);
    const pool = own(new ConnectionPool({ connector }));
    const gets = [pool.get('broker-a:10911'), pool.get('broker-a:10911'), pool.get('broker-a:10911')];
    gate.resolve();
    const [a, b, c] = await Promise.all(gets);
    expect(connector).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(await pool.get('broker-a:10911')).toBe(a);
    expect(connector).toHaveBeenCalledTimes(1);
    expect([...pool.connections.keys()]).toEqual(['broker-a:10911']);
  });

  it('current() gives the open connection without connecting, and nothing once it is dead or the pool closed', async () => {
    const { connector, brokers } = memoryConnector();
    const pool = new ConnectionPool({ connector });
    expect(pool.current('a:1')).toBeUndefined();
    expect(connector).not.toHaveBeenCalled();
    const first = await pool.get('a:1');
    expect(pool.current('a:1')).toBe(first);
    await brokers[0]!.close(); // the broker side goes away
    await firstValueFrom(first.closed$);
    expect(pool.current('a:1')).toBeUndefined();
    const second = await pool.get('a:1');
    expect(pool.current('a:1')).toBe(second);
    // One address after another, and an address given as another string of the same text.
    const other = await pool.get('b:1');
    for (const address of ['b:1', 'a:1', ['a', '1'].join(':'), 'b:1']) expect(pool.current(address)).toBe(address === 'b:1' ? other : second);
    expect(pool.current('c:1')).toBeUndefined();
    await pool.close();
    expect(pool.current('a:1')).toBeUndefined();
  });

  it('keeps one connection per address', async () => {
    const { connector } = memoryConnector();
    const pool = own(new ConnectionPool({ connector }));
    const [a, b] = await Promise.all([pool.get('a:1'), pool.get('b:1')]);
    expect(a).not.toBe(b);
    expect([a.remoteAddress, b.remoteAddress]).toEqual(['a:1', 'b:1']);
  });

  it('replaces a dead connection on the next get', async () => {
    const { connector, brokers } = memoryConnector();
    const pool = own(new ConnectionPool({ connector }));
    const first = await pool.get('a:1');
    await brokers[0]!.close(); // the broker side goes away
    const replacement = await pool.get('a:1');
    expect(first.isOpen).toBe(false);
    expect(replacement).not.toBe(first);
    expect(replacement.isOpen).toBe(true);
    expect(connector).toHaveBeenCalledTimes(2);
    await pool.closeConnection('a:1');
    expect(replacement.isOpen).toBe(false);
    expect(await pool.get('a:1')).not.toBe(replacement);
  });

  it('installs its processors on every connection it creates, including ones registered later', async () => {
    const { connector, brokers } = memoryConnector();
    const pool = own(new ConnectionPool({ connector }));
    pool.setProcessor(221, (req) => createResponse(req, { code: 0, remark: `status from ${req.code}` }));
    await Promise.all([pool.get('a:1'), pool.get('b:1')]);
    pool.setDefaultProcessor((req) => createResponse(req, { code: 0, remark: 'default' }));
    for (const broker of brokers) {
      expect((await broker.request(request(221), { timeoutMs: 1000 })).remark).toBe('status from 221');
      expect((await broker.request(request(307), { timeoutMs: 1000 })).remark).toBe('default');
    }
  });

  it('backs off after a refused connect: gets during the window fail fast, the next one after it tries again', async () => {
    const port = await closedPort();
    const address = `127.0.0.1:${port}`;
    const clock = manualClock();
    const pool = own(new ConnectionPool({ clock, backoff: exponentialBackoff({ jitter: 0 }) }));
    const failures: Array<Extract<PoolEvent, { type: 'connect-failed' }>> = [];
    pool.events$.subscribe((e) => e.type === 'connect-failed' && failures.push(e));

    const refused = await pool.get(address).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'connect-failed', context: { address }, cause: { code: 'ECONNREFUSED' } });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ address, failures: 1, retryAt: clock.now() + 100 });

    clock.advance(99);
    const fast = await pool.get(address).catch((e: unknown) => e);
    expect(fast).toBeInstanceOf(TransportError);
    expect(fast).toMatchObject({ kind: 'connect-failed', context: { address, failures: 1, retryAt: clock.now() + 1, retryInMs: 1 } });
    expect((fast as Error).message).toContain(address);
    expect((fast as Error).cause).toBe((refused as Error));
    expect(failures).toHaveLength(1); // no attempt was made

    clock.advance(1);
    await expect(pool.get(address)).rejects.toMatchObject({ kind: 'connect-failed', cause: { code: 'ECONNREFUSED' } });
    expect(failures).toHaveLength(2);
    expect(failures[1]).toMatchObject({ failures: 2, retryAt: clock.now() + 200 });
  });

  it('recovers after the backoff window and forgets the failures once connected', async () => {
    const clock = manualClock();
    const { connector: working } = memoryConnector();
    let down = 2;
    const connector = vi.fn(async (address: string, options: ConnectOptions) => {
      if (down-- > 0) throw new TransportError('connect-failed', `refused ${address}`, { address });
      return working(address, options);
    });
    const pool = own(new ConnectionPool({ connector, clock, backoff: () => 1_000 }));
    await expect(pool.get('a:1')).rejects.toMatchObject({ message: 'refused a:1' });
    clock.advance(1_000);
    await expect(pool.get('a:1')).rejects.toMatchObject({ message: 'refused a:1' });
    clock.advance(1_000);
    const connection = await pool.get('a:1');
    await connection.close();
    const again = await pool.get('a:1'); // no backoff left over from the earlier failures
    expect(again.isOpen).toBe(true);
    expect(connector).toHaveBeenCalledTimes(4);
  });

  it('close() closes every connection, rejects what is in flight, leaves no timers, and is idempotent', async () => {
    const clock = new CountingClock();
    const { connector } = memoryConnector();
    const pool = new ConnectionPool({ connector, connect: { clock } });
    const connection = await pool.get('a:1');
    const pending = connection.request(request(11), { timeoutMs: 60_000 });
    expect(clock.armed).toBe(1);
    await Promise.all([pool.close(), pool.close()]);
    await expect(pending).rejects.toMatchObject({ kind: 'connection-closed' });
    expect(connection.isOpen).toBe(false);
    expect(clock.armed).toBe(0);
    expect(pool.connections.size).toBe(0);
    await expect(pool.get('a:1')).rejects.toMatchObject({ kind: 'closed' });
  });

  it('close() waits for a connect under way and closes what it brings', async () => {
    const gate = deferred();
    const { connector } = memoryConnector(gate.promise);
    const pool = new ConnectionPool({ connector });
    const late = pool.get('a:1').catch((e: unknown) => e);
    const closed = pool.close();
    gate.resolve();
    await closed;
    expect(await late).toMatchObject({ kind: 'closed', context: { address: 'a:1' } });
  });

  it('over real TCP, close() leaves no sockets, servers or timers behind', async () => {
    // Sockets and servers are counted by the runtime; timers through the injected clock (the test
    // runner keeps timers of its own, which would make a global timer count flaky).
    const kinds = ['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap'];
    const handles = () => process.getActiveResourcesInfo().filter((k) => kinds.includes(k)).sort();
    await closingHandlesGone();
    const before = handles();
    const clock = new CountingClock();
    const server = new RemotingServer({ connection: { idleTimeoutMs: 60_000, clock } });
    server.setProcessor(105, (req) => createResponse(req, { code: 0 }));
    const { port } = await server.listen();
    const pool = new ConnectionPool({ connect: { idleTimeoutMs: 60_000, clock } });
    const connection = await pool.get(`127.0.0.1:${port}`);
    expect((await connection.request(request(105), { timeoutMs: 2000 })).code).toBe(0);
    expect(handles().length).toBeGreaterThan(before.length);
    expect(clock.armed).toBeGreaterThanOrEqual(2); // both idle watches
    await pool.close();
    await server.close();
    await closingHandlesGone();
    expect(handles()).toEqual(before);
    expect(clock.armed).toBe(0);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Handles closed in this turn are listed until libuv runs their close callbacks, which it does after the
 * check phase: two `setImmediate` turns are always past that point (no wall-clock waiting).
 */
async function closingHandlesGone(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
