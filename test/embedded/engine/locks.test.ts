import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { startBroker, type TestBroker } from './helpers.js';

const mq = (queueId: number) => ({ topic: 'CapOrderTopic', brokerName: 'broker-a', queueId });
const lock = (clientId: string, ...ids: number[]) => ({ consumerGroup: 'CapOrderConsumerGroup', clientId, mqSet: ids.map(mq) });
let t: TestBroker;

beforeEach(async () => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  t = await startBroker();
});

afterEach(async () => {
  await t.broker.close();
  vi.useRealTimers();
});

describe('LOCK_BATCH_MQ / UNLOCK_BATCH_MQ', () => {
  it('locks free queues and refuses those another client holds (the capture’s empty lockOKMQSet)', async () => {
    expect(await t.broker.lockBatch(lock('A', 2))).toEqual({ code: 0, lockOKMQSet: [mq(2)] });
    expect(await t.broker.lockBatch(lock('B', 2))).toEqual({ code: 0, lockOKMQSet: [] });
    expect(await t.broker.lockBatch(lock('B', 2, 3))).toEqual({ code: 0, lockOKMQSet: [mq(3)] });
  });

  it('renewing keeps a lock alive; without renewal it expires after 60 s and another client may take it', async () => {
    await t.broker.lockBatch(lock('A', 0));
    await vi.advanceTimersByTimeAsync(50_000);
    expect(await t.broker.lockBatch(lock('A', 0))).toEqual({ code: 0, lockOKMQSet: [mq(0)] });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await t.broker.lockBatch(lock('B', 0))).toEqual({ code: 0, lockOKMQSet: [] });
    await vi.advanceTimersByTimeAsync(1);
    expect(await t.broker.lockBatch(lock('B', 0))).toEqual({ code: 0, lockOKMQSet: [mq(0)] });
  });

  it('unlock releases only the caller’s own locks', async () => {
    await t.broker.lockBatch(lock('A', 0, 1));
    expect(await t.broker.unlockBatch(lock('B', 0))).toEqual({ code: 0 });
    expect(await t.broker.lockBatch(lock('B', 0))).toEqual({ code: 0, lockOKMQSet: [] });
    await t.broker.unlockBatch(lock('A', 0));
    expect(await t.broker.lockBatch(lock('B', 0, 1))).toEqual({ code: 0, lockOKMQSet: [mq(0)] });
  });

  it('groups are independent', async () => {
    await t.broker.lockBatch(lock('A', 0));
    expect(await t.broker.lockBatch({ ...lock('B', 0), consumerGroup: 'Other' })).toEqual({ code: 0, lockOKMQSet: [mq(0)] });
  });

  it('answers SYSTEM_ERROR for a malformed body', async () => {
    expect(await t.broker.lockBatch({ consumerGroup: 'G', clientId: 'A', mqSet: [{ topic: 'T' }] } as never)).toMatchObject({
      code: ResponseCode.SYSTEM_ERROR,
    });
    expect(await t.broker.unlockBatch({ consumerGroup: 'G' } as never)).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'lock body without clientId' });
  });
});
