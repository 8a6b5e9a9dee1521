import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { main as quickstart } from '../../samples/quickstart/main.js';

describe('samples run on the embedded broker', () => {
  it('quickstart', async () => {
    const summary = await quickstart({ orders: 3 });
    expect(summary).toMatchObject({ sample: 'quickstart', ok: true });
    expect(summary.line).toContain('3 orders processed');
  });
});
