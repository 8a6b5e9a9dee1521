import type { MessageQueue } from '../../message/message-queue.js';
import type { LatencyFaultTable } from './latency-fault-table.js';
import { positionOf, type QueueSelector, type SelectContext } from './queue-selector.js';

/** Options of {@link roundRobinSelector}. */
export interface RoundRobinOptions {
  /** Enables latency fault avoidance (Java `sendLatencyFaultEnable`); the producer feeds the table. */
  readonly faultTable?: LatencyFaultTable;
  /** First counter value; Java starts at a random one. Default: random. */
  readonly startIndex?: number;
}

type Pick = (queues: readonly MessageQueue[], accept: (mq: MessageQueue) => boolean) => MessageQueue | undefined;

/**
 * Java `MQFaultStrategy.selectOneMessageQueue`: round robin over the queues. On a retry it skips queues
 * of the broker used last when another broker has one. With a fault table it also skips brokers the
 * table marks unavailable, and when all are, falls back on the table's least-bad broker. Each call of
 * this factory has its own counter.
 */
export function roundRobinSelector(opts: RoundRobinOptions = {}): QueueSelector {
  let counter = opts.startIndex ?? Math.floor(Math.random() * 0x7fffffff);
  const next = (n: number) => positionOf(++counter, n);
  const pick: Pick = (queues, accept) => {
    for (let i = 0; i < queues.length; i++) {
      const mq = queues[next(queues.length)]!;
      if (accept(mq)) return mq;
    }
    return undefined;
  };
  const table = opts.faultTable;
  return (queues, ctx) => {
    if (queues.length === 0) return undefined;
    if (table) return selectAvoidingFaults(queues, ctx, table, pick, next);
    const last = ctx.lastBrokerName;
    const found = last === undefined ? undefined : pick(queues, (mq) => mq.brokerName !== last);
    return found ?? queues[next(queues.length)];
  };
}

function selectAvoidingFaults(
  queues: readonly MessageQueue[],
  ctx: SelectContext,
  table: LatencyFaultTable,
  pick: Pick,
  next: (n: number) => number,
): MessageQueue | undefined {
  const available = (mq: MessageQueue) => table.isAvailable(mq.brokerName);
  if (ctx.lastBrokerName !== undefined) {
    const found = pick(queues, (mq) => available(mq) && mq.brokerName !== ctx.lastBrokerName);
    if (found) return found;
  }
  const found = pick(queues, available);
  if (found) return found;
  const fallbackBroker = table.pickOneAtLeast();
  if (fallbackBroker !== undefined) {
    const onBroker = queues.filter((mq) => mq.brokerName === fallbackBroker);
    if (onBroker.length > 0) return onBroker[next(onBroker.length)];
    table.remove(fallbackBroker);
  }
  return queues[next(queues.length)];
}
