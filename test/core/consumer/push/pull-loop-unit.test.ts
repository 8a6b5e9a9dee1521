import { EMPTY, NEVER, Observable, of, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ConsumerEvent } from '../../../../core/consumer/push/events.js';
import { RemoteOffsetStore } from '../../../../core/consumer/push/offset-store.js';
import { type PullLoopContext, pullLoop$ } from '../../../../core/consumer/push/pull-loop.js';
import { QueueSession } from '../../../../core/consumer/push/queue-session.js';
import { newCounters } from '../../../../core/consumer/push/stats.js';
import type { PullRequest, PullResponse } from '../../../../core/ports/broker-port.js';
import { mq } from './harness.js';

/** A pull loop over a fake port whose pulls never answer (unless `answer` is given); records pulls and lock asks. */
function loopOf(scheduler: TestScheduler, beforePull: PullLoopContext['beforePull'], answer?: (req: PullRequest) => Promise<PullResponse>) {
  const pulls: { at: number; signal: AbortSignal }[] = [];
  const events: ConsumerEvent[] = [];
  const session = new QueueSession(mq(0), () => undefined, 0, () => scheduler.now());
  const ctx: PullLoopContext = {
    group: 'G',
    options: { pullBatchSize: 32, brokerSuspendMaxTimeMs: 15_000, pullTimeoutMs: 30_000, pullDelayOnErrorMs: 3_000, pullDelayOnBrokerFlowControlMs: 20, pullIntervalMs: 0, messageModel: 'CLUSTERING' },
    scheduler,
    port: () => ({
      pull: (_addr, req, opts) => {
        pulls.push({ at: scheduler.now(), signal: opts!.signal! });
        return answer ? answer(req) : new Promise<PullResponse>(() => undefined);
      },
    }),
    brokerAddr: () => ({ addr: '127.0.0.1:10911', brokerId: 0 }),
    offsets: new RemoteOffsetStore({ group: 'G', port: () => { throw new Error('no port'); }, masterAddr: () => undefined, requestTimeoutMs: 1, report: () => undefined }),
    gate: () => ({ thresholds: { count: 1000, bytes: 1 << 30, span: 2000, batch: 32 }, isPaused: () => false, pauseChanged$: new Subject<void>(), report: () => undefined }),
    toMessage: () => {
      throw new Error('no messages in this test');
    },
    dispatch: () => undefined,
    beforePull,
    onOffsetMoved: () => undefined,
    report: (e) => events.push(e),
    counters: newCounters(),
    postSubscription: false,
  };
  return { pulls, events, session, loop$: pullLoop$(ctx, session) };
}

describe('pull loop (plain callbacks inside)', () => {
  it('pulls at once, and unsubscribing aborts the pull in flight', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const { pulls, loop$ } = loopOf(scheduler, undefined);
      const sub = loop$.subscribe();
      expect(pulls).toHaveLength(1);
      expect(pulls[0]!.signal.aborted).toBe(false);
      sub.unsubscribe();
      expect(pulls[0]!.signal.aborted).toBe(true);
    });
  });

  it('a lock gate saying no, or giving no answer, looks again after the error delay; yes pulls', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const asked: number[] = [];
    let pullsAt: number[] = [];
    scheduler.run(() => {
      const answers: Observable<boolean>[] = [of(false), EMPTY, of(true)];
      const { pulls, loop$ } = loopOf(scheduler, () => {
        asked.push(scheduler.now());
        return answers.shift() ?? NEVER;
      });
      const sub = loop$.subscribe();
      scheduler.schedule(() => {
        pullsAt = pulls.map((p) => p.at);
        sub.unsubscribe();
      }, 10_000);
    });
    expect(asked).toEqual([0, 3_000, 6_000]);
    expect(pullsAt).toEqual([6_000]);
  });

  it('lets go of a lock gate after its first answer, even one that would keep emitting', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const gate = new Subject<boolean>();
      const { pulls, loop$ } = loopOf(scheduler, () => gate);
      const sub = loop$.subscribe();
      expect(gate.observed).toBe(true);
      gate.next(true);
      expect(pulls).toHaveLength(1);
      expect(gate.observed).toBe(false);
      sub.unsubscribe();
    });
  });

  it('a failed pull is reported and retried after the error delay', async () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    let calls = 0;
    const { pulls, events, loop$ } = loopOf(scheduler, undefined, () => (calls++ === 0 ? Promise.reject(new Error('down')) : new Promise(() => undefined)));
    const sub = loop$.subscribe();
    await Promise.resolve();
    await Promise.resolve();
    expect(events.map((e) => (e.type === 'pull-error' ? `${e.type}:${e.retryInMs}` : e.type))).toEqual(['pull-error:3000']);
    expect(pulls).toHaveLength(1);
    scheduler.maxFrames = Number.POSITIVE_INFINITY;
    scheduler.flush();
    expect(scheduler.now()).toBe(3_000);
    expect(pulls).toHaveLength(2);
    sub.unsubscribe();
  });
});
