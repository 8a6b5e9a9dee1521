import { describe, expect, it } from 'vitest';
import { Gauge } from '../../../../core/consumer/push/gauge.js';

describe('Gauge', () => {
  it('adds up; value$ replays the value now and then every change while subscribed', () => {
    const g = new Gauge();
    g.add(3);
    const seen: number[] = [];
    const sub = g.value$.subscribe((v) => seen.push(v));
    g.add(-1);
    g.add(2);
    sub.unsubscribe();
    g.add(-4);
    expect(seen).toEqual([3, 2, 4]);
    expect(g.value).toBe(0);
    const later: number[] = [];
    g.value$.subscribe((v) => later.push(v)).unsubscribe();
    expect(later).toEqual([0]);
  });
});
