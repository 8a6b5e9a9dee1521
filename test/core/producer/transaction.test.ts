import { of, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReceivedMessage } from '../../../core/message/received-message.js';
import { Message } from '../../../core/message/message.js';
import type { EndTransactionRequest, PulledMessage } from '../../../core/ports/broker-port.js';
import { commitLogOffsetOf } from '../../../core/producer/offset-msg-id.js';
import type { TransactionStateLike } from '../../../core/producer/local-state.js';
import type { TransactionState } from '../../../core/producer/send-result.js';
import { A, makeProducer } from './harness.js';

const ends = (port: ReturnType<typeof makeProducer>['port']) =>
  port.callsOf('endTransaction').map((c) => ({ addr: c.addr, req: c.args[0] as EndTransactionRequest }));

const halfMessage = (over: Partial<PulledMessage> = {}): PulledMessage => ({
  topic: 'T',
  queueId: 2,
  queueOffset: 7,
  physicalOffset: 4242,
  sysFlag: 4,
  flag: 0,
  bornTimestamp: 1,
  bornHost: '10.0.0.5:5000',
  storeTimestamp: 2,
  storeHost: A.addr,
  reconsumeTimes: 0,
  preparedTransactionOffset: 0,
  body: Buffer.from('order-1'),
  properties: { PGROUP: 'PG', TRAN_MSG: 'true', UNIQ_KEY: 'U1', rmqrx_codec: 'text' },
  msgId: 'U1',
  offsetMsgId: '0A00000100002A9F0000000000001092',
  storeSize: 100,
  ...over,
});

