import { filter, firstValueFrom, type Observable, timeout } from 'rxjs';

/**
 * Resolves with the first value of `source` that satisfies `done`, or rejects after `timeoutMs` saying what it was
 * waiting for (so a sample that does not get its messages fails instead of hanging).
 */
export function waitFor<T>(source: Observable<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  return firstValueFrom(
    source.pipe(
      filter(done),
      timeout({ first: timeoutMs, with: () => Promise.reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)) }),
    ),
  );
}
