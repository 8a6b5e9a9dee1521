/**
 * Rpc: invoke and oneway share one path — an open pooled connection is written to at once (no pool Promise in
 * between), a connect goes through the pool, and a hook that throws rejects either call instead of throwing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Rpc } from '../../../adapters/remoting/client/rpc.js';
import { createRequest } from '../../../adapters/remoting/protocol/command.js';
import { Connection } from '../../../adapters/remoting/transport/connection.js';
import { ConnectionPool } from '../../../adapters/remoting/transport/pool.js';
import { ADDRESS, rpcOverMemory } from './helpers/rpc-over-memory.js';

const owned: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const thing of owned.splice(0).reverse()) await thing.close();
});

describe('Rpc', () => {
  it.each(['invoke', 'oneway'] as const)('%s writes on an open connection at once, without going through pool.get', async (method) => {
    const { pool, rpc } = rpcOverMemory(owned);
    const connection = await pool.get(ADDRESS);
    const get = vi.spyOn(pool, 'get');
    const write = vi.spyOn(connection, method === 'invoke' ? 'requestTo' : 'oneway');
    const pending = method === 'invoke' ? rpc.invoke(ADDRESS, rpc.command(30)) : rpc.oneway(ADDRESS, rpc.command(30));
    expect(write).toHaveBeenCalledTimes(1); // synchronously: no await between the call and the write
    expect(get).not.toHaveBeenCalled();
    await pending;
  });

  it.each(['invoke', 'oneway'] as const)('%s connects through the pool when there is no open connection', async (method) => {
    const { rpc, connector } = rpcOverMemory(owned);
    const oneway = vi.spyOn(Connection.prototype, 'oneway');
    const request = vi.spyOn(Connection.prototype, 'requestTo');
    await (method === 'invoke' ? rpc.invoke(ADDRESS, rpc.command(30)) : rpc.oneway(ADDRESS, rpc.command(30)));
    expect(connector).toHaveBeenCalledTimes(1);
    expect((method === 'invoke' ? request : oneway)).toHaveBeenCalledTimes(1);
  });

  it.each(['invoke', 'oneway'] as const)('%s: a hook that throws rejects, on the open-connection path too', async (method) => {
    const failure = new Error('hook refused');
    const { pool, rpc } = rpcOverMemory(owned, () => {
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

describe('Rpc.invokeTo (no Promise)', () => {
  /** A Reply that records its outcome and settles `done`. */
  function reply() {
    const seen: { value?: unknown; error?: unknown } = {};
    let done!: () => void;
    const settled = new Promise<void>((resolve) => (done = resolve));
    return {
      seen,
      settled,
      sink: { resolved: (value: unknown) => ((seen.value = value), done()), rejected: (error: Error) => ((seen.error = error), done()) },
    };
  }

  it('maps the answer on an open connection and through a connect, and fails the sink (after the call) for a hook that throws', async () => {
    const { pool, rpc } = rpcOverMemory(owned);
    const first = reply();
    rpc.invokeTo(ADDRESS, rpc.command(30), undefined, (r) => `code ${r.code}`, first.sink); // connects first
    await first.settled;
    expect(first.seen).toEqual({ value: 'code 0' });
    await pool.get(ADDRESS);
    const second = reply();
    rpc.invokeTo(ADDRESS, rpc.command(30), { timeoutMs: 500 }, (r) => r.code, second.sink);
    await second.settled;
    expect(second.seen).toEqual({ value: 0 });

    const boom = new Error('cannot sign');
    const hooked = rpcOverMemory(owned, () => {
      throw boom;
    });
    await hooked.pool.get(ADDRESS);
    const failed = reply();
    hooked.rpc.invokeTo(ADDRESS, hooked.rpc.command(30), undefined, (r) => r, failed.sink);
    expect(failed.seen).toEqual({});
    await failed.settled;
    expect(failed.seen).toEqual({ error: boom });
  });

  it('fails the sink when the connect fails', async () => {
    const { rpc, connector } = rpcOverMemory(owned);
    connector.mockRejectedValueOnce(new Error('refused'));
    const failed = reply();
    rpc.invokeTo(ADDRESS, rpc.command(30), undefined, (r) => r, failed.sink);
    await failed.settled;
    expect(failed.seen.error).toBeInstanceOf(Error);
  });
});

describe('Rpc.command and headerOrder', () => {
  it('builds the request createRequest builds, key for key, with and without extFields and body', () => {
    for (const serializeType of ['JSON', 'ROCKETMQ'] as const) {
      const rpc = new Rpc({ pool: new ConnectionPool({ connector: vi.fn() }), serializeType, language: 'JAVA', version: 395, requestTimeoutMs: 3_000, hook: (c) => c });
      for (const [ext, body] of [[undefined, undefined], [{ a: '1' }, undefined], [undefined, Buffer.from('b')], [{ a: '1' }, Buffer.from('b')]] as const) {
        const made = rpc.command(310, ext, body);
        const expected = createRequest({ code: 310, serializeType, language: 'JAVA', version: 395, ...(ext ? { extFields: ext } : {}), ...(body ? { body } : {}) });
        expect(made).toEqual(expected);
        expect(Object.keys(made)).toEqual(Object.keys(expected));
      }
      expect(rpc.headerOrder({ binaryOrder: 'declaration' })).toEqual({ order: serializeType === 'ROCKETMQ' ? 'declaration' : 'java' });
      expect(rpc.headerOrder({ binaryOrder: 'java' })).toEqual({ order: 'java' });
    }
  });
});

describe('Rpc request options', () => {
  it("hands the connection the caller's options when they name a timeout, else the client's timeout and the signal", async () => {
    const { pool, rpc } = rpcOverMemory(owned);
    const connection = await pool.get(ADDRESS);
    const write = vi.spyOn(connection, 'requestTo');
    const signal = new AbortController().signal;
    const own = { timeoutMs: 250, signal };
    await Promise.all([rpc.invoke(ADDRESS, rpc.command(30), own), rpc.invoke(ADDRESS, rpc.command(30), { signal }), rpc.invoke(ADDRESS, rpc.command(30))]);
    expect(write.mock.calls.map((c) => c[1])).toEqual([own, { timeoutMs: 3_000, signal }, { timeoutMs: 3_000 }]);
    expect(write.mock.calls[0]![1]).toBe(own);
  });
});
