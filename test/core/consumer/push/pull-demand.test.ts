import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ConsumerEvent } from '../../../../core/consumer/push/events.js';
import { type DemandGate, PullDemand } from '../../../../core/consumer/push/flow-control.js';
import { QueueSession } from '../../../../core/consumer/push/queue-session.js';
import { mq } from './harness.js';
import { message } from './messages.js';

function setup(count = 4) {
  const session = new QueueSession(mq(0), () => undefined, 0, () => 0);
  const pauseChanged = new Subject<void>();
  const events: ConsumerEvent[] = [];
  let paused = false;
  const gate: DemandGate = {
    thresholds: { count, bytes: 1_000_000, span: undefined, batch: 2 },
    isPaused: () => paused,
    pauseChanged$: pauseChanged,
    report: (e) => events.push(e),
  };
  const demand = new PullDemand(session, gate);
  const setPaused = (p: boolean) => {
    paused = p;
    pauseChanged.next();
  };
  return { session, demand, events, setPaused, pauseChanged };
}

describe('PullDemand', () => {
  it('calls back synchronously when the queue may pull, watching nothing', () => {
    const { session, demand, pauseChanged } = setup();
    let calls = 0;
    demand.whenReady(() => calls++);
    expect(calls).toBe(1);
    expect(session.drained.observed).toBe(false);
    expect(pauseChanged.observed).toBe(false);
  });

  it('over the count threshold: waits for handlers to drain it, reporting flow control on and off, then stops watching', () => {
    const { session, demand, events } = setup();
    const held = [0, 1, 2, 3].map((o) => message(mq(0), o));
    session.put(held);
    let calls = 0;
    demand.whenReady(() => calls++);
    expect(calls).toBe(0);
    expect(session.flowControl).toBe('count');
    session.remove(held[0]!);
    expect(calls).toBe(0);
    session.remove(held[1]!);
    expect(calls).toBe(1);
    expect(session.drained.observed).toBe(false);
    session.remove(held[2]!);
    expect(calls).toBe(1);
    expect(events.map((e) => (e.type === 'flow-control' ? `${e.reason}:${e.paused}` : e.type))).toEqual(['count:true', 'count:false']);
  });

  it('a paused queue waits for resume; a cancelled wait never calls back', () => {
    const { demand, setPaused, pauseChanged } = setup();
    setPaused(true);
    let calls = 0;
    demand.whenReady(() => calls++);
    setPaused(true);
    expect(calls).toBe(0);
    setPaused(false);
    expect(calls).toBe(1);
    setPaused(true);
    demand.whenReady(() => calls++);
    demand.cancel();
    expect(pauseChanged.observed).toBe(false);
    setPaused(false);
    expect(calls).toBe(1);
  });

  it('a stopped queue never calls back', () => {
    const { session, demand } = setup();
    session.stop(false);
    let calls = 0;
    demand.whenReady(() => calls++);
    session.drained.next();
    expect(calls).toBe(0);
    demand.cancel();
    expect(session.drained.observed).toBe(false);
  });
});
