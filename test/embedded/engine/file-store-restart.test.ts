import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { FileStore } from '../../../adapters/embedded/store/file-store.js';
import { Broker } from '../../../adapters/embedded/engine/broker.js';
import type { EngineScheduler } from '../../../adapters/embedded/engine/clock.js';
import type { SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { FakeChannel, pulled, pullRequest, sendRequest } from './helpers.js';

/** A hand-driven clock for the engine (the file store keeps its own real timers and I/O). */
class ManualScheduler implements EngineScheduler {
  private time = 1_700_000_000_000;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    this.timers.set(++this.seq, { at: this.time + ms, fn });
    return this.seq;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].fn();
    }
    this.time = end;
  }
}

let dir: string;
let broker: Broker | undefined;
const clock = new ManualScheduler();
const client = new FakeChannel('c');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engine-restart-'));
});

afterEach(async () => {
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Broker> {
  await broker?.close();
  broker = new Broker({ store: new FileStore({ dir, flush: 'sync' }), scheduler: clock, random: () => 0 });
  await broker.start();
  return broker;
}

describe('engine state across a restart on the file store', () => {
  it('keeps messages, the key index, delay positions, groups and resolved transactions', async () => {
    let b = await open();
    await b.createTopic('TopicTest', 1);
    await b.send(sendRequest({ props: { KEYS: 'K-1', TAGS: 'T' } }), client);
    await b.send(sendRequest({ props: { KEYS: 'D-1', TAGS: 'T', DELAY: '1' } }), client);
    await b.send(sendRequest({ props: { KEYS: 'D-3', TAGS: 'T', DELAY: '3' } }), client);
    const half = (await b.send(sendRequest({ props: { KEYS: 'TX', TAGS: 'T', TRAN_MSG: 'true', PGROUP: 'PG' }, sysFlag: 4 }), client)) as SendResult;
    clock.advance(1_000); // D-1 due
    b = await open(); // close waits for the delivery in progress

    const keys = async () => pulled(await b.pull(pullRequest(), client)).map((m) => m.keys);
    expect(await keys()).toEqual(['K-1', 'D-1']);
    expect((await b.queryMessage({ topic: 'TopicTest', key: 'K-1', maxNum: 32, beginTimestamp: 0, endTimestamp: Infinity })).code).toBe(0);
    expect(b.transactionStats()).toEqual({ pending: 1, discarded: 0 });

    clock.advance(9_000); // D-3 due; nothing re-delivered
    b = await open();
    expect(await keys()).toEqual(['K-1', 'D-1', 'D-3']);

    const producer = new FakeChannel('p');
    await b.heartbeat({ clientID: 'p', producerDataSet: [{ groupName: 'PG' }] }, producer);
    clock.advance(60_000);
    expect(producer.codes()).toEqual([RequestCode.CHECK_TRANSACTION_STATE]);
    const physicalOffset = decodeOffsetMessageId(half.msgId).physicalOffset;
    expect(await b.endTransaction({ producerGroup: 'PG', tranStateTableOffset: half.queueOffset, commitLogOffset: physicalOffset, commitOrRollback: 8 })).toEqual({ code: 0 });
    b = await open();
    expect(b.transactionStats().pending).toBe(0);
    expect(await keys()).toEqual(['K-1', 'D-1', 'D-3', 'TX']);
  });
});
