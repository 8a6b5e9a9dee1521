import { asyncScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { Deadline, Deadlines, type DeadlineTimers, schedulerTimers } from '../../../core/util/deadlines.js';

/** Timers on a hand-driven clock that count what is pending. */
class ManualTimers implements DeadlineTimers {
  time = 0;
  set = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  private next = 1;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    // Node fires a longer timer after 1 ms: a delay it cannot honour must never be asked for.
    if (!(ms >= 0 && ms <= 2_147_483_647)) throw new RangeError(`timer of ${ms} ms`);
    this.set++;
    const id = this.next++;
    this.pending.set(id, { at: this.time + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Moves the clock to `to`, firing what falls due on the way, in order. */
  advanceTo(to: number): void {
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.pending) if (entry[1].at <= to && (first === undefined || entry[1].at < first[1].at)) first = entry;
      if (first === undefined) break;
      this.pending.delete(first[0]);
      this.time = first[1].at;
      first[1].fn();
    }
    this.time = to;
  }
}

class Entry extends Deadline {
  expiredAt: number | undefined;

  constructor(
    readonly name: string,
    private readonly timers: DeadlineTimers,
    private readonly log: string[],
    private readonly onExpire?: () => void,
  ) {
    super();
  }

  expired(): void {
    this.expiredAt = this.timers.now();
    this.log.push(`${this.name}@${this.expiredAt}`);
    this.onExpire?.();
  }
}

function setup() {
  const timers = new ManualTimers();
  const deadlines = new Deadlines(timers);
  const log: string[] = [];
  const entry = (name: string, onExpire?: () => void) => new Entry(name, timers, log, onExpire);
  return { timers, deadlines, log, entry };
}

describe('Deadlines', () => {
  it('expires each entry at its delay after it was added, in order, with one timer for many entries of a delay', () => {
    const { timers, deadlines, log, entry } = setup();
    for (let i = 0; i < 5; i++) {
      timers.advanceTo(i * 10);
      deadlines.add(entry(`e${i}`), 100);
    }
    expect(timers.set).toBe(1);
    timers.advanceTo(1_000);
    expect(log).toEqual(['e0@100', 'e1@110', 'e2@120', 'e3@130', 'e4@140']);
    expect(timers.pendingCount).toBe(0);
    expect(deadlines.size).toBe(0);
  });

  it('never expires a removed entry; a later one still expires at its own time', () => {
    const { timers, deadlines, log, entry } = setup();
    const first = entry('first');
    deadlines.add(first, 100);
    timers.advanceTo(30);
    deadlines.add(entry('second'), 100);
    deadlines.remove(first);
    timers.advanceTo(1_000);
    expect(log).toEqual(['second@130']);
  });

  it('clears its timer when the last entry is removed, and sets one again for the next', () => {
    const { timers, deadlines, entry } = setup();
    const a = entry('a');
    deadlines.add(a, 3_000);
    expect(timers.pendingCount).toBe(1);
    deadlines.remove(a);
    expect(timers.pendingCount).toBe(0);
    deadlines.remove(a); // not waiting: nothing happens
    deadlines.add(a, 3_000);
    expect(timers.pendingCount).toBe(1);
  });

  it('keeps each delay apart', () => {
    const { timers, deadlines, log, entry } = setup();
    deadlines.add(entry('slow'), 300);
    deadlines.add(entry('fast'), 100);
    deadlines.add(entry('mid'), 200);
    timers.advanceTo(1_000);
    expect(log).toEqual(['fast@100', 'mid@200', 'slow@300']);
  });

  it('moves an entry added again, and expires an entry added while others expire at its own time', () => {
    const { timers, deadlines, log, entry } = setup();
    const again = entry('again');
    deadlines.add(again, 100);
    timers.advanceTo(50);
    deadlines.add(again, 100);
    const retry = entry('retry');
    deadlines.add(entry('first', () => deadlines.add(retry, 100)), 100);
    timers.advanceTo(1_000);
    expect(log).toEqual(['again@150', 'first@150', 'retry@250']);
  });

  it('never expires an entry of an infinite delay, and sets no timer for it', () => {
    const { timers, deadlines, log, entry } = setup();
    deadlines.add(entry('never'), Infinity);
    deadlines.add(entry('nan'), Number.NaN);
    expect(timers.pendingCount).toBe(0);
    timers.advanceTo(1e15);
    expect(log).toEqual([]);
  });

  it('waits out a delay longer than a Node timer allows with more than one timer', () => {
    const { timers, deadlines, log, entry } = setup();
    deadlines.add(entry('long'), 3_000_000_000);
    timers.advanceTo(2_147_483_647);
    expect(log).toEqual([]);
    timers.advanceTo(4e9);
    expect(log).toEqual(['long@3000000000']);
  });

  it('forgets everything and leaves no timer when disposed', () => {
    const { timers, deadlines, log, entry } = setup();
    deadlines.add(entry('a'), 100);
    deadlines.add(entry('b'), 200);
    deadlines.dispose();
    expect(timers.pendingCount).toBe(0);
    expect(deadlines.size).toBe(0);
    timers.advanceTo(1_000);
    expect(log).toEqual([]);
  });

  it('leaves no timer behind with ever-new delays', () => {
    const { timers, deadlines, entry } = setup();
    for (let ms = 1; ms <= 100; ms++) {
      const e = entry(`e${ms}`);
      deadlines.add(e, ms);
      deadlines.remove(e);
    }
    expect(timers.pendingCount).toBe(0);
    for (let ms = 1; ms <= 100; ms++) deadlines.add(entry(`x${ms}`), ms);
    timers.advanceTo(1_000);
    expect(timers.pendingCount).toBe(0);
    expect(deadlines.size).toBe(0);
  });

  it('runs on an RxJS scheduler in virtual time', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      // Inside run(), asyncScheduler keeps virtual time.
      const timers = schedulerTimers(asyncScheduler);
      const deadlines = new Deadlines(timers);
      const log: string[] = [];
      const removed = new Entry('removed', timers, log);
      deadlines.add(new Entry('e', timers, log), 50);
      deadlines.add(removed, 50);
      deadlines.remove(removed);
      flush();
      expect(log).toEqual(['e@50']);
    });
  });
});
