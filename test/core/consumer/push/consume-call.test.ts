import { asyncScheduler, NEVER, Observable, of, type SchedulerLike, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  callBatchHandler,
  callMessageHandler,
  callOf,
  clampCount,
  type ConsumeAnswer,
  type ConsumeUnit,
  observableOf,
  unitLength,
  unitMessages,
} from '../../../../core/consumer/push/consume-call.js';
import type { ReceivedMessage } from '../../../../core/message/received-message.js';
import { mq } from './harness.js';
import { ConcurrentDispatcher, dispatchContext, message, sessionWith } from './messages.js';

/** An answer that records what it was told, in order. */
function recorder(): ConsumeAnswer & { readonly log: string[] } {
  const log: string[] = [];
  return {
    log,
    done: (n) => log.push(`done ${n}`),
    fail: (error) => log.push(`fail ${(error as Error).message}`),
  };
}

const m0 = message(mq(0), 0);
const m1 = message(mq(0), 1);
const m2 = message(mq(0), 2);

describe('consume units', () => {
  it('a unit of one is the message itself; a larger unit is its array', () => {
    expect(unitLength(m0)).toBe(1);
    expect(unitMessages(m0)).toEqual([m0]);
    expect(unitLength([m0, m1])).toBe(2);
    const many: ConsumeUnit = [m0, m1];
    expect(unitMessages(many)).toBe(many);
  });
});

describe('callMessageHandler', () => {
  it('answers synchronously, with nothing left to release, when the handler returns at once', () => {
    const seen: ReceivedMessage[] = [];
    const answer = recorder();
    const running = callMessageHandler((m) => void seen.push(m))(m0, answer);
    expect(answer.log).toEqual(['done 1']);
    expect(running).toBeUndefined();
    expect(seen).toEqual([m0]);
  });

  it('gives the handler the first message of an array unit', () => {
    const seen: ReceivedMessage[] = [];
    callMessageHandler((m) => void seen.push(m))([m1], recorder());
    expect(seen).toEqual([m1]);
  });

  it('a throw fails synchronously', () => {
    const answer = recorder();
    const running = callMessageHandler(() => {
      throw new Error('boom');
    })(m0, answer);
    expect(answer.log).toEqual(['fail boom']);
    expect(running).toBeUndefined();
  });

  it('a Promise answers when it resolves, a rejection fails, and a released call answers nothing', async () => {
    const resolved = recorder();
    const rejected = recorder();
    const released = recorder();
    const a = callMessageHandler(() => Promise.resolve('ignored'))(m0, resolved);
    const b = callMessageHandler(() => Promise.reject(new Error('no')))(m0, rejected);
    const c = callMessageHandler(() => Promise.resolve())(m0, released);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(resolved.log).toEqual([]);
    c!.unsubscribe();
    await Promise.resolve();
    await Promise.resolve();
    expect(resolved.log).toEqual(['done 1']);
    expect(rejected.log).toEqual(['fail no']);
    expect(released.log).toEqual([]);
  });

  it('an Observable answers with its completion (empty or not), an error fails; releasing unsubscribes it', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectSubscriptions, flush }) => {
      const empty = recorder();
      const values = recorder();
      const errored = recorder();
      const released = recorder();
      const pending = cold('-----a');
      callMessageHandler(() => cold('--|'))(m0, empty);
      callMessageHandler(() => cold('-a-b|'))(m0, values);
      callMessageHandler(() => cold('-#', undefined, new Error('bad')))(m0, errored);
      const running = callMessageHandler(() => pending)(m0, released);
      scheduler.schedule(() => running!.unsubscribe(), 3);
      flush();
      expect(empty.log).toEqual(['done 1']);
      expect(values.log).toEqual(['done 1']);
      expect(errored.log).toEqual(['fail bad']);
      expect(released.log).toEqual([]);
      expectSubscriptions(pending.subscriptions).toBe('^--!');
    });
  });
});

describe('callBatchHandler', () => {
  it('clamps the leading-success count to the batch; no number means the whole batch', () => {
    expect(clampCount(undefined, 3)).toBe(3);
    expect(clampCount(2, 3)).toBe(2);
    expect(clampCount(7, 3)).toBe(3);
    expect(clampCount(-1, 3)).toBe(0);
    expect(clampCount(1.9, 3)).toBe(1);
    expect(clampCount(Number.NaN, 3)).toBe(3);
    expect(clampCount(Number.POSITIVE_INFINITY, 3)).toBe(3);
    expect(clampCount('2', 3)).toBe(3);
  });

  it('answers the clamped count synchronously, or when its Promise resolves; a throw fails', async () => {
    const sync = recorder();
    const over = recorder();
    const later = recorder();
    const thrown = recorder();
    const batches: (readonly ReceivedMessage[])[] = [];
    callBatchHandler((ms) => (batches.push(ms), 1))([m0, m1, m2], sync);
    callBatchHandler(() => 99)([m0, m1], over);
    callBatchHandler(() => Promise.resolve(2))([m0, m1, m2], later);
    callBatchHandler(() => {
      throw new Error('all failed');
    })([m0], thrown);
    expect(batches).toEqual([[m0, m1, m2]]);
    expect(sync.log).toEqual(['done 1']);
    expect(over.log).toEqual(['done 2']);
    expect(thrown.log).toEqual(['fail all failed']);
    await Promise.resolve();
    await Promise.resolve();
    expect(later.log).toEqual(['done 2']);
  });

  it('gets a one-message unit as an array', () => {
    const batches: (readonly ReceivedMessage[])[] = [];
    callBatchHandler((ms) => void batches.push(ms))(m0, recorder());
    expect(batches).toEqual([[m0]]);
  });
});

