import { compareQueues, type MessageQueue } from '../../message/message-queue.js';

/** What an allocation strategy sees at a rebalance of one topic. */
export interface AllocateContext {
  readonly group: string;
  /** This client's id. */
  readonly currentCid: string;
  /** The topic's queues, sorted by {@link sortForAllocation}. */
  readonly mqAll: readonly MessageQueue[];
  /** The group's client ids, sorted by {@link sortForAllocation}. */
  readonly cidAll: readonly string[];
}

/**
 * Chooses the queues the current client consumes. Pure: every client of a group must compute the same
 * partition from the same sorted inputs, and a client missing from `cidAll` gets nothing.
 */
export type AllocateStrategy = (ctx: AllocateContext) => MessageQueue[];

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts queues (topic, broker name, queue id) and client ids (UTF-16 string order) the way the Java
 * client does before allocating. Returns new arrays; the inputs are not changed.
 */
export function sortForAllocation(
  mqAll: readonly MessageQueue[],
  cidAll: readonly string[],
): { mqAll: MessageQueue[]; cidAll: string[] } {
  return { mqAll: [...mqAll].sort(compareQueues), cidAll: [...cidAll].sort(compareStrings) };
}

/** The current client's index in `cidAll`, or −1 when it cannot be given anything. */
export function currentIndex(ctx: AllocateContext): number {
  if (ctx.mqAll.length === 0 || ctx.cidAll.length === 0 || !ctx.currentCid) return -1;
  return ctx.cidAll.indexOf(ctx.currentCid);
}
