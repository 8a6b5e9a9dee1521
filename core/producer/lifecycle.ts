import { StartStop, type LifecycleState } from '../util/start-stop.js';
import { SendError } from './errors.js';

const noop = (): void => undefined;
const shutDownError = (): SendError => new SendError('producer-shut-down', 'the producer is shut down');

/** Where a producer is in its life. */
export type ProducerState = LifecycleState;

/**
 * Start/stop of a producer (style practice 11, {@link StartStop}): `start` and `shutdown` are idempotent and
 * concurrent callers share one in-flight transition; `enter` admits a send only while starting or running and counts
 * it until `leave`, so that shutdown first waits for every admitted send to settle and only then runs the stop steps.
 */
export class Lifecycle {
  private readonly transitions = new StartStop(shutDownError);
  /** Sends admitted and not settled yet: a plain count, so a send costs no Subject notification. */
  private active = 0;
  /** Set while a shutdown waits for the count to reach 0. */
  private drained: (() => void) | undefined;

  get state(): ProducerState {
    return this.transitions.state;
  }

  /** Sends admitted and not settled yet. */
  get activeCount(): number {
    return this.active;
  }

  start(run: () => Promise<void>): Promise<void> {
    return this.transitions.start(run);
  }

  /** Stops once: waits for a start in progress and for every admitted send, then runs `stop` (even if never started). */
  shutdown(stop: () => Promise<void>): Promise<void> {
    return this.transitions.shutdown((starting) => this.drainThenStop(starting, stop));
  }

  /**
   * The Promise core's admission: throws if the producer does not accept sends, else counts one send (until
   * {@link leave}) and returns the start in progress to wait for, if any.
   */
  enter(): Promise<void> | undefined {
    const state = this.transitions.state;
    if (state === 'created') throw new SendError('producer-not-started', 'the producer is not started; call start() first');
    if (state === 'stopping' || state === 'stopped') throw shutDownError();
    this.active++;
    return state === 'starting' ? this.transitions.startPromise : undefined;
  }

  /** A send counted by {@link enter} settled. */
  leave(): void {
    this.active--;
    if (this.active === 0) this.drained?.();
  }

  private async drainThenStop(starting: Promise<void> | undefined, stop: () => Promise<void>): Promise<void> {
    // A failed start was reported to its caller; here it only means there is less to stop.
    if (starting) await starting.then(noop, noop);
    if (this.active > 0) {
      await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
    }
    await stop();
  }
}
