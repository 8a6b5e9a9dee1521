/** Where a client (producer, pull consumer) is in its life. */
export type LifecycleState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * The start/stop transitions a producer and a pull consumer share: `start` and `shutdown` are idempotent and
 * concurrent callers share one in-flight transition; a failed start returns to `created` (it may be tried again);
 * a start after shutdown is refused with the error `shutDownError` makes. What a shutdown does (wait for the start,
 * drain work, run the stop steps) is the caller's `stop`.
 */
export class StartStop {
  private current: LifecycleState = 'created';
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly shutDownError: () => Error) {}

  get state(): LifecycleState {
    return this.current;
  }

  /** The start in progress or done (undefined before any start and after a failed one). */
  get startPromise(): Promise<void> | undefined {
    return this.starting;
  }

  start(run: () => Promise<void>): Promise<void> {
    if (this.current === 'running') return Promise.resolve();
    if (this.current === 'starting') return this.starting!;
    if (this.current !== 'created') return Promise.reject(this.shutDownError());
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

  /**
   * Stops once: the state becomes `stopping`, `stop` runs with the start in progress (if any), and the state is
   * `stopped` once it settles (even if it fails). Later and concurrent calls share that one shutdown.
   */
  shutdown(stop: (starting: Promise<void> | undefined) => Promise<void>): Promise<void> {
    if (this.stopping) return this.stopping;
    const starting = this.starting;
    this.current = 'stopping';
    this.stopping = (async () => {
      try {
        await stop(starting);
      } finally {
        this.current = 'stopped';
      }
    })();
    return this.stopping;
  }

  /** Never started (or already stopped that way) and no shutdown under way: becomes `stopped` at once, and says so. */
  stopIfIdle(): boolean {
    if (this.stopping !== undefined || (this.current !== 'created' && this.current !== 'stopped')) return false;
    this.current = 'stopped';
    return true;
  }
}
