import { describe, expect, it } from 'vitest';
import { Message } from '../../../core/message/message.js';
import { delayLevelNotLaterThan, deliveryProperties } from '../../../core/producer/delivery-time.js';

describe('delivery time → delay level (never later than asked)', () => {
  it.each([
    [-5, 0],
    [0, 0],
    [999, 0],
    [1_000, 1],
    [4_999, 1],
    [5_000, 2],
    [25 * 60_000, 15],
    [30 * 60_000, 16],
    [119 * 60_000, 17],
    [2 * 3_600_000, 18],
    [48 * 3_600_000, 18],
  ])('%i ms → level %i', (ms, level) => {
    expect(delayLevelNotLaterThan(ms)).toBe(level);
  });

  it('an explicit delay level wins; timer mode sends the absolute time', () => {
    expect(deliveryProperties(new Message('T', 'x', { delayLevel: 4 }), 0, 'timer')).toEqual({ DELAY: '4' });
    expect(deliveryProperties(new Message('T', 'x', { deliveryTimestamp: 90_000 }), 0, 'timer')).toEqual({ TIMER_DELIVER_MS: '90000' });
    expect(deliveryProperties(new Message('T', 'x', { deliveryTimestamp: 90_000 }), 0, 'delay-level')).toEqual({ DELAY: '5' });
    expect(deliveryProperties(new Message('T', 'x'), 0, 'delay-level')).toEqual({});
  });
});
