import { fdatasync } from 'node:fs';
import { StoreError } from './store-error.js';

/**
 * Runs a file-system call and turns a thrown Node error into a `StoreError('io-failed')` naming the operation,
 * the path and the errno code. StoreErrors pass through unchanged.
 */
export function io<T>(op: string, path: string, fn: () => T, context: Record<string, unknown> = {}): T {
  try {
    return fn();
  } catch (error) {
    throw asIoError(op, path, error, context);
  }
}

/** Async twin of `io`. */
export async function ioAsync<T>(op: string, path: string, fn: () => Promise<T>, context: Record<string, unknown> = {}): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asIoError(op, path, error, context);
  }
}

/** Wraps any error into an `io-failed` StoreError (StoreErrors are returned as they are). */
export function asIoError(op: string, path: string, error: unknown, context: Record<string, unknown> = {}): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new StoreError('io-failed', `${op} failed for ${path}${code ? ` (${code})` : ''}`, { ...context, op, path, code }, { cause: error });
}

/** True when `error` is a Node error with the given errno code (e.g. `ENOENT`). */
export function hasCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

/** `fdatasync` on the libuv thread pool, as a promise; failures become `io-failed`. */
export function fdatasyncAsync(path: string, fd: number): Promise<void> {
  return ioAsync('fdatasync', path, () => new Promise<void>((ok, fail) => fdatasync(fd, (e) => (e ? fail(e) : ok()))));
}
