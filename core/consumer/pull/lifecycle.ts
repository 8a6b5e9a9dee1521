import { StartStop, type LifecycleState } from '../../util/start-stop.js';
import { PullConsumerError } from './errors.js';

/** Where a pull consumer is in its life. */
export type PullConsumerState = LifecycleState;

/**
 * Start/stop of a pull consumer ({@link StartStop}): `start` and `shutdown` are idempotent and concurrent callers
 * share one in-flight transition; a failed start returns to `created` (it may be tried again); a shutdown during start
 * waits for it.
 */
export class PullLifecycle {
  private readonly transitions = new StartStop(() => new PullConsumerError('consumer-shut-down', 'the pull consumer is shut down'));

  get state(): PullConsumerState {
    return this.transitions.state;
  }

  get running(): boolean {
    return this.transitions.state === 'running';
  }

  start(run: () => Promise<void>): Promise<void> {
    return this.transitions.start(run);
  }

  /** Stops once; a consumer never started stops at once; the stop steps run only if the start (if any) succeeded. */
  shutdown(stop: () => Promise<void>): Promise<void> {
    if (this.transitions.stopIfIdle()) return Promise.resolve();
    return this.transitions.shutdown(async (starting) => {
      const started = starting ? await starting.then(() => true, () => false) : true;
      if (started) await stop();
    });
  }

  /** Throws `consumer-not-running` unless running. */
  assertRunning(what: string): void {
    const state = this.transitions.state;
    if (state !== 'running') {
      throw new PullConsumerError('consumer-not-running', `${what} needs a running pull consumer (state: ${state}); call start() first`, {
        state,
      });
    }
  }
}
