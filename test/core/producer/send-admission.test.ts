import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Message } from '../../../core/message/message.js';
import type { TransactionState } from '../../../core/producer/send-result.js';
import { makeProducer } from './harness.js';

/** A local transaction whose answer the test gives, and whether it ran. */
function gatedLocalTx() {
  const gate: { ran: boolean; answer?: (state: TransactionState) => void } = { ran: false };
  const localTx = () =>
    new Promise<TransactionState>((resolve) => {
      gate.ran = true;
      gate.answer = resolve;
    });
  return { gate, localTx };
}

/** Transactions and oneway sends go through the send core's admission: lifecycle, in-flight limiter, signal. */
describe('transaction and oneway admission', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a transaction holds room for its half message only, counts until END_TRANSACTION, and shutdown waits for it', async () => {
    const { port, producer } = makeProducer({ maxInflightSends: 1 });
    await producer.start();
    const { gate, localTx } = gatedLocalTx();
    const tx = producer.sendInTransaction(new Message('T', 'order-1'), localTx);
    await vi.advanceTimersByTimeAsync(0);
    expect(gate.ran).toBe(true);
    expect(producer.pendingSends).toBe(1);
    await expect(producer.send(new Message('T', 'beside'))).resolves.toMatchObject({ status: 'SEND_OK' });
    let stopped = false;
    const stopping = producer.shutdown().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect([producer.state, stopped, port.callsOf('endTransaction')]).toEqual(['stopping', false, []]);
    gate.answer!('COMMIT');
    await expect(tx).resolves.toMatchObject({ localTransactionState: 'COMMIT' });
    await stopping;
    expect(port.callsOf('endTransaction')).toHaveLength(1);
    expect([producer.pendingSends, producer.liveResources]).toEqual([0, 0]);
  });

  it("the caller's signal abandons a transaction while its local transaction runs: send-aborted, nothing ended, nothing held", async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    const { gate, localTx } = gatedLocalTx();
    const controller = new AbortController();
    const tx = producer.sendInTransaction(new Message('T', 'order-1'), localTx, undefined, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(0);
    expect(gate.ran).toBe(true);
    controller.abort(new Error('user left'));
    await expect(tx).rejects.toMatchObject({ kind: 'send-aborted', cause: expect.objectContaining({ message: 'user left' }) });
    gate.answer!('COMMIT');
    await vi.advanceTimersByTimeAsync(0);
    expect(port.callsOf('endTransaction')).toEqual([]);
    expect([producer.pendingSends, producer.liveResources]).toEqual([0, 0]);
    await producer.shutdown();
  });

  it('unsubscribing from sendInTransaction$ while the half message is in flight aborts its request and runs no local transaction', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const { gate, localTx } = gatedLocalTx();
    const sub = producer.sendInTransaction$(new Message('T', 'order-1'), localTx).subscribe();
    await vi.advanceTimersByTimeAsync(0);
    expect(port.inFlight).toBe(1);
    const signal = port.pending[0]!.opts!.signal!;
    sub.unsubscribe();
    expect(signal.aborted).toBe(true);
    expect([gate.ran, producer.pendingSends, producer.liveResources]).toEqual([false, 0, 0]);
    await producer.shutdown();
  });

  it('a transaction before start fails with producer-not-started, and after shutdown with producer-shut-down', async () => {
    const { producer } = makeProducer();
    const { localTx } = gatedLocalTx();
    await expect(producer.sendInTransaction(new Message('T', 'x'), localTx)).rejects.toMatchObject({ kind: 'producer-not-started' });
    await producer.start();
    await producer.shutdown();
    await expect(producer.sendInTransaction(new Message('T', 'x'), localTx)).rejects.toMatchObject({ kind: 'producer-shut-down' });
  });

  it('a oneway send waits for room like a send; its signal takes it out of line; then it goes once room is free', async () => {
    const { port, producer } = makeProducer({ maxInflightSends: 1 });
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const held = producer.send(new Message('T', 'holds the room'));
    await vi.advanceTimersByTimeAsync(0);
    const controller = new AbortController();
    const left = producer.sendOneway(new Message('T', 'leaves'), { signal: controller.signal });
    const waits = producer.sendOneway(new Message('T', 'waits'));
    await vi.advanceTimersByTimeAsync(0);
    expect(port.callsOf('sendOneway')).toEqual([]);
    expect(producer.pendingSends).toBe(3);
    controller.abort();
    await expect(left).rejects.toMatchObject({ kind: 'send-aborted' });
    port.resolveAll();
    await held;
    await waits;
    expect(port.callsOf('sendOneway').map((c) => (c.args[0] as { body: Buffer }).body.toString())).toEqual(['waits']);
    expect([producer.pendingSends, producer.liveResources]).toEqual([0, 0]);
    await producer.shutdown();
  });

  it('a oneway send fails with no-route when the selector finds no queue, and holds nothing after', async () => {
    const { port, producer } = makeProducer({}, { selector: () => undefined });
    await producer.start();
    await expect(producer.sendOneway(new Message('T', 'x'))).rejects.toMatchObject({ kind: 'no-route' });
    expect(port.callsOf('sendOneway')).toEqual([]);
    expect(producer.liveResources).toBe(0);
    await producer.shutdown();
  });
});
