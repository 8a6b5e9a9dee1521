/**
 * Rpc: invoke and oneway share one path — an open pooled connection is written to at once (no pool Promise in
 * between), a connect goes through the pool, and a hook that throws rejects either call instead of throwing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestHook } from '../../../adapters/remoting/client/acl-hook.js';
import { Rpc } from '../../../adapters/remoting/client/rpc.js';
import { createResponse, FLAG_ONEWAY } from '../../../adapters/remoting/protocol/command.js';
import type { ConnectOptions } from '../../../adapters/remoting/transport/connect.js';
import { Connection } from '../../../adapters/remoting/transport/connection.js';
import { createMemoryPair } from '../../../adapters/remoting/transport/memory.js';
import { ConnectionPool } from '../../../adapters/remoting/transport/pool.js';

const ADDRESS = 'broker-a:10911';
const owned: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const thing of owned.splice(0).reverse()) await thing.close();
});

/** A pool over memory pipes whose far end answers every request SUCCESS. */
function setup(hook: RequestHook = (command) => command) {
  const connector = vi.fn(async (address: string, options: ConnectOptions) => {
    const [near, far] = createMemoryPair();
    const broker = new Connection(far, { address: 'client', idleTimeoutMs: 0 });
    broker.setDefaultProcessor((request) => (request.flag & FLAG_ONEWAY ? undefined : createResponse(request, { code: 0 })));
    owned.push(broker);
    return new Connection(near, { ...options, address, idleTimeoutMs: 0 });
  });
  const pool = new ConnectionPool({ connector });
  owned.push(pool);
  const rpc = new Rpc({ pool, serializeType: 'JSON', language: 'JAVA', version: 395, requestTimeoutMs: 3_000, hook });
  return { pool, rpc, connector };
}

describe('Rpc', () => {
  it.each(['invoke', 'oneway'] as const)('%s writes on an open connection at once, without going through pool.get', async (method) => {
    const { pool, rpc } = setup();
    const connection = await pool.get(ADDRESS);
    const get = vi.spyOn(pool, 'get');
    const write = vi.spyOn(connection, method === 'invoke' ? 'request' : 'oneway');
    const pending = method === 'invoke' ? rpc.invoke(ADDRESS, rpc.command(30)) : rpc.oneway(ADDRESS, rpc.command(30));
    expect(write).toHaveBeenCalledTimes(1); // synchronously: no await between the call and the write
    expect(get).not.toHaveBeenCalled();
    await pending;
  });

  it.each(['invoke', 'oneway'] as const)('%s connects through the pool when there is no open connection', async (method) => {
    const { rpc, connector } = setup();
    const oneway = vi.spyOn(Connection.prototype, 'oneway');
    const request = vi.spyOn(Connection.prototype, 'request');
    await (method === 'invoke' ? rpc.invoke(ADDRESS, rpc.command(30)) : rpc.oneway(ADDRESS, rpc.command(30)));
    expect(connector).toHaveBeenCalledTimes(1);
    expect((method === 'invoke' ? request : oneway)).toHaveBeenCalledTimes(1);
  });

  it.each(['invoke', 'oneway'] as const)('%s: a hook that throws rejects, on the open-connection path too', async (method) => {
    const failure = new Error('hook refused');
    const { pool, rpc } = setup(() => {
      throw failure;
    });
    await pool.get(ADDRESS);
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = method === 'invoke' ? rpc.invoke(ADDRESS, rpc.command(30)) : rpc.oneway(ADDRESS, rpc.command(30));
    }).not.toThrow();
    await expect(pending).rejects.toBe(failure);
  });
});
