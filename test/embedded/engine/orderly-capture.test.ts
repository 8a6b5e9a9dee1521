import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queueKey, type MessageQueue } from '../../../core/message/message-queue.js';
import type { LockBatchRequest } from '../../../adapters/embedded/engine/lock-types.js';
import { CAPTURES_DIR, captureFrame, startBroker, type TestBroker } from './helpers.js';

/** Replays every LOCK_BATCH_MQ / UNLOCK_BATCH_MQ of the `orderly` capture at its captured time and compares answers. */
interface IndexedFrame {
  ts: number;
  conn: string;
  direction: 'c2s' | 's2c';
  code: number;
  kind: string;
  opaque: number;
}

const frames = (JSON.parse(readFileSync(join(CAPTURES_DIR, 'orderly', 'index.json'), 'utf8')) as { frames: IndexedFrame[] }).frames;
let t: TestBroker;

beforeEach(async () => {
  vi.useFakeTimers({ now: Math.floor(frames[0]!.ts * 1000) });
  t = await startBroker();
});

afterEach(async () => {
  await t.broker.close();
  vi.useRealTimers();
});

const asSet = (mqs: readonly MessageQueue[]) => mqs.map(queueKey).sort();

describe('orderly capture replay', () => {
  it('grants and refuses exactly the queues the real broker did, in the captured order and timing', async () => {
    let compared = 0;
    for (const [i, f] of frames.entries()) {
      if (f.direction !== 'c2s' || (f.code !== 41 && f.code !== 42)) continue;
      await vi.setSystemTime(Math.floor(f.ts * 1000));
      const body = JSON.parse(captureFrame('orderly', i).body!.toString('utf8')) as LockBatchRequest;
      if (f.code === 42) {
        expect(await t.broker.unlockBatch(body)).toEqual({ code: 0 });
        continue;
      }
      const ours = await t.broker.lockBatch(body);
      const answer = frames.findIndex((r) => r.conn === f.conn && r.direction === 's2c' && r.kind === 'response' && r.opaque === f.opaque);
      const real = JSON.parse(captureFrame('orderly', answer).body!.toString('utf8')) as { lockOKMQSet: MessageQueue[] };
      expect({ frame: i, set: asSet((ours as { lockOKMQSet: MessageQueue[] }).lockOKMQSet) }).toEqual({ frame: i, set: asSet(real.lockOKMQSet) });
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });
});