describe('transactional sends', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each<[string, () => TransactionStateLike, TransactionState, number]>([
    ['a value', () => 'COMMIT', 'COMMIT', 8],
    ['a Promise', async (): Promise<TransactionState> => 'ROLLBACK', 'ROLLBACK', 12],
    ['an Observable', () => of<TransactionState>('UNKNOWN'), 'UNKNOWN', 0],
  ])('sends a half message, runs the local transaction (%s) and ends it', async (_, localTx, state, code) => {
    const { port, producer } = makeProducer();
    await producer.start();
    const seen: unknown[] = [];
    const result = await producer.sendInTransaction(
      new Message('T', 'order-1', { delayLevel: 3 }),
      (m, arg) => {
        seen.push(m.payload, arg);
        return localTx();
      },
      { orderId: 1 },
    );
    expect(seen).toEqual(['order-1', { orderId: 1 }]);
    const [{ req: half }] = port.sends();
    expect(half.sysFlag & 0xc).toBe(4);
    expect(half.properties).toMatchObject({ TRAN_MSG: 'true', PGROUP: 'PG' });
    expect(half.properties.DELAY).toBeUndefined();
    expect(result).toMatchObject({ status: 'SEND_OK', localTransactionState: state, transactionId: result.msgId });
    const [end] = ends(port);
    expect(end!.addr).toBe(result.queue.brokerName === 'broker-a' ? A.addr : '10.0.0.2:10911');
    expect(end!.req).toEqual({
      producerGroup: 'PG',
      tranStateTableOffset: result.queueOffset,
      commitLogOffset: commitLogOffsetOf(result.offsetMsgId),
      commitOrRollback: code,
      fromTransactionCheck: false,
      msgId: result.msgId,
      transactionId: result.msgId,
    });
    await producer.shutdown();
  });

  it('a local transaction that throws or errors ends UNKNOWN with the reason in the remark', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    const thrown = await producer.sendInTransaction(new Message('T', 'x'), () => {
      throw new Error('db down');
    });
    const errored = await producer.sendInTransaction(new Message('T', 'x'), () => throwError(() => new Error('late')));
    expect([thrown.localTransactionState, errored.localTransactionState]).toEqual(['UNKNOWN', 'UNKNOWN']);
    expect(ends(port).map((e) => [e.req.commitOrRollback, e.req.remark])).toEqual([
      [0, 'executeLocalTransactionBranch exception: Error: db down'],
      [0, 'executeLocalTransactionBranch exception: Error: late'],
    ]);
    await producer.shutdown();
  });

  it('rolls back without running the local transaction when the half message was not stored OK', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    port.sendScript.push({ kind: 'ok', response: { status: 'FLUSH_DISK_TIMEOUT' } });
    const localTx = vi.fn(() => 'COMMIT' as const);
    const result = await producer.sendInTransaction(new Message('T', 'x'), localTx);
    expect(localTx).not.toHaveBeenCalled();
    expect(result.localTransactionState).toBe('ROLLBACK');
    expect(ends(port)[0]!.req.commitOrRollback).toBe(12);
    await producer.shutdown();
  });

  it('a failed END_TRANSACTION is reported, not thrown (the broker will check back)', async () => {
    const { port, producer, events } = makeProducer();
    await producer.start();
    port.overrides.endTransaction = async () => {
      throw new Error('connection reset');
    };
    const result = await producer.sendInTransaction(new Message('T', 'x'), () => 'COMMIT');
    expect(result.localTransactionState).toBe('COMMIT');
    expect(events).toMatchObject([{ type: 'end-transaction-failed', msgId: result.msgId, brokerAddr: expect.any(String) }]);
    await producer.shutdown();
  });

  it('answers CHECK_TRANSACTION_STATE with the listener state, fromTransactionCheck=true, same offsets', async () => {
    const seen: ReceivedMessage[] = [];
    const { port, producer, events } = makeProducer(
      {},
      {
        checkListener: (m) => {
          seen.push(m);
          return Promise.resolve<TransactionState>('COMMIT');
        },
      },
    );
    await producer.start();
    await producer.send(new Message('T', 'warm'));
    port.handlers!.checkTransactionState({
      brokerAddr: A.addr,
      tranStateTableOffset: 7,
      commitLogOffset: 4242,
      msgId: 'U1',
      transactionId: 'TX1',
      message: halfMessage(),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen[0]!.payload).toBe('order-1');
    expect(seen[0]!.queue).toEqual({ topic: 'T', brokerName: 'broker-a', queueId: 2 });
    expect(ends(port)).toEqual([
      {
        addr: A.addr,
        req: {
          producerGroup: 'PG',
          tranStateTableOffset: 7,
          commitLogOffset: 4242,
          commitOrRollback: 8,
          fromTransactionCheck: true,
          msgId: 'U1',
          transactionId: 'TX1',
        },
      },
    ]);
    expect(events).toMatchObject([{ type: 'transaction-check', msgId: 'U1', transactionId: 'TX1', state: 'COMMIT' }]);
    await producer.shutdown();
  });

  it('a throwing check listener answers UNKNOWN and reports the error; no listener answers nothing', async () => {
    const { port, producer, events } = makeProducer({}, { checkListener: () => { throw new Error('lookup failed'); } });
    await producer.start();
    const check = { brokerAddr: A.addr, tranStateTableOffset: 1, commitLogOffset: 2, message: halfMessage() };
    port.handlers!.checkTransactionState(check);
    await vi.advanceTimersByTimeAsync(0);
    expect(ends(port).map((e) => [e.req.commitOrRollback, e.req.fromTransactionCheck, e.req.remark])).toEqual([
      [0, true, 'checkLocalTransactionState exception: Error: lookup failed'],
    ]);
    expect(events.map((e) => e.type)).toEqual(['transaction-check-failed', 'transaction-check']);

    producer.setTransactionCheckListener(undefined);
    port.handlers!.checkTransactionState(check);
    await vi.advanceTimersByTimeAsync(0);
    expect(ends(port)).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'transaction-check-failed', error: { kind: 'no-check-listener' } });
    await producer.shutdown();
  });

  it('a pending check is abandoned at shutdown (no subscription left behind)', async () => {
    const { port, producer } = makeProducer({}, { checkListener: () => new Promise<TransactionState>(() => undefined) });
    await producer.start();
    port.handlers!.checkTransactionState({ brokerAddr: A.addr, tranStateTableOffset: 1, commitLogOffset: 2, message: halfMessage() });
    expect(producer.liveResources).toBe(1);
    await producer.shutdown();
    expect(producer.liveResources).toBe(0);
    expect(ends(port)).toHaveLength(0);
  });
});

describe('commitLogOffsetOf', () => {
  it('reads the last 16 hex digits of IPv4 and IPv6 offset ids', () => {
    expect(commitLogOffsetOf('C0A8001400002A9F00000000000004D2')).toBe(1234);
    expect(commitLogOffsetOf(`${'0'.repeat(32)}00002A9F00000000000004D2`)).toBe(1234);
    expect(commitLogOffsetOf('C0A8001400002A9F00000000000004D2,C0A8001400002A9F00000000000004FF')).toBe(1234);
    expect(() => commitLogOffsetOf('xyz')).toThrow(expect.objectContaining({ kind: 'invalid-message-id' }));
  });
});
