/** Rpc.callTo: a producer's request, bounded by a timeout and abandoned through the handle it returns. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADDRESS, rpcOverMemory } from './helpers/rpc-over-memory.js';

const owned: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const thing of owned.splice(0).reverse()) await thing.close();
});

/** A sink that records its outcomes and settles `settled` at the first. */
function recorder() {
  const outcomes: { value?: unknown; error?: unknown }[] = [];
  let done!: () => void;
  const settled = new Promise<void>((resolve) => (done = resolve));
  const sink = {
    resolved: (value: unknown) => (outcomes.push({ value }), done()),
    rejected: (error: unknown) => (outcomes.push({ error }), done()),
  };
  return { outcomes, settled, sink };
}

describe('Rpc.callTo', () => {
  it('answers through a connect and on the open connection, with the timeout it was given', async () => {
    const { pool, rpc } = setup();
    const first = recorder();
    rpc.callTo(ADDRESS, rpc.command(30), 700, first.sink);
    await first.settled;
    expect(first.outcomes).toEqual([{ value: expect.objectContaining({ code: 0 }) }]);
    const connection = await pool.get(ADDRESS);
    const within = vi.spyOn(connection, 'requestWithin');
    const second = recorder();
    rpc.callTo(ADDRESS, rpc.command(30), 250, second.sink);
    expect(within).toHaveBeenCalledTimes(1); // at once: no pool Promise in between
    expect(within.mock.calls[0]![1]).toBe(250);
    await second.settled;
    expect(second.outcomes).toEqual([{ value: expect.objectContaining({ code: 0 }) }]);
  });

  it('cancelled while its connection opens, fails at once with request-aborted and is never sent', async () => {
    const { pool, rpc } = setup();
    const early = recorder();
    const reason = new Error('send abandoned');
    const handle = rpc.callTo(ADDRESS, rpc.command(30), 1_000, early.sink);
    handle.cancel(reason);
    expect(early.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'request-aborted', cause: reason }) }]);
    const connection = await pool.get(ADDRESS);
    const later = recorder();
    rpc.callTo(ADDRESS, rpc.command(30), 1_000, later.sink);
    await later.settled;
    expect(connection.stats.requestsSent).toBe(1);
    handle.cancel(new Error('again'));
    expect(early.outcomes).toHaveLength(1);
  });

  it('cancelled once its connection is open, cancels the request itself', async () => {
    const { pool, rpc } = setup();
    const connection = await pool.get(ADDRESS);
    const call = recorder();
    const handle = rpc.callTo(ADDRESS, rpc.command(30), 60_000, call.sink);
    // Before the far end's answer can arrive (the pipe delivers it on a later turn).
    handle.cancel(new Error('left'));
    expect(call.outcomes).toHaveLength(1);
    await call.settled;
    expect(call.outcomes[0]!.error).toEqual(expect.objectContaining({ kind: 'request-aborted' }));
    expect(connection.inFlight).toBe(0);
  });

  it('fails the sink after the call for a hook that throws (its handle does nothing) and for a connect that fails', async () => {
    const boom = new Error('cannot sign');
    const hooked = rpcOverMemory(owned, () => {
      throw boom;
    });
    await hooked.pool.get(ADDRESS);
    const signed = recorder();
    hooked.rpc.callTo(ADDRESS, hooked.rpc.command(30), 1_000, signed.sink).cancel(new Error('nothing to cancel'));
    expect(signed.outcomes).toEqual([]);
    await signed.settled;
    expect(signed.outcomes).toEqual([{ error: boom }]);

    const { rpc, connector } = setup();
    connector.mockRejectedValueOnce(new Error('refused'));
    const unreachable = recorder();
    rpc.callTo(ADDRESS, rpc.command(30), 1_000, unreachable.sink);
    await unreachable.settled;
    expect(unreachable.outcomes).toEqual([{ error: expect.any(Error) }]);
  });
});

function setup() {
  return rpcOverMemory(owned);
}
