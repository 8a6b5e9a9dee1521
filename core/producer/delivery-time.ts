import { DELAY_LEVELS_MS } from '../message/delay-levels.js';
import type { Message } from '../message/message.js';
import { SystemProperty } from '../message/system-properties.js';

/**
 * How a message's `deliveryTimestamp` reaches the broker:
 * - `delay-level` (default; 4.9.x brokers, which only know the 18 fixed levels): the largest level whose delay is
 *   not longer than the time left, so the message is never delivered *after* the requested time — it may come
 *   early by up to the gap between two levels (e.g. 25 min → level 15 = 20 min). Less than 1 s left → no delay.
 * - `timer` (5.x brokers with the timer wheel): the exact time as `TIMER_DELIVER_MS`.
 */
export type DeliveryTimeMode = 'delay-level' | 'timer';

/** The largest delay level whose delay is at most `delayMs` (0 when even level 1 is too long). */
export function delayLevelNotLaterThan(delayMs: number): number {
  let level = 0;
  DELAY_LEVELS_MS.forEach((ms, i) => {
    if (ms <= delayMs) level = i + 1;
  });
  return level;
}

/** The DELAY / TIMER_DELIVER_MS properties for a message sent at `now`. */
export function deliveryProperties(message: Message, now: number, mode: DeliveryTimeMode): Record<string, string> {
  if (message.delayLevel !== undefined && message.delayLevel > 0) {
    return { [SystemProperty.DELAY_TIME_LEVEL]: String(message.delayLevel) };
  }
  if (message.deliveryTimestamp === undefined) return {};
  if (mode === 'timer') return { [SystemProperty.TIMER_DELIVER_MS]: String(message.deliveryTimestamp) };
  const level = delayLevelNotLaterThan(message.deliveryTimestamp - now);
  return level > 0 ? { [SystemProperty.DELAY_TIME_LEVEL]: String(level) } : {};
}
