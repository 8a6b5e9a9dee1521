/** Delay in milliseconds before the next connect attempt, given how many attempts in a row failed (≥ 1). */
export type BackoffPolicy = (consecutiveFailures: number) => number;

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Delay after the first failure. Default 100 ms. */
  initialMs?: number;
  /** Upper bound of the delay. Default 5000 ms. */
  maxMs?: number;
  /** Growth per further failure. Default 2. */
  factor?: number;
  /** Fraction of the delay that is randomised away (0 = none, 1 = "full jitter"). Default 0.3. */
  jitter?: number;
  /** Source of randomness in [0, 1); injectable for tests. Default `Math.random`. */
  random?: () => number;
}

/**
 * Exponential backoff with jitter: `min(maxMs, initialMs · factor^(n−1))`, then reduced by up to
 * `jitter` of itself at random, so clients that lost the same broker do not retry in lockstep.
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): BackoffPolicy {
  const { initialMs = 100, maxMs = 5_000, factor = 2, jitter = 0.3, random = Math.random } = options;
  return (failures) => {
    const base = Math.min(maxMs, initialMs * factor ** Math.max(0, failures - 1));
    return Math.round(base * (1 - jitter * random()));
  };
}
