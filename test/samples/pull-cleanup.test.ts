import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedBroker } from '../../index.js';
import { NAMESRV_ENV } from '../../samples/support/cluster.js';

const brokers = vi.hoisted(() => [] as { closed: boolean }[]);

// The pull consumer cannot be made: the sample must still close the broker (and the producer) it made before.
vi.mock('../../index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../index.js')>();
  return {
    ...real,
    startEmbeddedBroker: async (...args: Parameters<typeof real.startEmbeddedBroker>): Promise<EmbeddedBroker> => {
      const broker = await real.startEmbeddedBroker(...args);
      const seen = { closed: false };
      brokers.push(seen);
      const close = broker.close.bind(broker);
      return Object.assign(broker, { close: () => ((seen.closed = true), close()) });
    },
    createPullConsumer: () => {
      throw new Error('no consumer today');
    },
  };
});

describe('pull sample cleanup', () => {
  const saved = process.env[NAMESRV_ENV];
  beforeAll(() => {
    delete process.env[NAMESRV_ENV];
  });
  afterAll(() => {
    if (saved !== undefined) process.env[NAMESRV_ENV] = saved;
  });

  it('closes the embedded broker when a client cannot be constructed', async () => {
    const { main } = await import('../../samples/pull/main.js');
    await expect(main({ messages: 1 })).rejects.toThrow('no consumer today');
    expect(brokers).toEqual([{ closed: true }]);
  });
});
