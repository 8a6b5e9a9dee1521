import { PullConsumerError } from './errors.js';

/** Where a pull consumer is in its life. */
export type PullConsumerState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * Start/stop of a pull consumer: `start` and `shutdown` are idempotent and concurrent callers share one in-flight
 * transition; a failed start returns to `created` (it may be tried again); a shutdown during start waits for it.
 */
export class PullLifecycle {
  private current: PullConsumerState = 'created';
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  get state(): PullConsumerState {
    return this.current;
  }

  get running(): boolean {
    return this.current === 'running';
  }

  start(run: () => Promise<void>): Promise<void> {
    if (this.current === 'running') return Promise.resolve();
    if (this.current === 'starting') return this.starting!;
    if (this.current !== 'created') return Promise.reject(new PullConsumerError('consumer-shut-down', 'the pull consumer is shut down'));
    this.current = 'starting';
    this.starting = run().then(
      () => {
        if (this.current === 'starting') this.current = 'running';
      },
      (error: unknown) => {
        if (this.current === 'starting') this.current = 'created';
        this.starting = undefined;
        throw error;
      },
    );
    return this.starting;
  }

  shutdown(stop: () => Promise<void>): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.current === 'created' || this.current === 'stopped') {
      this.current = 'stopped';
      return Promise.resolve();
    }
    const starting = this.starting;
    this.current = 'stopping';
    this.stopping = (async () => {
      const started = starting ? await starting.then(() => true, () => false) : true;
      try {
        if (started) await stop();
      } finally {
        this.current = 'stopped';
      }
    })();
    return this.stopping;
  }

  /** Throws `consumer-not-running` unless running. */
  assertRunning(what: string): void {
    if (this.current !== 'running') {
      throw new PullConsumerError('consumer-not-running', `${what} needs a running pull consumer (state: ${this.current}); call start() first`, {
        state: this.current,
      });
    }
  }
}
