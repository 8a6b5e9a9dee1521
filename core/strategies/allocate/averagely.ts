import type { MessageQueue } from '../../message/message-queue.js';
import { currentIndex, type AllocateContext } from './allocate-strategy.js';

/**
 * Java `AllocateMessageQueueAveragely` ("AVG"): contiguous blocks; the first `n % c` clients get one
 * queue more. 8 queues / 3 clients → 3, 3, 2; 2 queues / 3 clients → 1, 1, 0.
 */
export function allocateAveragely(ctx: AllocateContext): MessageQueue[] {
  const index = currentIndex(ctx);
  if (index < 0) return [];
  const n = ctx.mqAll.length;
  const c = ctx.cidAll.length;
  const mod = n % c;
  const bigger = mod > 0 && index < mod;
  const average = n <= c ? 1 : bigger ? Math.floor(n / c) + 1 : Math.floor(n / c);
  const start = bigger ? index * average : index * average + mod;
  const range = Math.min(average, n - start);
  const result: MessageQueue[] = [];
  for (let i = 0; i < range; i++) result.push(ctx.mqAll[(start + i) % n]!);
  return result;
}
