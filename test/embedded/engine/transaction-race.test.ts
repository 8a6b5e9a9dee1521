import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeSendMessageV2Request } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import type { EndTransactionRequest } from '../../../adapters/embedded/engine/transaction-types.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { captureFrame, FakeChannel, pulled, pullRequest, startBroker, type TestBroker } from './helpers.js';

const TOPIC = 'CapTxTopic2';
const COMMIT = 8;
const ROLLBACK = 12;
const NOT_FOUND = { code: ResponseCode.SYSTEM_ERROR, remark: 'Find prepared transaction message failed' };
const producer = new FakeChannel('tx-race-producer', '127.0.0.1:43001');
let t: TestBroker;

beforeEach(async () => {
  vi.useFakeTimers({ now: 1_795_554_761_470 });
  t = await startBroker();
  await t.broker.createTopic(TOPIC, 1);
});

afterEach(async () => {
  await t.broker.close();
  vi.useRealTimers();
});

/** The captured half message #1 sent again; the END_TRANSACTION header that resolves it. */
async function half(): Promise<Omit<EndTransactionRequest, 'commitOrRollback'>> {
  const cmd = captureFrame('transaction', 4);
  const sent = (await t.broker.send({ ...decodeSendMessageV2Request(cmd.extFields), body: cmd.body!, version: cmd.version }, producer)) as SendResult;
  expect(sent.code).toBe(0);
  return { producerGroup: 'CapTxProducerGroup', tranStateTableOffset: sent.queueOffset, commitLogOffset: decodeOffsetMessageId(sent.msgId).physicalOffset };
}

async function committedCopies(): Promise<number> {
  const out = await t.broker.pull(pullRequest({ topic: TOPIC, consumerGroup: 'CapTxRaceGroup', maxMsgNums: 32 }), producer);
  return out?.code === 0 ? pulled(out).length : 0;
}

describe('transactions: concurrent END_TRANSACTION of one half message', () => {
  it('two commits arriving together store exactly one committed copy; the second is refused as already resolved', async () => {
    const h = await half();
    const answers = await Promise.all([t.broker.endTransaction({ ...h, commitOrRollback: COMMIT }), t.broker.endTransaction({ ...h, commitOrRollback: COMMIT })]);
    expect(answers).toEqual([{ code: 0 }, NOT_FOUND]);
    expect(await committedCopies()).toBe(1);
    expect(t.broker.transactionStats().pending).toBe(0);
  });

  it('a commit and a rollback arriving together: the first admitted wins (one copy), the other is refused', async () => {
    const h = await half();
    const answers = await Promise.all([t.broker.endTransaction({ ...h, commitOrRollback: COMMIT }), t.broker.endTransaction({ ...h, commitOrRollback: ROLLBACK })]);
    expect(answers).toEqual([{ code: 0 }, NOT_FOUND]);
    expect(await committedCopies()).toBe(1);
  });

  it('a rollback and a commit arriving together: nothing committed, the commit is refused', async () => {
    const h = await half();
    const answers = await Promise.all([t.broker.endTransaction({ ...h, commitOrRollback: ROLLBACK }), t.broker.endTransaction({ ...h, commitOrRollback: COMMIT })]);
    expect(answers).toEqual([{ code: 0 }, NOT_FOUND]);
    expect(await committedCopies()).toBe(0);
  });

  it('a refused END_TRANSACTION (wrong group) does not keep the half claimed: a correct commit then succeeds', async () => {
    const h = await half();
    const answers = await Promise.all([
      t.broker.endTransaction({ ...h, producerGroup: 'Other', commitOrRollback: COMMIT }),
      t.broker.endTransaction({ ...h, commitOrRollback: COMMIT }),
    ]);
    expect(answers).toEqual([{ code: ResponseCode.SYSTEM_ERROR, remark: 'The producer group wrong' }, { code: 0 }]);
    expect(await committedCopies()).toBe(1);
  });
});
