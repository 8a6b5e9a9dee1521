import type { MessageQueue } from '../../message/message-queue.js';
import { currentIndex, type AllocateContext } from './allocate-strategy.js';

/**
 * Java `AllocateMessageQueueAveragelyByCircle` ("AVG_BY_CIRCLE"): queues dealt out like cards; client i
 * gets queues i, i + c, i + 2c, …
 */
export function allocateAveragelyByCircle(ctx: AllocateContext): MessageQueue[] {
  const index = currentIndex(ctx);
  if (index < 0) return [];
  const result: MessageQueue[] = [];
  for (let i = index; i < ctx.mqAll.length; i += ctx.cidAll.length) result.push(ctx.mqAll[i]!);
  return result;
}
