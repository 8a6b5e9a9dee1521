import { from, mergeMap, range, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Message } from '../../../core/message/message.js';
import { InFlightLimiter, type Waiter } from '../../../core/producer/in-flight-limiter.js';
import { makeProducer } from './harness.js';

/** Takes room for `bytes` the way the send core does: at once if it fits and nobody waits, else in line. */
function acquire(limiter: InFlightLimiter, bytes: number, start: () => void): Waiter | undefined {
  if (!limiter.tryEnter(bytes)) return limiter.wait(bytes, start);
  start();
  return undefined;
}

describe('InFlightLimiter', () => {
  it('admits by count, first come first served, and admits the next waiter on release or when one leaves', () => {
    const limiter = new InFlightLimiter(2, 1000);
    const started: number[] = [];
    for (const i of [0, 1, 2, 3]) acquire(limiter, 1, () => started.push(i));
    expect(started).toEqual([0, 1]);
    expect(limiter.waiting).toBe(2);
    limiter.release(1);
    expect(started).toEqual([0, 1, 2]);
    limiter.release(1);
    expect(started).toEqual([0, 1, 2, 3]);
    limiter.release(1);
    limiter.release(1);
    expect([limiter.inFlight, limiter.inFlightBytes, limiter.waiting]).toEqual([0, 0, 0]);
    const held = acquire(limiter, 1, () => started.push(4));
    const left = acquire(limiter, 1, () => started.push(5));
    const waits = acquire(limiter, 1, () => started.push(6));
    expect([held, left, limiter.waiting]).toEqual([undefined, undefined, 1]);
    limiter.leave(waits!);
    limiter.release(1);
    limiter.release(1);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect([limiter.inFlight, limiter.inFlightBytes, limiter.waiting]).toEqual([0, 0, 0]);
  });

  it('bounds bytes, lets an oversized send go alone, and never lets small sends overtake the head', () => {
    const limiter = new InFlightLimiter(100, 10);
    const started: string[] = [];
    acquire(limiter, 6, () => started.push('a'));
    acquire(limiter, 50, () => started.push('big'));
    acquire(limiter, 1, () => started.push('c'));
    expect(started).toEqual(['a']);
    limiter.release(6);
    expect(started).toEqual(['a', 'big']);
    expect(limiter.inFlightBytes).toBe(50);
    limiter.release(50);
    expect(started).toEqual(['a', 'big', 'c']);
    limiter.release(1);
    expect([limiter.inFlight, limiter.inFlightBytes]).toEqual([0, 0]);
  });

  it('leaving the queue while waiting starts nothing and keeps the order of the rest', () => {
    const limiter = new InFlightLimiter(1, 100);
    const started: number[] = [];
    acquire(limiter, 1, () => started.push(1));
    const second = acquire(limiter, 1, () => started.push(2));
    acquire(limiter, 1, () => started.push(3));
    limiter.leave(second!);
    limiter.release(1);
    expect(started).toEqual([1, 3]);
    limiter.release(1);
    expect(limiter.inFlight).toBe(0);
  });

  it('handles work that settles synchronously, within its admission', () => {
    const limiter = new InFlightLimiter(1, 100);
    const seen: number[] = [];
    const run = (i: number) => () => {
      seen.push(i);
      limiter.release(1);
    };
    expect(limiter.tryEnter(1)).toBe(true);
    for (let i = 0; i < 5; i++) limiter.wait(1, run(i));
    expect(seen).toEqual([]);
    limiter.release(1);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect([limiter.inFlight, limiter.waiting]).toEqual([0, 0]);
    for (let i = 5; i < 8; i++) acquire(limiter, 1, run(i));
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(limiter.inFlight).toBe(0);
  });

  it('rejects bounds below 1', () => {
    expect(() => new InFlightLimiter(0, 1)).toThrow(expect.objectContaining({ kind: 'invalid-option', field: 'producer.maxInflightSends' }));
  });
});

describe('Producer back-pressure', () => {
  const subs: Subscription[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    for (const s of subs.splice(0)) s.unsubscribe();
    vi.useRealTimers();
  });

  /** Lets the fake answer pending sends one at a time (a slow broker), recording the most seen at once. */
  async function settleAll(port: ReturnType<typeof makeProducer>['port'], total: number) {
    while (port.sends().length < total || port.inFlight > 0) {
      await vi.advanceTimersByTimeAsync(0);
      port.pending[0]?.resolve();
    }
  }

  it('with 1000 queued sends and a bound of 10, the broker sees at most 10 at a time, and all complete', async () => {
    const { port, producer } = makeProducer({ maxInflightSends: 10 });
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const results = Array.from({ length: 1000 }, (_, i) => producer.send(new Message('T', `m${i}`)));
    await vi.advanceTimersByTimeAsync(0);
    expect(port.inFlight).toBe(10);
    expect(producer.pendingSends).toBe(1000);
    await settleAll(port, 1000);
    expect(port.maxInFlight).toBe(10);
    expect((await Promise.all(results)).every((r) => r.status === 'SEND_OK')).toBe(true);
    await producer.shutdown();
  });

  it('bounds the bytes in flight', async () => {
    const { port, producer } = makeProducer({ maxInflightBytes: 3000 });
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const results = Array.from({ length: 20 }, () => producer.send(new Message('T', Buffer.alloc(1000, 7))));
    await vi.advanceTimersByTimeAsync(0);
    expect(port.inFlight).toBe(3);
    await settleAll(port, 20);
    expect(port.maxInFlight).toBe(3);
    await Promise.all(results);
    await producer.shutdown();
  });

  it('send$ over a stream with mergeMap(…, 64) holds at most 64 sends and never buffers without bound', async () => {
    const { port, producer } = makeProducer({ maxInflightSends: 10 });
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const events = range(0, 1000);
    let done = 0;
    let maxPending = 0;
    subs.push(
      from(events)
        .pipe(mergeMap((i) => producer.send$(new Message('T', `e${i}`)), 64))
        .subscribe(() => {
          done += 1;
          maxPending = Math.max(maxPending, producer.pendingSends);
        }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.pendingSends).toBe(64);
    expect(port.inFlight).toBe(10);
    await settleAll(port, 1000);
    expect(done).toBe(1000);
    expect(maxPending).toBeLessThanOrEqual(64);
    expect(port.maxInFlight).toBe(10);
    await producer.shutdown();
  });

  it('unsubscribing from send$ aborts the request at the port; an AbortSignal does the same for send()', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const sub = producer.send$(new Message('T', 'x')).subscribe();
    await vi.advanceTimersByTimeAsync(0);
    expect(port.inFlight).toBe(1);
    const signal = port.sends()[0]!.opts!.signal!;
    sub.unsubscribe();
    expect(signal.aborted).toBe(true);
    expect(port.abortedSends).toHaveLength(1);
    expect(port.inFlight).toBe(0);
    expect(producer.pendingSends).toBe(0);

    const controller = new AbortController();
    const sent = producer.send(new Message('T', 'y'), { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(new Error('user gave up'));
    await expect(sent).rejects.toMatchObject({ kind: 'send-aborted', cause: { message: 'user gave up' } });
    expect(port.abortedSends).toHaveLength(2);
    await expect(producer.send(new Message('T', 'z'), { signal: controller.signal })).rejects.toMatchObject({ kind: 'send-aborted' });
    expect(port.sends()).toHaveLength(2);
    await producer.shutdown();
  });
});
