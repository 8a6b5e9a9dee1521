import { firstValueFrom, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { Message } from '../../../core/message/message.js';
import { canAutoBatch } from '../../../core/producer/auto-batch.js';
import { body, makeProducer, shapes, useFakeTimeFrom } from './harness.js';

const bodies = (port: ReturnType<typeof makeProducer>['port'], i: number) => port.sends()[i]!.req.batch!.map((it) => it.body.toString());

describe('Producer autoBatch: aborts, bypass, shutdown and limits', () => {
  useFakeTimeFrom(1_800_000_000_000);

  it('takes a member aborted or unsubscribed before the flush out of its batch', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    const abort = new AbortController();
    const kept = [producer.send(new Message('T', 'a')), producer.send(new Message('T', 'd'))];
    const aborted = producer.send(new Message('T', 'b'), { signal: abort.signal }).catch((e: unknown) => e);
    const sub = producer.send$(new Message('T', 'c')).subscribe();
    abort.abort();
    sub.unsubscribe();
    expect(await aborted).toMatchObject({ kind: 'send-aborted' });
    await vi.advanceTimersByTimeAsync(10);
    expect(bodies(port, 0)).toEqual(['a', 'd']);
    expect((await Promise.all(kept)).map((r) => r.queueOffset)).toEqual([0, 1]);
    await producer.shutdown();
  });

  it('sends nothing when every member left before the flush', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    const subs = [0, 1].map(() => producer.send$(new Message('T', 'x')).subscribe({ error: () => undefined }));
    for (const s of subs) s.unsubscribe();
    await vi.advanceTimersByTimeAsync(100);
    expect(port.sends()).toHaveLength(0);
    expect(producer.liveResources).toBe(0);
    await producer.shutdown();
  });

  it('rejects a member aborted after the flush at once while the batch goes on; the last one aborts the request', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const first = new AbortController();
    const aborted = producer.send(new Message('T', 'a'), { signal: first.signal }).catch((e: unknown) => e);
    const kept = producer.send(new Message('T', 'b'));
    await vi.advanceTimersByTimeAsync(10);
    expect(port.inFlight).toBe(1);
    first.abort();
    expect(await aborted).toMatchObject({ kind: 'send-aborted' });
    expect(port.abortedSends).toHaveLength(0);
    expect(producer.pendingSends).toBe(1);
    port.resolveAll();
    expect((await kept).queueOffset).toBe(1);

    const subs = [0, 1].map(() => producer.send$(new Message('T', 'x')).subscribe({ error: () => undefined }));
    await vi.advanceTimersByTimeAsync(10);
    subs[0]!.unsubscribe();
    expect(port.abortedSends).toHaveLength(0);
    subs[1]!.unsubscribe();
    expect(port.abortedSends).toHaveLength(1);
    expect(producer.liveResources).toBe(0);
    await producer.shutdown();
  });

  it('sends what may not be batched at once, on its own', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    await producer.send(new Message('T', 'delayed', { delayLevel: 2 }));
    await producer.send(new Message('T', 'timed', { deliveryTimestamp: Date.now() + 60_000 }));
    await producer.send(new Message('T', 'sharded', { shardingKey: 'k' }));
    await producer.sendOrderly(new Message('T', 'orderly'), 'key');
    await producer.sendBatch([new Message('T', 'b1'), new Message('T', 'b2')]);
    await producer.sendOneway(new Message('T', 'oneway'));
    expect(port.sends().map((s) => s.req.body.toString() || s.req.batch!.length)).toEqual(['delayed', 'timed', 'sharded', 'orderly', 2]);
    expect(port.callsOf('sendOneway')).toHaveLength(1);
    expect(canAutoBatch(new Message('%RETRY%G', 'x'))).toBe(false);
    expect(canAutoBatch(new Message('T', 'x', { properties: { PGROUP: 'G' } }))).toBe(false);
    expect(canAutoBatch(new Message('T', 'x', { tags: 'A', keys: ['k'] }))).toBe(true);
    await producer.shutdown();
  });

  it('rejects a message that fails to prepare on its own, before it joins a batch', async () => {
    const { port, producer } = makeProducer({ autoBatch: true });
    await producer.start();
    const good = producer.send(new Message('T', 'ok'));
    await expect(producer.send(new Message('T', Buffer.alloc(0)))).rejects.toMatchObject({ kind: 'empty-body' });
    await vi.advanceTimersByTimeAsync(10);
    await good;
    expect(shapes(port)).toEqual([0]);
    await producer.shutdown();
  });

  it('shutdown sends the pending batches at once and waits for them', async () => {
    const { port, producer } = makeProducer({ autoBatch: true, batchMaxDelayMs: 30_000 });
    await producer.start();
    const sent = [0, 1].map(() => firstValueFrom(producer.send$(new Message('T', 'x'))));
    await vi.advanceTimersByTimeAsync(0);
    await producer.shutdown();
    expect(shapes(port)).toEqual([2]);
    expect((await Promise.all(sent)).map((r) => r.status)).toEqual(['SEND_OK', 'SEND_OK']);
    expect(producer.liveResources).toBe(0);
  });

  it('counts every member in the in-flight limiter: a member waiting for room joins a later batch', async () => {
    const { port, producer } = makeProducer({ autoBatch: true, maxInflightSends: 3 });
    await producer.start();
    const sent = [0, 1, 2, 3, 4].map((i) => producer.send(new Message('T', `m${i}`)));
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.pendingSends).toBe(5);
    await vi.advanceTimersByTimeAsync(10);
    expect(bodies(port, 0)).toEqual(['m0', 'm1', 'm2']);
    await vi.advanceTimersByTimeAsync(10);
    expect(bodies(port, 1)).toEqual(['m3', 'm4']);
    await Promise.all(sent);
    await producer.shutdown();
  });

  it('sends on their own the messages that arrive while totalBatchMaxBytes are held in batches', async () => {
    const { port, producer } = makeProducer({ autoBatch: true, totalBatchMaxBytes: 500 });
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const sent = [0, 1, 2].map(() => producer.send(new Message('T', body(300))));
    await vi.advanceTimersByTimeAsync(0);
    expect(shapes(port)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(10);
    expect(shapes(port)).toEqual([0, 2]);
    sent.push(producer.send(new Message('T', body(300))));
    await vi.advanceTimersByTimeAsync(0);
    expect(shapes(port)).toEqual([0, 2, 0]);
    port.resolveAll();
    await Promise.all(sent);
    sent.push(producer.send(new Message('T', body(300))));
    await vi.advanceTimersByTimeAsync(0);
    expect(shapes(port)).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(10);
    port.resolveAll();
    await Promise.all(sent);
    expect(shapes(port)).toEqual([0, 2, 0, 0]);
    await producer.shutdown();
  });

  it('validates the options with typed errors', () => {
    const bad: [string, unknown][] = [
      ['autoBatch', 'yes'],
      ['batchMaxDelayMs', 0],
      ['batchMaxDelayMs', 30_001],
      ['batchMaxBytes', 0],
      ['batchMaxBytes', 2 * 1024 * 1024 + 1],
      ['totalBatchMaxBytes', 0],
      ['totalBatchMaxBytes', 1.5],
    ];
    for (const [key, value] of bad) {
      expect(() => makeProducer({ [key]: value })).toThrow(expect.objectContaining({ name: 'ValidationError', kind: 'invalid-option', field: `producer.${key}`, value }));
    }
    expect(makeProducer({ autoBatch: true, batchMaxDelayMs: 30_000, batchMaxBytes: 2 * 1024 * 1024, totalBatchMaxBytes: 1 }).producer.options.autoBatch).toBe(true);
  });
});

describe('Producer autoBatch: timing', () => {
  it('times batchMaxDelayMs on the producer scheduler (virtual time)', async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 25);
    const { port, producer } = makeProducer({ autoBatch: true, batchMaxDelayMs: 20 }, { scheduler });
    await producer.start();
    await producer.sendOneway(new Message('T', 'learns the route'));
    const sent = [0, 1].map((i) => producer.send(new Message('T', `m${i}`)));
    expect(port.sends()).toHaveLength(0);
    scheduler.flush();
    expect(scheduler.now()).toBe(20);
    expect(shapes(port)).toEqual([2]);
    expect((await Promise.all(sent)).map((r) => r.queueOffset)).toEqual([0, 1]);
    await producer.shutdown();
  });
});
