import { queueKey, type MessageQueue } from '../../../core/message/message-queue.js';

interface LockEntry {
  clientId: string;
  lastUpdate: number;
}

/**
 * Broker-side queue locks for orderly consumers (Java `RebalanceLockManager`): per group, a queue is held by one
 * client until it unlocks or stops renewing for `expiryMs`. A lock held by another client and not expired is refused.
 */
export class RebalanceLocks {
  private readonly table = new Map<string, Map<string, LockEntry>>();

  constructor(
    private readonly expiryMs: number,
    private readonly now: () => number,
  ) {}

  /** Locks what it can; returns the queues now held by `clientId` (renewing those it already held). */
  lockBatch(group: string, clientId: string, mqs: readonly MessageQueue[]): MessageQueue[] {
    const now = this.now();
    let locks = this.table.get(group);
    if (locks === undefined) this.table.set(group, (locks = new Map()));
    const held: MessageQueue[] = [];
    for (const mq of dedupe(mqs)) {
      const key = queueKey(mq);
      const entry = locks.get(key);
      if (entry === undefined || entry.clientId === clientId || now - entry.lastUpdate > this.expiryMs) {
        locks.set(key, { clientId, lastUpdate: now });
        held.push(mq);
      }
    }
    return held;
  }

  /** Releases the queues `clientId` holds; locks of other clients are left alone. */
  unlockBatch(group: string, clientId: string, mqs: readonly MessageQueue[]): void {
    const locks = this.table.get(group);
    if (locks === undefined) return;
    for (const mq of mqs) {
      const key = queueKey(mq);
      if (locks.get(key)?.clientId === clientId) locks.delete(key);
    }
    if (locks.size === 0) this.table.delete(group);
  }

  /** The client holding a live lock on the queue, if any. */
  holder(group: string, mq: MessageQueue): string | undefined {
    const entry = this.table.get(group)?.get(queueKey(mq));
    if (entry === undefined || this.now() - entry.lastUpdate > this.expiryMs) return undefined;
    return entry.clientId;
  }
}

function dedupe(mqs: readonly MessageQueue[]): MessageQueue[] {
  const seen = new Map<string, MessageQueue>();
  for (const mq of mqs) if (!seen.has(queueKey(mq))) seen.set(queueKey(mq), { topic: mq.topic, brokerName: mq.brokerName, queueId: mq.queueId });
  return [...seen.values()];
}
