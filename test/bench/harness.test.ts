import { describe, expect, it } from 'vitest';
import { compareOps, createRegistry, median, report, type BenchScenario } from '../../bench/harness.js';

const scenario = (name: string, better: 'higher' | 'lower'): BenchScenario => ({
  name,
  unit: better === 'higher' ? 'msg/s' : 'ms',
  better,
  run: () => ({ ours: 1, peer: 1 }),
});

describe('bench harness', () => {
  it('registers scenarios once each', () => {
    const registry = createRegistry();
    registry.add(scenario('codec: a', 'higher'));
    expect(() => registry.add(scenario('codec: a', 'higher'))).toThrow(/duplicate/);
    expect(registry.scenarios.map((s) => s.name)).toEqual(['codec: a']);
  });

  it('reports ratio > 1 when ours is better, for both directions', () => {
    expect(report(scenario('x: throughput', 'higher'), { ours: 300, peer: 100 }).ratio).toBe(3);
    expect(report(scenario('x: latency', 'lower'), { ours: 2, peer: 10 }).ratio).toBe(5);
    expect(report(scenario('x: latency', 'lower'), { ours: 2, peer: 1 })).toEqual({
      scenario: 'x: latency', unit: 'ms', ours: 2, peer: 1, ratio: 0.5,
    });
  });

  it('takes medians and measures both sides', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    let ours = 0;
    let peer = 0;
    const result = compareOps(() => ours++, () => peer++, { warmupMs: 1, rounds: 3, roundMs: 5, opsPerCall: 2 });
    expect(ours).toBeGreaterThan(0);
    expect(peer).toBeGreaterThan(0);
    expect(result.ours).toBeGreaterThan(0);
    expect(result.peer).toBeGreaterThan(0);
  });
});
