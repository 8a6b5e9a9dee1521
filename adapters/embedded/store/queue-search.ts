/**
 * Lower-bound binary search over queue offsets [lo, hi): the first offset whose store time is >= `timestamp`,
 * or `hi` when none is. Assumes store times are non-decreasing along the queue (they are assigned by one broker
 * clock at append time), as RocketMQ's own search does.
 */
export function lowerBoundByTime(lo: number, hi: number, timestamp: number, timeAt: (offset: number) => number): number {
  let left = lo;
  let right = hi;
  while (left < right) {
    const mid = left + Math.floor((right - left) / 2);
    if (timeAt(mid) < timestamp) left = mid + 1;
    else right = mid;
  }
  return left;
}
