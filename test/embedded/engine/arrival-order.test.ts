import { afterEach, describe, expect, it } from 'vitest';
import { encodeBatch } from '../../../adapters/remoting/protocol/message/batch.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessage } from '../../../adapters/remoting/protocol/message/stored-message.js';
import type { AppendRequest, AppendResult } from '../../../adapters/embedded/store/message-store.js';
import { MemoryStore } from '../../../adapters/embedded/store/memory-store.js';
import type { SendOutcome, SendResult } from '../../../adapters/embedded/engine/send-types.js';
import { FakeChannel, pulled, pullRequest, sendRequest, startBroker, type TestBroker } from './helpers.js';

/**
 * Writes are stored in the order they arrive (a 4.9 broker has one send thread), even when the first of them has to
 * create a topic or a group first; appends already in order may still be in flight together (group commit).
 */
const producer = new FakeChannel('producer', '127.0.0.1:45000');
let t: TestBroker | undefined;

afterEach(async () => {
  await t?.broker.close();
  t = undefined;
});

/** A memory store that records the body of every record in the order `append` is called. */
class RecordingStore extends MemoryStore {
  readonly appended: { topic: string; body: string }[] = [];
  /** While set, appends wait for it before they resolve (their order is fixed when they are called). */
  gate: Promise<void> | undefined;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  /** Resolves once `count` records have been handed to `append`. */
  whenAppended(count: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.appended.length >= count) resolve();
      else this.waiters.push({ count, resolve });
    });
  }

  override async append(requests: AppendRequest[], opts?: { flush?: 'sync' | 'async' }): Promise<AppendResult[]> {
    for (const r of requests) this.appended.push({ topic: r.topic, body: decodeStoredMessage(r.record).body.toString() });
    for (const w of this.waiters.filter((x) => x.count <= this.appended.length)) w.resolve();
    const results = super.append(requests, opts);
    const gate = this.gate;
    if (gate !== undefined) await gate;
    return results;
  }

  bodies(topicFilter: (topic: string) => boolean = () => true): string[] {
    return this.appended.filter((a) => topicFilter(a.topic)).map((a) => a.body);
  }
}

async function start(): Promise<{ t: TestBroker; store: RecordingStore }> {
  const store = new RecordingStore();
  t = await startBroker({}, { store });
  return { t, store };
}

function send(b: TestBroker, topic: string, body: string, props: Record<string, string> = { WAIT: 'true' }): Promise<SendOutcome> {
  return b.broker.send(sendRequest({ topic, queueId: 0, body: Buffer.from(body), props }), producer);
}

function sendBatch(b: TestBroker, topic: string, bodies: string[]): Promise<SendOutcome> {
  const body = encodeBatch(bodies.map((x) => ({ body: Buffer.from(x), properties: { WAIT: 'true' } })));
  return b.broker.send(sendRequest({ topic, queueId: 0, body, props: { WAIT: 'true' }, batch: true }), producer);
}

/** Every message of queue 0 of `topic`, as body strings. */
async function pullAll(b: TestBroker, topic: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const res = await b.broker.pull(pullRequest({ topic, consumerGroup: 'OrderGroup', queueOffset: out.length }), producer);
    if (res?.code !== 0) return out;
    out.push(...pulled(res).map((m) => m.body.toString()));
  }
}

