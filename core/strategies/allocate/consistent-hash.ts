import { createHash } from 'node:crypto';
import type { MessageQueue } from '../../message/message-queue.js';
import { ValidationError } from '../../validation/validation-error.js';
import { currentIndex, type AllocateContext, type AllocateStrategy } from './allocate-strategy.js';

/** Virtual nodes per client on the hash ring, as in Java. */
export const DEFAULT_VIRTUAL_NODES = 10;

/** A ring position: Java's `ConsistentHashRouter.MD5Hash` — the first 4 MD5 bytes of the UTF-8 key, unsigned. */
export function md5RingHash(key: string): number {
  return createHash('md5').update(key, 'utf8').digest().readUInt32BE(0);
}

/** Java's `MessageQueue.toString()`, the key a queue is routed by. */
export function messageQueueString(mq: MessageQueue): string {
  return `MessageQueue [topic=${mq.topic}, brokerName=${mq.brokerName}, queueId=${mq.queueId}]`;
}

/** Sorted ring positions and the client owning each. A later client wins a position collision, as in Java. */
function buildRing(cidAll: readonly string[], virtualNodes: number): { hashes: number[]; owners: string[] } {
  const byHash = new Map<number, string>();
  for (const cid of cidAll) {
    for (let i = 0; i < virtualNodes; i++) byHash.set(md5RingHash(`${cid}-${i}`), cid);
  }
  const hashes = [...byHash.keys()].sort((a, b) => a - b);
  return { hashes, owners: hashes.map((h) => byHash.get(h)!) };
}

/** Index of the first ring position ≥ h, wrapping to 0. */
function ceilingIndex(hashes: readonly number[], h: number): number {
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hashes[mid]! < h) lo = mid + 1;
    else hi = mid;
  }
  return lo === hashes.length ? 0 : lo;
}

/**
 * Java `AllocateMessageQueueConsistentHash` ("CONSISTENT_HASH"): each client is placed on an MD5 ring
 * `virtualNodes` times (keys `clientId-0` … `clientId-(v−1)`); a queue goes to the first client position
 * at or after the hash of its `MessageQueue [topic=…, brokerName=…, queueId=…]` string. Few queues move
 * when clients join or leave.
 */
export function allocateConsistentHash(virtualNodes: number = DEFAULT_VIRTUAL_NODES): AllocateStrategy {
  if (!Number.isInteger(virtualNodes) || virtualNodes < 1) {
    throw new ValidationError('invalid-option', 'virtualNodes', virtualNodes, 'must be a positive integer');
  }
  return (ctx: AllocateContext): MessageQueue[] => {
    if (currentIndex(ctx) < 0) return [];
    const { hashes, owners } = buildRing(ctx.cidAll, virtualNodes);
    return ctx.mqAll.filter((mq) => owners[ceilingIndex(hashes, md5RingHash(messageQueueString(mq)))] === ctx.currentCid);
  };
}
