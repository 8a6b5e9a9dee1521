import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeEndTransactionRequest } from '../../../adapters/remoting/protocol/headers/end-transaction.js';
import { decodeSendMessageV2Request } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessage, decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { captureFrame, FakeChannel, pulled, pullRequest, startBroker, type TestBroker } from './helpers.js';

const SCENARIO = 'transaction';
const TOPIC = 'CapTxTopic2';
const producer = new FakeChannel('tx-producer', '127.0.0.1:43000');
let t: TestBroker;

beforeEach(async () => {
  vi.useFakeTimers({ now: 1_795_554_761_470 });
  producer.notifications.length = 0;
  producer.closed = false; // an earlier test's long fake wait lets the broker expire (and close) this channel
  t = await startBroker();
  await t.broker.createTopic(TOPIC, 1);
});

afterEach(async () => {
  await t.broker.close();
  vi.useRealTimers();
});

async function replayHalf(n: number): Promise<SendResult> {
  const cmd = captureFrame(SCENARIO, n);
  return (await t.broker.send({ ...decodeSendMessageV2Request(cmd.extFields), body: cmd.body!, version: cmd.version }, producer)) as SendResult;
}

/** The captured END_TRANSACTION with our half's offsets. */
function replayEnd(n: number, half: { queueOffset: number; physicalOffset: number }) {
  const header = decodeEndTransactionRequest(captureFrame(SCENARIO, n).extFields);
  return t.broker.endTransaction({ ...header, tranStateTableOffset: half.queueOffset, commitLogOffset: half.physicalOffset });
}

const halfOf = (r: SendResult) => ({ queueOffset: r.queueOffset, physicalOffset: decodeOffsetMessageId(r.msgId).physicalOffset });

async function visible(): Promise<string[]> {
  const out = await t.broker.pull(pullRequest({ topic: TOPIC, consumerGroup: 'CapTxConsumerGroup2' }), producer);
  return out?.code === 0 ? pulled(out).map((m) => m.properties.txIndex!) : [];
}

describe('transactions: the transaction capture replayed', () => {
  it('commit shows #1, rollback drops #2, unknown #3 is checked back and then committed', async () => {
    const h1 = await replayHalf(4);
    expect(h1).toMatchObject({ code: 0, queueId: 0, queueOffset: 0 });
    expect(await visible()).toEqual([]);
    expect(await replayEnd(6, halfOf(h1))).toEqual({ code: 0 });
    expect(await visible()).toEqual(['1']);

    const heartbeat = JSON.parse(captureFrame(SCENARIO, 7).body!.toString('utf8'));
    expect(await t.broker.heartbeat(heartbeat, producer)).toEqual({ code: 0 });
    const h2 = await replayHalf(11);
    expect(await replayEnd(13, halfOf(h2))).toEqual({ code: 0 });
    const h3 = await replayHalf(14);
    expect(await replayEnd(16, halfOf(h3))).toBeUndefined(); // UNKNOW: no response
    expect(await visible()).toEqual(['1']);

    await vi.advanceTimersByTimeAsync(60_000);
    const checks = producer.notifications.filter((n) => n.code === RequestCode.CHECK_TRANSACTION_STATE);
    expect(checks).toHaveLength(1);
    const real = captureFrame(SCENARIO, 23);
    expect(Object.keys(checks[0]!.extFields).sort()).toEqual(Object.keys(real.extFields!).sort());
    expect(checks[0]!.extFields).toMatchObject({
      tranStateTableOffset: String(h3.queueOffset),
      commitLogOffset: String(halfOf(h3).physicalOffset),
      offsetMsgId: h3.msgId,
      msgId: real.extFields!.msgId,
      transactionId: real.extFields!.transactionId,
    });
    const body = decodeStoredMessage(checks[0]!.body!);
    const realBody = decodeStoredMessage(real.body!);
    expect({ topic: body.topic, queueId: body.queueId, sysFlag: body.sysFlag }).toEqual({ topic: realBody.topic, queueId: realBody.queueId, sysFlag: realBody.sysFlag });
    expect(body.properties).toEqual(realBody.properties);

    expect(await replayEnd(24, { queueOffset: Number(checks[0]!.extFields.tranStateTableOffset), physicalOffset: Number(checks[0]!.extFields.commitLogOffset) })).toEqual({ code: 0 });
    expect(await visible()).toEqual(['1', '3']);

    const ours = pulled(await t.broker.pull(pullRequest({ topic: TOPIC }), producer));
    const realPulled = decodeStoredMessages(captureFrame(SCENARIO, 47).body!);
    ours.forEach((m, i) => {
      expect(m.sysFlag).toBe(realPulled[i]!.sysFlag);
      expect(m.properties).toEqual(realPulled[i]!.properties);
    });
    expect(ours[0]!.preparedTransactionOffset).toBe(halfOf(h1).physicalOffset);
    expect(ours[1]!.preparedTransactionOffset).toBe(halfOf(h3).physicalOffset);

    await vi.advanceTimersByTimeAsync(180_000);
    expect(producer.notifications.filter((n) => n.code === RequestCode.CHECK_TRANSACTION_STATE)).toHaveLength(1);
  });
});