describe('callOf and observableOf', () => {
  it('callOf answers with the first value, fails on an error or on completing without a value', () => {
    const first = recorder();
    const errored = recorder();
    const empty = recorder();
    expect(callOf(() => of(2, 5))([m0, m1], first)).toBeUndefined();
    callOf(() => throwError(() => new Error('x')))(m0, errored);
    callOf(() => new Observable<number>((s) => s.complete()))(m0, empty);
    expect(first.log).toEqual(['done 2']);
    expect(errored.log).toEqual(['fail x']);
    expect(empty.log).toEqual(['fail the consume function completed without an answer']);
  });

  it('observableOf emits the answer and completes, errors on a failure, and releases the call on unsubscribe', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ expectObservable }) => {
      const slow = callMessageHandler(() => timer(5, scheduler));
      expectObservable(observableOf(callMessageHandler(() => undefined))([m0])).toBe('(a|)', { a: 1 });
      expectObservable(observableOf(callBatchHandler(() => 1))([m0, m1])).toBe('(a|)', { a: 1 });
      expectObservable(
        observableOf(
          callMessageHandler(() => {
            throw new Error('r');
          }),
        )([m0]),
      ).toBe('#', undefined, new Error('r'));
      expectObservable(observableOf(slow)([m0])).toBe('-----(a|)', { a: 1 });
      expectObservable(observableOf(slow)([m0]), '--!').toBe('--');
    });
  });
});

describe('concurrent dispatch: the consume timeout', () => {
  it('arms a timer only for a unit that went async, and fails it (releasing the handler) at consumeTimeoutMs', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    let released = 0;
    let failedAt: { at: number; kind: string; msgIds: readonly string[] }[] = [];
    let committed: number[] = [];
    scheduler.run(() => {
      const call = callMessageHandler((m) => (m.queueOffset === 1 ? new Observable(() => () => released++) : undefined));
      const { ctx, events, offsets } = dispatchContext({ call }, scheduler, { consumeTimeoutMs: 100 });
      const dispatcher = new ConcurrentDispatcher({
        ...ctx,
        report: (e) => {
          if (e.type === 'handler-failed') failedAt.push({ at: scheduler.now(), kind: (e.error as { kind: string }).kind, msgIds: e.msgIds });
          events.push(e);
        },
      });
      const { session, messages } = sessionWith(mq(0), [0, 1, 2], scheduler);
      dispatcher.submit(session, messages);
      expect(scheduler.actions.length).toBe(1);
      scheduler.schedule(() => {
        failedAt = [...failedAt];
        committed = offsets.updates.map((u) => u.offset);
        dispatcher.close();
      }, 200);
    });
    expect(failedAt).toEqual([{ at: 100, kind: 'consume-timeout', msgIds: ['T1-0-1'] }]);
    expect(released).toBe(1);
    expect(committed).toEqual([1, 1, 3]);
  });

  it('a handler that answers before the timeout clears its timer', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const failures: unknown[] = [];
    scheduler.run(() => {
      const call = callMessageHandler(() => timer(50, scheduler));
      const { ctx } = dispatchContext({ call }, scheduler, { consumeTimeoutMs: 100, report: (e) => e.type === 'handler-failed' && failures.push(e) });
      const dispatcher = new ConcurrentDispatcher(ctx);
      const { session, messages } = sessionWith(mq(0), [0], scheduler);
      dispatcher.submit(session, messages);
      scheduler.schedule(() => {
        expect(scheduler.actions.length).toBe(0);
        dispatcher.close();
      }, 60);
    });
    expect(failures).toEqual([]);
  });

  it('an unanswered unit never finishing stays in flight until close releases it', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    let inFlight: number[] = [];
    scheduler.run(() => {
      const { ctx } = dispatchContext({ call: callMessageHandler(() => NEVER) }, scheduler);
      const dispatcher = new ConcurrentDispatcher(ctx);
      const { session, messages } = sessionWith(mq(0), [0, 1], scheduler);
      dispatcher.submit(session, messages);
      scheduler.schedule(() => {
        inFlight.push(session.inFlight.value);
        dispatcher.close();
        inFlight.push(session.inFlight.value);
      }, 10);
    });
    inFlight = [...inFlight];
    expect(inFlight).toEqual([2, 0]);
  });
});

