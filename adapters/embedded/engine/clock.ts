import { systemClock, type Clock } from '../../remoting/transport/clock.js';

/**
 * Time as the engine sees it: a clock and one-shot timers — the transport's {@link Clock}. Injected so tests drive
 * the engine with fake time (`vi.useFakeTimers()` or a hand-written scheduler).
 */
export type EngineScheduler = Clock;

/** The real clock and Node's timers (looked up at call time, so fake timers installed later still apply). */
export const systemScheduler: EngineScheduler = systemClock;

/** Node fires a timer longer than this after 1 ms instead; longer waits are split. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The timers one component owns. `clearAll()` releases every pending one, so an owner that calls it on close
 * leaves no handle behind.
 */
export class TimerSet {
  private readonly pending = new Set<{ handle: unknown }>();

  constructor(private readonly scheduler: EngineScheduler) {}

  /** Runs `fn` once after `ms` (waits beyond Node's timer limit are chained); the returned function cancels it. */
  after(ms: number, fn: () => void): () => void {
    const slot: { handle: unknown } = { handle: undefined };
    const dueAt = this.scheduler.now() + Math.max(0, ms);
    const arm = (wait: number): void => {
      slot.handle = this.scheduler.setTimeout(() => {
        const left = dueAt - this.scheduler.now();
        if (left > 0 && wait === MAX_TIMER_MS) return arm(Math.min(left, MAX_TIMER_MS));
        this.pending.delete(slot);
        fn();
      }, wait);
    };
    arm(Math.min(Math.max(0, ms), MAX_TIMER_MS));
    this.pending.add(slot);
    return () => {
      if (this.pending.delete(slot)) this.scheduler.clearTimeout(slot.handle);
    };
  }

  /** How many timers are pending. */
  get size(): number {
    return this.pending.size;
  }

  clearAll(): void {
    for (const slot of this.pending) this.scheduler.clearTimeout(slot.handle);
    this.pending.clear();
  }
}

/**
 * A task that runs every `intervalMs` (first run after `firstDelayMs`) until stopped. A run that returns a promise
 * delays the next run until it settles, so runs never overlap. Errors go to `onError`.
 */
export class RepeatingTask {
  private cancel: (() => void) | undefined;
  private stopped = true;
  private running: Promise<void> | undefined;

  constructor(
    private readonly timers: TimerSet,
    private readonly intervalMs: number,
    private readonly run: () => void | Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(firstDelayMs = this.intervalMs): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(firstDelayMs);
  }

  /** Stops scheduling and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    await this.running;
  }

  private schedule(ms: number): void {
    this.cancel = this.timers.after(ms, () => {
      this.cancel = undefined;
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.intervalMs);
      });
    });
  }

  private async runOnce(): Promise<void> {
    try {
      await this.run();
    } catch (err) {
      this.onError(err);
    }
  }
}