const seq = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('arrival order: concurrent writes are stored in the order they arrive', () => {
  it('200 pipelined sends to a new topic: the first creates it, all are stored in sequence', async () => {
    const { t: b, store } = await start();
    const results = await Promise.all(seq(200).map((s) => send(b, 'NewOrderTopic', s)));
    expect(results.every((r) => r.code === 0)).toBe(true);
    expect(results.map((r) => (r as SendResult).queueOffset)).toEqual(seq(200).map((_, i) => i));
    expect(await pullAll(b, 'NewOrderTopic')).toEqual(seq(200));
    expect(store.bodies()).toEqual(seq(200));
  });

  it('a mix of new topics, a delayed send, a half message and batches: appends follow arrival', async () => {
    const { t: b, store } = await start();
    const topics = ['MixA', 'MixB', 'MixC', 'MixD', 'MixE'];
    const expected: { topic: string; body: string }[] = [];
    const sends: Promise<SendOutcome>[] = [];
    sends.push(send(b, 'MixA', 'delayed', { WAIT: 'true', DELAY: '3' })); // creates MixA and SCHEDULE_TOPIC_XXXX
    sends.push(send(b, 'MixB', 'half', { WAIT: 'true', TRAN_MSG: 'true', PGROUP: 'PG' })); // creates MixB and the half topic
    for (let i = 0; i < 150; i++) {
      const topic = topics[i % topics.length]!;
      const items = i % 7 === 3 ? [`${i}.a`, `${i}.b`] : [String(i)];
      sends.push(items.length > 1 ? sendBatch(b, topic, items) : send(b, topic, items[0]!));
      expected.push(...items.map((body) => ({ topic, body })));
    }
    const results = await Promise.all(sends);
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    expect(store.bodies()).toEqual(['delayed', 'half', ...expected.map((e) => e.body)]);
    const physical = results.map((r) => decodeOffsetMessageId((r as SendResult).msgId.split(',')[0]!).physicalOffset);
    expect(physical).toEqual([...physical].sort((x, y) => x - y));
    for (const topic of topics) expect(await pullAll(b, topic)).toEqual(expected.filter((e) => e.topic === topic).map((e) => e.body));
  });

  it('send-backs that create the retry group and topic, and the sends after them, are stored in arrival order', async () => {
    const { t: b, store } = await start();
    await b.broker.createTopic('Consumed', 1);
    const first = (await send(b, 'Consumed', 'original')) as SendResult;
    const offset = decodeOffsetMessageId(first.msgId).physicalOffset;
    store.appended.length = 0;
    const writes = [
      b.broker.consumerSendBack({ offset, group: 'NewRetryGroup', delayLevel: -1 }), // creates the group and %DLQ%
      send(b, 'Consumed', 'after-1'),
      b.broker.consumerSendBack({ offset, group: 'OtherRetryGroup', delayLevel: 1 }), // creates %RETRY% + delays
      send(b, 'Consumed', 'after-2'),
    ];
    expect((await Promise.all(writes)).map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(store.appended.map((a) => `${a.topic}:${a.body}`)).toEqual([
      '%DLQ%NewRetryGroup:original', 'Consumed:after-1', 'SCHEDULE_TOPIC_XXXX:original', 'Consumed:after-2',
    ]);
  });

  it('an END_TRANSACTION commit is stored where it arrived among sends that create topics', async () => {
    const { t: b, store } = await start();
    await b.broker.createTopic('TxOrder', 1);
    const half = (await send(b, 'TxOrder', 'tx', { WAIT: 'true', TRAN_MSG: 'true', PGROUP: 'PG' })) as SendResult;
    store.appended.length = 0;
    const end = {
      producerGroup: 'PG',
      tranStateTableOffset: half.queueOffset,
      commitLogOffset: decodeOffsetMessageId(half.msgId).physicalOffset,
      commitOrRollback: 8,
    };
    const writes = [send(b, 'TxNewBefore', 'before'), b.broker.endTransaction(end), send(b, 'TxNewAfter', 'after')];
    expect((await Promise.all(writes)).map((r) => r?.code)).toEqual([0, 0, 0]);
    const order = store.bodies((topic) => !topic.startsWith('RMQ_SYS_TRANS_OP'));
    expect(order).toEqual(['before', 'tx', 'after']);
  });

  it('appends already in order are in flight together (group commit is not serialized away)', async () => {
    const { t: b, store } = await start();
    await b.broker.createTopic('GroupCommit', 1);
    let open!: () => void;
    store.gate = new Promise<void>((resolve) => (open = resolve));
    const pending = seq(5).map((s) => send(b, 'GroupCommit', s));
    // All five appends are called while the first has not yet completed.
    await store.whenAppended(5);
    open();
    const results = await Promise.all(pending);
    expect(results.map((r) => (r as SendResult).queueOffset)).toEqual([0, 1, 2, 3, 4]);
  });
});
