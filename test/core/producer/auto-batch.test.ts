import { inflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { Message } from '../../../core/message/message.js';
import { brokerError } from '../fakes/fake-port.js';
import { A, B, body, makeProducer, shapes, useFakeTimeFrom } from './harness.js';

describe('Producer autoBatch: gathering and results', () => {
  useFakeTimeFrom(1_800_000_000_000);

  it('gathers concurrent sends of a topic into one SEND_BATCH_MESSAGE sent batchMaxDelayMs after the first', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    const sent = [0, 1, 2].map((i) => producer.send(new Message('T', `m${i}`, { tags: `Tag${i}`, keys: [`k${i}`], properties: { n: String(i) } })));
    await vi.advanceTimersByTimeAsync(9);
    expect(port.sends()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    const results = await Promise.all(sent);
    const [{ req }] = port.sends();
    expect(port.sends()).toHaveLength(1);
    expect(req.batch!.map((it) => it.body.toString())).toEqual(['m0', 'm1', 'm2']);
    expect(req.batch!.map((it) => [it.properties.TAGS, it.properties.KEYS, it.properties.n])).toEqual([
      ['Tag0', 'k0', '0'],
      ['Tag1', 'k1', '1'],
      ['Tag2', 'k2', '2'],
    ]);
    expect(req.properties).toEqual({ WAIT: 'true' });
    const offsetIds = results.map((r) => r.offsetMsgId);
    results.forEach((r, i) => {
      expect(r.msgId).toBe(req.batch![i]!.properties.UNIQ_KEY);
      expect(r).toMatchObject({
        status: 'SEND_OK',
        queue: { topic: 'T', brokerName: req.brokerName, queueId: req.queueId },
        queueOffset: i,
        regionId: 'DefaultRegion',
      });
      expect(r.offsetMsgId).toMatch(/^[0-9A-F]{32}$/);
    });
    expect(new Set(offsetIds).size).toBe(3);
    await producer.shutdown();
  });

  it('splits offsets from the batch first queue offset on', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    port.sendScript.push({ kind: 'ok', response: { queueOffset: 40, offsetMsgId: 'A1,A2,A3', transactionId: 'tx' } });
    const sent = [0, 1, 2].map((i) => producer.send(new Message('T', `m${i}`)));
    await vi.advanceTimersByTimeAsync(10);
    const results = await Promise.all(sent);
    expect(results.map((r) => [r.queueOffset, r.offsetMsgId, r.transactionId])).toEqual([
      [40, 'A1', 'tx'],
      [41, 'A2', 'tx'],
      [42, 'A3', 'tx'],
    ]);
    await producer.shutdown();
  });

  it('keeps topics and WAIT values apart', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    port.setRoute('U', [A, B]);
    await producer.start();
    const sent = [
      producer.send(new Message('T', 't1')),
      producer.send(new Message('U', 'u1')),
      producer.send(new Message('T', 't2')),
      producer.send(new Message('T', 'nowait', { waitStoreMsgOk: false })),
      producer.send(new Message('U', 'u2')),
    ];
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all(sent);
    const byRequest = port.sends().map(({ req }) => `${req.topic}:${req.properties.WAIT}:${(req.batch ?? [req]).map((it) => it.body.toString()).join('+')}`);
    expect(byRequest.sort()).toEqual(['T:false:nowait', 'T:true:t1+t2', 'U:true:u1+u2']);
    await producer.shutdown();
  });

  it('sends a batch at once when its bodies hold more than batchMaxBytes', async () => {
    const { port, producer } = makeProducer({ autoBatch: true, batchMaxBytes: 1000 });
    await producer.start();
    const sent = [0, 1, 2].map(() => producer.send(new Message('T', body(300))));
    await vi.advanceTimersByTimeAsync(0);
    expect(port.sends()).toHaveLength(0);
    sent.push(producer.send(new Message('T', body(300))));
    await vi.advanceTimersByTimeAsync(0);
    expect(shapes(port)).toEqual([4]);
    sent.push(producer.send(new Message('T', body(300))));
    await vi.advanceTimersByTimeAsync(9);
    expect(shapes(port)).toEqual([4]);
    await vi.advanceTimersByTimeAsync(1);
    expect(shapes(port)).toEqual([4, 0]);
    expect((await Promise.all(sent)).every((r) => r.status === 'SEND_OK')).toBe(true);
    await producer.shutdown();
  });

  it('sends a batch first when the next message would take it over maxMessageSize', async () => {
    const { port, producer } = makeProducer({ autoBatch: true, maxMessageSize: 2000, batchMaxBytes: 100_000 });
    await producer.start();
    const sent = [0, 1, 2].map(() => producer.send(new Message('T', body(800))));
    await vi.advanceTimersByTimeAsync(0);
    expect(shapes(port)).toEqual([2]);
    await vi.advanceTimersByTimeAsync(10);
    expect(shapes(port)).toEqual([2, 0]);
    await Promise.all(sent);
    await producer.shutdown();
  });

  it('sends a batch of one as a plain send, compressed as a single send would be', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    const big = body(5000, 'a');
    const sent = producer.send(new Message('T', big));
    await vi.advanceTimersByTimeAsync(10);
    const result = await sent;
    const [{ req }] = port.sends();
    expect(req.batch).toBeUndefined();
    expect(req.sysFlag).toBe(0x301);
    expect(inflateSync(req.body)).toEqual(big);
    expect(result.msgId).toBe(req.properties.UNIQ_KEY);
    await producer.shutdown();
  });

  it('fails every member with the batch SendError, which says it was an auto batch', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    port.defaultSend = { kind: 'fail', error: brokerError(13, 'the message is illegal') };
    const errors = [0, 1, 2].map(() => producer.send(new Message('T', 'x')).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(10);
    const [first, ...rest] = await Promise.all(errors);
    expect(first).toMatchObject({ name: 'SendError', kind: 'send-failed', responseCode: 13, remark: 'the message is illegal', context: { autoBatchSize: 3, topic: 'T' } });
    expect((first as Error).message).toContain('auto batch of 3');
    expect(rest).toEqual([first, first]);
    expect(port.sends()).toHaveLength(1);
    expect(producer.pendingSends).toBe(0);
    await producer.shutdown();
  });

  it('fails every member when the broker answers another number of offset ids than messages', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    port.sendScript.push({ kind: 'ok', response: { offsetMsgId: 'ONLY_ONE' } });
    const errors = [0, 1].map(() => producer.send(new Message('T', 'x')).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(10);
    for (const e of await Promise.all(errors)) expect(e).toMatchObject({ kind: 'send-failed', context: { autoBatchSize: 2 } });
    await producer.shutdown();
  });

  it('retries the whole batch on the other broker, and reports the failed attempt', async () => {
    const { port, producer, events } = makeProducer({ autoBatch: true });
    await producer.start();
    port.sendScript.push({ kind: 'fail', error: brokerError(14, 'service not available') });
    const sent = [0, 1].map((i) => producer.send(new Message('T', `m${i}`)));
    await vi.advanceTimersByTimeAsync(10);
    const results = await Promise.all(sent);
    const [first, second] = port.sends();
    expect(second!.req.brokerName).not.toBe(first!.req.brokerName);
    expect(second!.req.batch).toEqual(first!.req.batch);
    expect(results.map((r) => r.queue.brokerName)).toEqual([second!.req.brokerName, second!.req.brokerName]);
    expect(events).toMatchObject([{ type: 'send-attempt-failed', attempt: 1, retrying: true }]);
    await producer.shutdown();
  });

  it('changes nothing when autoBatch is off (the default)', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    expect(producer.options).toMatchObject({ autoBatch: false, batchMaxDelayMs: 10, batchMaxBytes: 32 * 1024, totalBatchMaxBytes: 32 * 1024 * 1024 });
    await Promise.all([0, 1, 2].map(() => producer.send(new Message('T', 'x'))));
    expect(shapes(port)).toEqual([0, 0, 0]);
    await producer.shutdown();
  });
});