describe('transactions: END_TRANSACTION checks', () => {
  it('refuses a wrong group, a wrong queue offset, an unknown offset and a second resolution', async () => {
    const h = halfOf(await replayHalf(4));
    const base = { producerGroup: 'CapTxProducerGroup', tranStateTableOffset: h.queueOffset, commitLogOffset: h.physicalOffset, commitOrRollback: 8 };
    expect(await t.broker.endTransaction({ ...base, producerGroup: 'Other' })).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'The producer group wrong' });
    expect(await t.broker.endTransaction({ ...base, tranStateTableOffset: 9 })).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'The transaction state table offset wrong' });
    expect(await t.broker.endTransaction({ ...base, commitLogOffset: 999_999 })).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'Find prepared transaction message failed' });
    expect(await t.broker.endTransaction({ ...base, commitOrRollback: 12 })).toEqual({ code: 0 });
    expect(await t.broker.endTransaction(base)).toEqual({ code: ResponseCode.SYSTEM_ERROR, remark: 'Find prepared transaction message failed' });
    expect(await t.broker.endTransaction({ ...base, commitOrRollback: 5 })).toBeUndefined();
    expect(await visible()).toEqual([]);
  });

  it('a half message with DELAY is not delayed (levels are stripped) and is visible at once after commit', async () => {
    const cmd = captureFrame(SCENARIO, 4);
    const header = decodeSendMessageV2Request(cmd.extFields);
    const half = (await t.broker.send({ ...header, properties: `${header.properties}\u0002DELAY\u00013`, body: cmd.body! }, producer)) as SendResult;
    expect(await t.broker.endTransaction({ producerGroup: 'CapTxProducerGroup', ...(({ queueOffset, physicalOffset }) => ({ tranStateTableOffset: queueOffset, commitLogOffset: physicalOffset }))(halfOf(half)), commitOrRollback: 8 })).toEqual({ code: 0 });
    expect(await visible()).toEqual(['1']);
  });
});

