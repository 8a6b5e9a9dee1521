import { afterEach, describe, expect, it } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { encodeBatch } from '../../../adapters/remoting/protocol/message/batch.js';
import { decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { client, pullRequest, Resources, sendV2, startBroker, type RawClient } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

/** Every body in queue 0 of `topic`, pulled from offset 0 on. */
async function pullAll(c: RawClient, topic: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const res = await c.call(pullRequest({ group: 'ArrivalGroup', topic, queueOffset: out.length }));
    if (res.code !== ResponseCode.SUCCESS) return out;
    out.push(...decodeStoredMessages(res.body!).map((m) => m.body.toString()));
  }
}

function batchOf(topic: string, bodies: string[]) {
  const req = sendV2({ topic });
  const body = encodeBatch(bodies.map((b) => ({ body: Buffer.from(b), properties: { WAIT: 'true' } })));
  return { ...req, code: RequestCode.SEND_BATCH_MESSAGE, extFields: { ...req.extFields!, i: 'WAIT\u0001true', m: 'true' }, body };
}

describe('arrival order over one connection (a real broker stores sends in the order they arrive)', () => {
  it('200 pipelined sends to a new topic, queue 0: a pull returns them in sequence', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => c.call(sendV2({ topic: 'ArrivalNew', queueId: 0, body: String(i) }))));
    expect(answers.map((a) => a.code)).toEqual(answers.map(() => ResponseCode.SUCCESS));
    expect(answers.map((a) => Number(a.extFields!['queueOffset']))).toEqual(answers.map((_, i) => i));
    expect(await pullAll(c, 'ArrivalNew')).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
  });

  it('pipelined sends and batches across several new topics: each queue holds them in arrival order', async () => {
    const { mq } = await startBroker(resources);
    const c = await client(resources, mq.address);
    const topics = ['ArrivalMixA', 'ArrivalMixB', 'ArrivalMixC', 'ArrivalMixD'];
    const expected = new Map<string, string[]>(topics.map((t) => [t, []]));
    const calls = Array.from({ length: 200 }, (_, i) => {
      const topic = topics[i % topics.length]!;
      const bodies = i % 9 === 4 ? [`${i}a`, `${i}b`, `${i}c`] : [String(i)];
      expected.get(topic)!.push(...bodies);
      return c.call(bodies.length > 1 ? batchOf(topic, bodies) : sendV2({ topic, queueId: 0, body: bodies[0]! }));
    });
    const answers = await Promise.all(calls);
    expect(answers.filter((a) => a.code !== ResponseCode.SUCCESS)).toEqual([]);
    for (const topic of topics) expect(await pullAll(c, topic)).toEqual(expected.get(topic));
  });
});