describe('concurrent dispatch: consume time', () => {
  it('counts each unit from its start to its answer, for handlers answering synchronously and later', async () => {
    let clock = 1000;
    const scheduler = { now: () => clock, schedule: asyncScheduler.schedule.bind(asyncScheduler) } as SchedulerLike;
    const pending: (() => void)[] = [];
    const call = callMessageHandler((m) => {
      clock += 5; // five milliseconds of synchronous work
      if (m.queueOffset !== 2) return undefined;
      return new Promise<void>((resolve) => pending.push(resolve));
    });
    const { ctx, counters } = dispatchContext({ call }, scheduler);
    const dispatcher = new ConcurrentDispatcher(ctx);
    const { session, messages } = sessionWith(mq(0), [0, 1, 2, 3], scheduler);
    dispatcher.submit(session, messages);
    expect(counters.consumeTimeMs).toBe(15); // 0, 1 and 3: 5 ms each; 2 is still running
    clock += 40;
    pending[0]!();
    await Promise.resolve();
    await Promise.resolve();
    expect(counters.consumeTimeMs).toBe(15 + 50); // 2 ran from 1010 (its start) to 1060, while 3 ran too
    expect(counters.consumedOk).toBe(4);
    dispatcher.close();
  });
});

describe('concurrent dispatch: a call that answers later without a handle to release', () => {
  it('is still bounded by the consume timeout', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const kinds: string[] = [];
    scheduler.run(() => {
      const { ctx } = dispatchContext({ call: () => undefined }, scheduler, {
        consumeTimeoutMs: 30,
        report: (e) => e.type === 'handler-failed' && kinds.push(`${scheduler.now()}:${(e.error as { kind: string }).kind}`),
      });
      const dispatcher = new ConcurrentDispatcher(ctx);
      const { session, messages } = sessionWith(mq(0), [0], scheduler);
      dispatcher.submit(session, messages);
      scheduler.schedule(() => dispatcher.close(), 50);
    });
    expect(kinds).toEqual(['30:consume-timeout']);
  });
});

describe('concurrent dispatch: a unit that cannot even start', () => {
  // A consume call that throws (instead of answering) or a user view that cannot be made fails its unit like a
  // failing handler; the slot and the in-flight count are given back and the next units run (concurrency 1 here).
  it.each([
    ['a consume call that throws', 'call'],
    ['a user view that cannot be made', 'deliver'],
  ])('%s fails that unit only', (_what, where) => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(() => {
      const broken = new Error('cannot start');
      const handled: number[] = [];
      const call = callMessageHandler((m) => void handled.push(m.queueOffset));
      const { ctx, events, counters, offsets } = dispatchContext(
        {
          call: (unit: ConsumeUnit, answer: ConsumeAnswer) => {
            if (where === 'call' && unitMessages(unit)[0]!.queueOffset === 1) throw broken;
            return call(unit, answer);
          },
        },
        scheduler,
        {
          concurrency: 1,
          ...(where === 'deliver'
            ? {
                deliver: (session, m) => {
                  if (m.queueOffset === 1) throw broken;
                  return session.deliverable(m);
                },
              }
            : {}),
        },
      );
      const dispatcher = new ConcurrentDispatcher(ctx);
      const { session, messages } = sessionWith(mq(0), [0, 1, 2], scheduler);
      dispatcher.submit(session, messages);
      expect(handled).toEqual([0, 2]);
      expect(events.filter((e) => e.type === 'handler-failed').map((e) => (e as { error: unknown }).error)).toEqual([broken]);
      expect([counters.consumedOk, counters.consumedFailed]).toEqual([2, 1]);
      expect(session.inFlight.value).toBe(0);
      // Broadcasting drops a failed message (as Java does), so the queue's offset moves past all three.
      expect(offsets.readMemory(mq(0))).toBe(3);
      dispatcher.close();
    });
  });
});

describe('concurrent dispatch: settling that fails', () => {
  it('reports dispatch-failed and hands the unit round again after sendBackFailedRetryDelayMs, so its offset still moves', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const handledAt: number[] = [];
    let failedOnce = false;
    scheduler.run(() => {
      const call = callMessageHandler(() => void handledAt.push(scheduler.now()));
      const { ctx, events, offsets } = dispatchContext({ call }, scheduler);
      const update = offsets.update.bind(offsets);
      offsets.update = (queue, offset, increaseOnly) => {
        if (!failedOnce) {
          failedOnce = true;
          throw new Error('offset table unavailable');
        }
        update(queue, offset, increaseOnly);
      };
      const dispatcher = new ConcurrentDispatcher(ctx);
      const { session, messages } = sessionWith(mq(0), [0], scheduler);
      dispatcher.submit(session, messages);
      expect(events.map((e) => e.type)).toEqual(['dispatch-failed']);
      scheduler.schedule(() => {
        expect(offsets.readMemory(mq(0))).toBe(1);
        expect(session.inFlight.value).toBe(0);
        dispatcher.close();
      }, 6_000);
    });
    expect(handledAt).toEqual([0, 5_000]);
  });
});
