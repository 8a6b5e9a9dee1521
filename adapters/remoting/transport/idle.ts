import type { Clock, TimerHandle } from './clock.js';

/**
 * Fires `onIdle` once when nothing was touched for `timeoutMs`. Touching is cheap (a timestamp);
 * one timer re-arms itself for the remaining time. `stop` clears it; nothing keeps running afterwards.
 */
export class IdleWatch {
  private lastActivity: number;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly onIdle: (idleMs: number) => void,
  ) {
    this.lastActivity = clock.now();
    this.arm(timeoutMs);
  }

  touch(): void {
    this.lastActivity = this.clock.now();
  }

  /** {@link touch} at `now`, a time the caller has just read from the same clock. */
  touchAt(now: number): void {
    this.lastActivity = now;
  }

  stop(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = this.clock.setTimeout(() => this.check(), ms);
  }

  private check(): void {
    this.timer = undefined;
    const idleMs = this.clock.now() - this.lastActivity;
    if (idleMs >= this.timeoutMs) this.onIdle(idleMs);
    else this.arm(this.timeoutMs - idleMs);
  }
}