describe('transactions: check-back', () => {
  async function quickBroker(extra = {}) {
    await t.broker.close();
    t = await startBroker({ transactionTimeoutMs: 1_000, transactionCheckIntervalMs: 1_000, transactionCheckMax: 3, ...extra });
    await t.broker.createTopic(TOPIC, 1);
    await t.broker.heartbeat({ clientID: 'p', producerDataSet: [{ groupName: 'CapTxProducerGroup' }] }, producer);
  }
  const checkCount = () => producer.notifications.filter((n) => n.code === RequestCode.CHECK_TRANSACTION_STATE).length;

  it('checks at most transactionCheckMax times, then discards the half message (counted)', async () => {
    await quickBroker();
    const h = halfOf(await replayHalf(14));
    expect(t.broker.transactionStats()).toEqual({ pending: 1, discarded: 0 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(checkCount()).toBe(3);
    const discarded = t.events.filter((e) => e.type === 'transaction-discarded');
    expect(discarded).toEqual([{ type: 'transaction-discarded', commitLogOffset: h.physicalOffset, checkTimes: 3 }]);
    expect(t.broker.transactionStats()).toEqual({ pending: 0, discarded: 1 });
    expect(decodeStoredMessage(producer.notifications.at(-1)!.body!).properties.TRANSACTION_CHECK_TIMES).toBe('3');
    expect(await t.broker.endTransaction({ producerGroup: 'CapTxProducerGroup', tranStateTableOffset: h.queueOffset, commitLogOffset: h.physicalOffset, commitOrRollback: 8 }))
      .toMatchObject({ code: ResponseCode.SYSTEM_ERROR });
  });

  it('saves the check counts only after a round that counted a check or discarded a half', async () => {
    await quickBroker();
    const saves = vi.spyOn(t.store, 'putState');
    const checkSaves = () => saves.mock.calls.filter(([key]) => key === 'engine.transactionChecks').length;
    await vi.advanceTimersByTimeAsync(3_000); // rounds with no half
    expect(checkSaves()).toBe(0);
    await replayHalf(14);
    await vi.advanceTimersByTimeAsync(10_000); // 3 checks, a discard, then 6 idle rounds
    expect(checkCount()).toBe(3);
    expect(t.broker.transactionStats()).toEqual({ pending: 0, discarded: 1 });
    expect(checkSaves()).toBe(4);
  });

  it('counts a check even when no producer of the group is connected', async () => {
    await quickBroker();
    producer.closed = true;
    t.broker.channelClosed(producer);
    await replayHalf(14);
    await vi.advanceTimersByTimeAsync(2_000);
    producer.closed = false;
    expect(checkCount()).toBe(0);
    expect(t.events.filter((e) => e.type === 'transaction-check')).toContainEqual(expect.objectContaining({ sent: false, checkTimes: 1 }));
  });

  it('waits CHECK_IMMUNITY_TIME_IN_SECONDS before the first check', async () => {
    await quickBroker();
    const cmd = captureFrame(SCENARIO, 14);
    const header = decodeSendMessageV2Request(cmd.extFields);
    await t.broker.send({ ...header, properties: `${header.properties}\u0002CHECK_IMMUNITY_TIME_IN_SECONDS\u00015`, body: cmd.body! }, producer);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(checkCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(checkCount()).toBe(1);
  });

  it('after a restart, resolved halves stay resolved and unresolved ones are checked again with their count', async () => {
    await quickBroker({ transactionCheckMax: 15 });
    const resolved = halfOf(await replayHalf(4));
    await replayHalf(14);
    await t.broker.endTransaction({ producerGroup: 'CapTxProducerGroup', tranStateTableOffset: resolved.queueOffset, commitLogOffset: resolved.physicalOffset, commitOrRollback: 12 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(checkCount()).toBe(1);
    const { store } = t;
    await t.broker.close();
    t = await startBroker({ transactionTimeoutMs: 1_000, transactionCheckIntervalMs: 1_000 }, { store });
    await t.broker.heartbeat({ clientID: 'p', producerDataSet: [{ groupName: 'CapTxProducerGroup' }] }, producer);
    await vi.advanceTimersByTimeAsync(1_000);
    const after = producer.notifications.filter((n) => n.code === RequestCode.CHECK_TRANSACTION_STATE);
    expect(after).toHaveLength(2);
    expect(decodeStoredMessage(after[1]!.body!).properties).toMatchObject({ KEYS: 'TX-KEY-3', TRANSACTION_CHECK_TIMES: '2' });
  });
});
