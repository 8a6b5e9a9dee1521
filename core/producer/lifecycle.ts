import { BehaviorSubject, defer, filter, finalize, firstValueFrom, from, mergeMap, type Observable, throwError } from 'rxjs';
import { SendError } from './errors.js';

const noop = (): void => undefined;

/** Where a producer is in its life. */
export type ProducerState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * Start/stop of a producer (style practice 11): `start` and `shutdown` are idempotent and concurrent callers share
 * one in-flight transition; `guard` admits work only while starting or running and counts it, so that shutdown
 * first waits for every admitted send to settle and only then runs the stop steps.
 */
export class Lifecycle {
  private current: ProducerState = 'created';
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly active = new BehaviorSubject(0);

  get state(): ProducerState {
    return this.current;
  }

  /** Sends admitted and not settled yet. */
  get activeCount(): number {
    return this.active.value;
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

  /** Stops once: waits for a start in progress and for every admitted send, then runs `stop` (even if never started). */
  shutdown(stop: () => Promise<void>): Promise<void> {
    if (this.stopping) return this.stopping;
    const starting = this.starting;
    this.current = 'stopping';
    this.stopping = this.drainThenStop(starting, stop);
    return this.stopping;
  }

  /** Runs `work` if the producer accepts sends (waiting for a start in progress); counts it until it settles. */
  guard<T>(work: () => Observable<T>): Observable<T> {
    return defer(() => {
      if (this.current === 'created') {
        return throwError(() => new SendError('producer-not-started', 'the producer is not started; call start() first'));
      }
      if (this.current === 'stopping' || this.current === 'stopped') return throwError(() => this.shutDownError());
      this.active.next(this.active.value + 1);
      const run$ = this.current === 'starting' ? from(this.starting!).pipe(mergeMap(work)) : work();
      return run$.pipe(finalize(() => this.active.next(this.active.value - 1)));
    });
  }

  private async drainThenStop(starting: Promise<void> | undefined, stop: () => Promise<void>): Promise<void> {
    // A failed start was reported to its caller; here it only means there is less to stop.
    if (starting) await starting.then(noop, noop);
    await firstValueFrom(this.active.pipe(filter((n) => n === 0)));
    try {
      await stop();
    } finally {
      this.current = 'stopped';
    }
  }

  private shutDownError(): SendError {
    return new SendError('producer-shut-down', 'the producer is shut down');
  }
}
