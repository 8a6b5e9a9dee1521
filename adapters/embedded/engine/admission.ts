/**
 * The order in which writes reach the store (Java: a 4.9 broker handles sends on one thread, so records are stored in
 * the order requests arrive). Each write's admission step — creating its topic or group if needed, then handing its
 * records to `MessageStore.append` — runs only after the steps admitted before it have finished, so the order of
 * `append` calls is the order of `admit` calls. A step ends as soon as `append` has been *called*: it must not await
 * the append's result (return it wrapped instead), so appends already in order stay in flight together (group
 * commit), and it must not call `admit` and await that (it would wait for itself).
 */
export class Admission {
  private tail: Promise<void> | undefined;

  /**
   * Runs `step` once every earlier step has settled — at once (synchronously) when none is pending — and resolves or
   * rejects as it does. A failing step does not stop the ones after it.
   */
  admit<T>(step: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    const run = previous === undefined ? new Promise<T>((resolve) => resolve(step())) : previous.then(step);
    const settled: Promise<void> = run.then(
      () => this.release(settled),
      () => this.release(settled),
    );
    this.tail = settled;
    return run;
  }

  /** Whether a step is running or waiting. */
  get busy(): boolean {
    return this.tail !== undefined;
  }

  private release(settled: Promise<void>): void {
    if (this.tail === settled) this.tail = undefined;
  }
}
