import { from, mergeMap, NEVER, of, range, Subject, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Message } from '../../../core/message/message.js';
import { InFlightLimiter } from '../../../core/producer/in-flight-limiter.js';
import { makeProducer } from './harness.js';

describe('InFlightLimiter', () => {
  it('admits by count, first come first served, and releases on completion, error and unsubscribe', () => {
    const limiter = new InFlightLimiter(2, 1000);
    const gates = [new Subject<number>(), new Subject<number>(), new Subject<number>(), new Subject<number>()];
    const started: number[] = [];
    const subs = gates.map((g, i) =>
      limiter
        .run(1, () => {
          started.push(i);
          return g;
        })
        .subscribe({ error: () => undefined }),
    );
    expect(started).toEqual([0, 1]);
    expect(limiter.waiting).toBe(2);
    gates[0]!.complete();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.error(new Error('x'));
    expect(started).toEqual([0, 1, 2, 3]);
    subs[2]!.unsubscribe();
    subs[3]!.unsubscribe();
    expect([limiter.inFlight, limiter.inFlightBytes, limiter.waiting]).toEqual([0, 0, 0]);
  });

  it('bounds bytes, lets an oversized send go alone, and never lets small sends overtake the head', () => {
    const limiter = new InFlightLimiter(100, 10);
    const started: string[] = [];
    const hold = (name: string, bytes: number) => {
      const gate = new Subject<void>();
      const sub = limiter.run(bytes, () => {
        started.push(name);
        return gate;
      }).subscribe();
      return { gate, sub };
    };
    const a = hold('a', 6);
    const big = hold('big', 50);
    const c = hold('c', 1);
    expect(started).toEqual(['a']);
    a.gate.complete();
    expect(started).toEqual(['a', 'big']);
    expect(limiter.inFlightBytes).toBe(50);
    big.gate.complete();
    expect(started).toEqual(['a', 'big', 'c']);
    c.sub.unsubscribe();
  });

  it('leaving the queue while waiting starts nothing and keeps the order of the rest', () => {
    const limiter = new InFlightLimiter(1, 100);
    const started: number[] = [];
    const gate = new Subject<void>();
    limiter.run(1, () => gate).subscribe();
    const second = limiter.run(1, () => (started.push(2), NEVER)).subscribe();
    limiter.run(1, () => (started.push(3), of(3))).subscribe();
    second.unsubscribe();
    gate.complete();
    expect(started).toEqual([3]);
    expect(limiter.inFlight).toBe(0);
  });

  it('handles work that completes synchronously', () => {
    const limiter = new InFlightLimiter(1, 100);
    const seen: number[] = [];
    range(0, 5).pipe(mergeMap((i) => limiter.run(1, () => of(i)))).subscribe((v) => seen.push(v));
    expect(seen).toEqual([0, 1, 2, 3, 4]);
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
