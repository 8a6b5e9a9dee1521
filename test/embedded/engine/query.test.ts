import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessage, decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import type { QueryMessageResult } from '../../../adapters/embedded/engine/query-service.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { FakeChannel, sendRequest, startBroker, type TestBroker } from './helpers.js';

const client = new FakeChannel('c');
let t: TestBroker;
const NOT_FOUND = { code: ResponseCode.QUERY_NOT_FOUND, remark: 'can not find message, maybe time range not correct' };

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

afterEach(async () => {
  await t?.broker.close();
  vi.useRealTimers();
});

async function send(keys: string, uniq: string, topic = 'TopicTest'): Promise<SendResult> {
  const out = (await t.broker.send(sendRequest({ topic, props: { KEYS: keys, UNIQ_KEY: uniq, TAGS: 'T' } }), client)) as SendResult;
  await vi.advanceTimersByTimeAsync(1_000);
  return out;
}

const query = (key: string, extra: Partial<Parameters<TestBroker['broker']['queryMessage']>[0]> = {}) =>
  t.broker.queryMessage({ topic: 'TopicTest', key, maxNum: 32, beginTimestamp: 0, endTimestamp: Number.POSITIVE_INFINITY, ...extra });

const keysOf = (r: unknown) => decodeStoredMessages((r as QueryMessageResult).body).map((m) => m.keys);

describe('QUERY_MESSAGE', () => {
  it('finds messages by any KEYS token and by UNIQ_KEY, with the index header of the newest indexed message', async () => {
    t = await startBroker();
    await send('BATCH-1 shared', 'U1');
    await send('BATCH-2 shared', 'U2');
    const last = await send('BATCH-3', 'U3');
    const r = (await query('BATCH-2')) as QueryMessageResult;
    expect(r.code).toBe(0);
    expect(keysOf(r)).toEqual(['BATCH-2 shared']);
    expect(r.indexLastUpdatePhyoffset).toBe(decodeOffsetMessageId(last.msgId).physicalOffset);
    expect(r.indexLastUpdateTimestamp).toBe(Date.now() - 1_000);
    expect(keysOf(await query('shared'))).toEqual(['BATCH-1 shared', 'BATCH-2 shared']);
    expect(keysOf(await query('U3', { uniqueKeyQuery: true }))).toEqual(['BATCH-3']);
  });

  it('keeps the newest maxNum in store order, caps at 64 (32 for unique keys), and honours the time window', async () => {
    t = await startBroker();
    const t0 = Date.now();
    for (let i = 0; i < 70; i++) await send(`k${i} same`, `u${i}`);
    expect(keysOf(await query('same', { maxNum: 3 }))).toEqual(['k67 same', 'k68 same', 'k69 same']);
    expect(keysOf(await query('same', { maxNum: 1000 }))).toHaveLength(64);
    expect(keysOf(await query('same', { maxNum: 1000, uniqueKeyQuery: true }))).toHaveLength(32);
    expect(keysOf(await query('same', { beginTimestamp: t0 + 2_000, endTimestamp: t0 + 4_000 }))).toEqual(['k2 same', 'k3 same', 'k4 same']);
  });

  it('answers QUERY_NOT_FOUND for an unknown key, another topic or an empty window', async () => {
    t = await startBroker();
    await send('K', 'U');
    expect(await query('nope')).toEqual({ ...NOT_FOUND, indexLastUpdateTimestamp: 0, indexLastUpdatePhyoffset: 0 });
    expect(await query('K', { topic: 'Other' })).toMatchObject(NOT_FOUND);
    expect(await query('K', { endTimestamp: 0 })).toMatchObject(NOT_FOUND);
    expect((await query('K', { maxNum: Number.NaN })).code).toBe(ResponseCode.SYSTEM_ERROR);
  });

  it('indexes the topic a record is stored under: a delayed message is found under its real topic once delivered', async () => {
    t = await startBroker();
    await t.broker.send(sendRequest({ props: { KEYS: 'LATER', TAGS: 'T', DELAY: '1' } }), client);
    expect(await query('LATER')).toMatchObject(NOT_FOUND);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(keysOf(await query('LATER'))).toEqual(['LATER']);
  });

  it('rebuilds the index from the store on restart', async () => {
    t = await startBroker();
    await send('KEEP', 'UK');
    const { store } = t;
    await t.broker.close();
    t = await startBroker({}, { store });
    expect(keysOf(await query('KEEP'))).toEqual(['KEEP']);
  });
});

describe('VIEW_MESSAGE_BY_ID', () => {
  it('returns the record at a commit-log offset, or SYSTEM_ERROR naming the offset', async () => {
    t = await startBroker();
    const sent = await send('K', 'U');
    const offset = decodeOffsetMessageId(sent.msgId).physicalOffset;
    const r = await t.broker.viewMessage({ offset });
    expect(r.code).toBe(0);
    expect(decodeStoredMessage((r as { body: Buffer }).body)).toMatchObject({ keys: 'K', physicalOffset: offset, offsetMsgId: sent.msgId });
    expect(await t.broker.viewMessage({ offset: offset + 1 })).toEqual({
      code: ResponseCode.SYSTEM_ERROR, remark: `can not find message by the offset, ${offset + 1}`,
    });
    expect((await t.broker.viewMessage({ offset: -5 })).code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});
