import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { MemoryStore } from '../../../adapters/embedded/store/memory-store.js';
import { FakeChannel, sendRequest, startBroker, type TestBroker } from './helpers.js';

const client = new FakeChannel('c');
const q = { topic: 'TopicTest', queueId: 0 };
let t: TestBroker;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

afterEach(async () => {
  await t?.broker.close();
  vi.useRealTimers();
});

describe('consumer offsets', () => {
  it('QUERY_CONSUMER_OFFSET: 0 while nothing is committed and the queue starts at 0, then the committed value', async () => {
    t = await startBroker();
    expect(await t.broker.queryConsumerOffset({ ...q, consumerGroup: 'CG' })).toEqual({ code: 0, offset: 0 });
    expect(await t.broker.updateConsumerOffset({ ...q, consumerGroup: 'CG', commitOffset: 3 })).toEqual({ code: 0 });
    expect(await t.broker.queryConsumerOffset({ ...q, consumerGroup: 'CG' })).toEqual({ code: 0, offset: 3 });
    expect(await t.broker.queryConsumerOffset({ ...q, consumerGroup: 'Other' })).toEqual({ code: 0, offset: 0 });
  });

  it('QUERY_CONSUMER_OFFSET: QUERY_NOT_FOUND once the queue no longer starts at 0', async () => {
    t = await startBroker({}, { store: new MemoryStore({ maxBytes: 300 }) });
    for (let i = 0; i < 4; i++) await t.broker.send(sendRequest(), client);
    expect(await t.broker.queryConsumerOffset({ ...q, consumerGroup: 'CG' })).toEqual({
      code: ResponseCode.QUERY_NOT_FOUND,
      remark: 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first',
    });
  });

  it('UPDATE_CONSUMER_OFFSET refuses a negative offset and a bad queue id', async () => {
    t = await startBroker();
    expect((await t.broker.updateConsumerOffset({ ...q, consumerGroup: 'CG', commitOffset: -1 })).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect((await t.broker.updateConsumerOffset({ ...q, queueId: -2, consumerGroup: 'CG', commitOffset: 1 })).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(t.store.committedOffset('CG', 'TopicTest', 0)).toBeUndefined();
  });
});

describe('queue offsets (the batch-and-delay capture: max 4, min 0, search before the first → 0)', () => {
  it('GET_MAX_OFFSET, GET_MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP, GET_EARLIEST_MSG_STORETIME', async () => {
    t = await startBroker();
    const t0 = Date.now();
    expect(await t.broker.maxOffset(q)).toEqual({ code: 0, offset: 0 });
    expect(await t.broker.earliestStoreTime(q)).toEqual({ code: 0, timestamp: -1 });
    for (let i = 0; i < 4; i++) {
      await t.broker.send(sendRequest(), client);
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(await t.broker.maxOffset(q)).toEqual({ code: 0, offset: 4 });
    expect(await t.broker.minOffset(q)).toEqual({ code: 0, offset: 0 });
    expect(await t.broker.searchOffset({ ...q, timestamp: t0 - 1 })).toEqual({ code: 0, offset: 0 });
    expect(await t.broker.searchOffset({ ...q, timestamp: t0 + 1_500 })).toEqual({ code: 0, offset: 2 });
    expect(await t.broker.searchOffset({ ...q, timestamp: t0 + 99_000 })).toEqual({ code: 0, offset: 4 });
    expect(await t.broker.earliestStoreTime(q)).toEqual({ code: 0, timestamp: t0 });
  });

  it('answers 0 for a queue that does not exist and SYSTEM_ERROR for a malformed one', async () => {
    t = await startBroker();
    expect(await t.broker.maxOffset({ topic: 'Nope', queueId: 7 })).toEqual({ code: 0, offset: 0 });
    expect((await t.broker.minOffset({ topic: 'Nope', queueId: Number.NaN })).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect((await t.broker.searchOffset({ ...q, timestamp: Number.NaN })).code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});
