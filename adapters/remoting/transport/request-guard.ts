import type { Clock } from './clock.js';

/** Largest delay a Node timer honours (longer ones fire after 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/** What ends a request early: its own timeout and, optionally, the caller's abort signal. */
export interface RequestGuard {
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onTimeout: () => void;
  readonly onAbort: () => void;
}

/**
 * Arms a request's timeout timer and abort listener; returns the function that disarms both.
 * The request's owner calls it exactly once, when the request settles for any reason.
 */
export function armRequest(guard: RequestGuard): () => void {
  const { clock, signal, onAbort } = guard;
  const timer = clock.setTimeout(guard.onTimeout, clampTimer(guard.timeoutMs));
  signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clock.clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}

function clampTimer(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_TIMER_MS) : MAX_TIMER_MS;
}
