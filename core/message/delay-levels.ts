/**
 * The broker's default delay table (`messageDelayLevel = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m
 * 20m 30m 1h 2h"`), in ms. Level n (1-based) is entry n − 1; level 0 means no delay.
 */
export const DELAY_LEVELS_MS: readonly number[] = Object.freeze([
  1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000, 540_000,
  600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000,
]);

/** Highest delay level; brokers clamp higher levels to it. */
export const MAX_DELAY_LEVEL = DELAY_LEVELS_MS.length;

/** The delay of a level in ms (0 for level ≤ 0; levels above 18 are clamped to 18, as the broker does). */
export function delayMsOfLevel(level: number): number {
  if (level <= 0) return 0;
  return DELAY_LEVELS_MS[Math.min(level, MAX_DELAY_LEVEL) - 1]!;
}

/**
 * The level the broker uses for a message sent back with delay level 0: 3 + reconsumeTimes, clamped to
 * 18 (first retry after 10 s, then 30 s, 1 m, … up to 2 h).
 */
export function delayLevelForReconsume(reconsumeTimes: number): number {
  return Math.min(3 + Math.max(0, reconsumeTimes), MAX_DELAY_LEVEL);
}

/**
 * The smallest level whose delay is at least `delayMs` (so a message is never delivered early), or 0
 * when there is nothing to wait for; delays beyond 2 h map to level 18. For brokers without a timer wheel.
 */
export function delayLevelForDelayMs(delayMs: number): number {
  if (!(delayMs > 0)) return 0;
  const i = DELAY_LEVELS_MS.findIndex((ms) => ms >= delayMs);
  return i === -1 ? MAX_DELAY_LEVEL : i + 1;
}
