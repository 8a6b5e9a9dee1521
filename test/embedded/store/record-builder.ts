import { javaStringHashCode } from '../../../core/util/java-hash.js';
import { encodeStoredMessage } from '../../../adapters/remoting/protocol/message/stored-message.js';
import type { AppendRequest } from '../../../adapters/embedded/store/message-store.js';

/** Inputs of a test record; everything but the topic has a default. */
export interface TestRecord {
  topic: string;
  queueId?: number;
  body?: Buffer | string;
  tags?: string;
  keys?: string;
  bornTimestamp?: number;
  storeTimestamp?: number;
  flag?: number;
  /** IPv6 born/store hosts (the store timestamp then moves from byte 56 to byte 68). */
  ipv6?: boolean;
}

/** A §6.1 record written by the protocol's encoder (offsets left 0: the store patches them). */
export function buildRecord(r: TestRecord): Buffer {
  const properties = new Map<string, string>();
  if (r.tags !== undefined) properties.set('TAGS', r.tags);
  if (r.keys !== undefined) properties.set('KEYS', r.keys);
  return encodeStoredMessage({
    topic: r.topic,
    queueId: r.queueId ?? 0,
    flag: r.flag ?? 0,
    bornTimestamp: r.bornTimestamp ?? 1_700_000_000_000,
    bornHost: r.ipv6 ? '[::1]:40000' : '127.0.0.1:40000',
    storeTimestamp: r.storeTimestamp ?? 1_700_000_000_123,
    storeHost: r.ipv6 ? '[::1]:10911' : '127.0.0.1:10911',
    body: typeof r.body === 'string' ? Buffer.from(r.body) : (r.body ?? Buffer.from('body')),
    properties,
  });
}

/** An append request for a test record, with the tags code and store time the engine would pass. */
export function appendRequest(r: TestRecord): AppendRequest {
  return {
    topic: r.topic,
    queueId: r.queueId ?? 0,
    record: buildRecord(r),
    tagsCode: r.tags === undefined ? 0 : javaStringHashCode(r.tags),
    storeTimestamp: r.storeTimestamp ?? 1_700_000_000_123,
  };
}
