import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createResponse } from '../../adapters/remoting/protocol/command.js';
import type { ConnectionEvent } from '../../adapters/remoting/transport/events.js';
import { connectionWithRawPeer, deferred, first, memoryConnections, request } from './helpers.js';

describe('Connection idle detection (virtual time)', () => {
  beforeEach(() => {
    // Only the timers and the clock are virtual; stream plumbing (nextTick, microtasks) stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('defaults to 120 s: emits idle then closes after 120 s with no traffic either way', async () => {
    const { client, server, closeBoth } = memoryConnections({ client: { idleTimeoutMs: undefined } });
    const events: ConnectionEvent[] = [];
    client.events$.subscribe((e) => events.push(e));
    vi.advanceTimersByTime(119_999);
    expect(client.isOpen).toBe(true);
    vi.advanceTimersByTime(1);
    expect(client.isOpen).toBe(false);
    expect(await first(client.closed$)).toEqual({ reason: 'idle' });
    expect(events.map((e) => e.type)).toEqual(['idle', 'closed']);
    expect(events[0]).toEqual({ type: 'idle', idleMs: 120_000 });
    await first(server.closed$); // the peer sees the close
    await closeBoth();
  });

  it('counts traffic in either direction as activity', async () => {
    const { client, server, closeBoth } = memoryConnections({ client: { idleTimeoutMs: 1_000 } });
    server.setProcessor(1, (req) => createResponse(req, { code: 0 }));
    vi.advanceTimersByTime(900);
    await client.request(request(1), { timeoutMs: 5_000 }); // outbound and inbound at t=900
    vi.advanceTimersByTime(900); // t=1800: 900 ms since the last traffic
    expect(client.isOpen).toBe(true);
    const pushed = deferred();
    client.setProcessor(40, () => pushed.resolve());
    await server.oneway(request(40)); // inbound only, t=1800
    await pushed.promise;
    vi.advanceTimersByTime(999);
    expect(client.isOpen).toBe(true);
    vi.advanceTimersByTime(1);
    expect(client.isOpen).toBe(false);
    await closeBoth();
  });

  it('counts a request sent as activity, from the time it was sent', async () => {
    const { client, closeBoth } = memoryConnections({ client: { idleTimeoutMs: 1_000 } });
    vi.advanceTimersByTime(900);
    // Never answered (the peer has no processor for it and sends nothing back within the test).
    const pending = client.request(request(77), { timeoutMs: 60_000 }).catch((e: unknown) => e);
    vi.advanceTimersByTime(999); // t=1899: 999 ms since the request
    expect(client.isOpen).toBe(true);
    vi.advanceTimersByTime(1);
    expect(client.isOpen).toBe(false);
    await pending;
    await closeBoth();
  });

  it('is disabled by idleTimeoutMs 0 and arms no timer', async () => {
    const { client, closeBoth } = memoryConnections({ client: { idleTimeoutMs: 0 } });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * 60_000);
    expect(client.isOpen).toBe(true);
    await closeBoth();
  });

  it('leaves no timer behind after close', async () => {
    const { client, server, closeBoth } = memoryConnections({ client: { idleTimeoutMs: 5_000 }, server: { idleTimeoutMs: 5_000 } });
    expect(vi.getTimerCount()).toBe(2);
    const pending = client.request(request(1), { timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect(vi.getTimerCount()).toBe(3);
    await closeBoth();
    expect(await pending).toMatchObject({ kind: 'connection-closed' });
    expect(vi.getTimerCount()).toBe(0);
    expect(server.isOpen).toBe(false);
  });

  it('times a request out at exactly timeoutMs', async () => {
    const { connection: client } = connectionWithRawPeer();
    const settled = vi.fn();
    const pending = client.request(request(1), { timeoutMs: 3_000 }).catch((e: unknown) => {
      settled();
      return e;
    });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ kind: 'request-timeout', context: { timeoutMs: 3_000 } });
    expect(client.inFlight).toBe(0);
    await client.close();
  });
});
