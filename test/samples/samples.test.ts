import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as backpressure } from '../../samples/backpressure/main.js';
import { main as broadcast } from '../../samples/broadcast/main.js';
import { main as orderly } from '../../samples/orderly/main.js';
import { main as pipeline } from '../../samples/pipeline/main.js';
import { main as pull } from '../../samples/pull/main.js';
import { main as quickstart } from '../../samples/quickstart/main.js';
import { main as retryDlq } from '../../samples/retry-dlq/main.js';
import { main as transaction } from '../../samples/transaction/main.js';
import { NAMESRV_ENV } from '../../samples/support/cluster.js';

/** Every sample's main(), with small sizes, on the embedded broker (whatever the environment says). */
describe('samples run on the embedded broker', () => {
  const saved = process.env[NAMESRV_ENV];
  beforeAll(() => {
    delete process.env[NAMESRV_ENV];
  });
  afterAll(() => {
    if (saved !== undefined) process.env[NAMESRV_ENV] = saved;
  });

  it('quickstart', async () => {
    const summary = await quickstart({ orders: 3 });
    expect(summary).toMatchObject({ sample: 'quickstart', ok: true });
    expect(summary.line).toContain('3 orders processed');
  });

  it('orderly', async () => {
    const summary = await orderly({ accounts: 4, opsPerAccount: 8 });
    expect(summary).toMatchObject({ sample: 'orderly', ok: true });
    expect(summary.line).toContain('at most 1 message per queue');
  });

  it('retry-dlq', async () => {
    const summary = await retryDlq();
    expect(summary).toMatchObject({ sample: 'retry-dlq', ok: true });
    expect(summary.line).toContain('charged on attempt 3');
  });

  it('transaction', async () => {
    const summary = await transaction();
    expect(summary).toMatchObject({ sample: 'transaction', ok: true });
  });

  it('broadcast', async () => {
    const summary = await broadcast({ changes: 5 });
    expect(summary).toMatchObject({ sample: 'broadcast', ok: true });
  });

  it('pipeline', async () => {
    const summary = await pipeline({ clicks: 120 });
    expect(summary).toMatchObject({ sample: 'pipeline', ok: true });
  });

  it('pull', async () => {
    const summary = await pull({ messages: 16 });
    expect(summary).toMatchObject({ sample: 'pull', ok: true });
  });

  it('backpressure', async () => {
    const summary = await backpressure({ messages: 800 });
    expect(summary).toMatchObject({ sample: 'backpressure', ok: true });
  });
});
