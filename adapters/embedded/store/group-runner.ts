/**
 * Group commit for one repeated task (an fsync, a file rewrite): `run()` starts the task when idle; calls that
 * arrive while it runs share a single next run, which starts when the current one ends. Every caller's promise
 * resolves after a run that *started after* the call, so whatever the caller wrote before calling is covered.
 */
export class GroupRunner {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly task: () => Promise<void>) {}

  /** True while a run is in progress or queued. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  run(): Promise<void> {
    if (!this.running) return this.start();
    if (!this.queued) {
      const after = this.running.then(
        () => undefined,
        () => undefined,
      );
      this.queued = after.then(() => {
        this.queued = undefined;
        return this.start();
      });
    }
    return this.queued;
  }

  /** Resolves once nothing is running or queued (never rejects). */
  async idle(): Promise<void> {
    while (this.running) {
      await (this.queued ?? this.running).then(
        () => undefined,
        () => undefined,
      );
    }
  }

  private start(): Promise<void> {
    const p = this.task().finally(() => {
      if (this.running === p) this.running = undefined;
    });
    this.running = p;
    return p;
  }
}
