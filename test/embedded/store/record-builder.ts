import { crc32 } from 'node:zlib';
import { javaStringHashCode } from '../../../core/util/java-hash.js';
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
}

/**
 * A minimal, independent §6.1 record writer for store tests (magic V1, IPv4 hosts, so STORETIMESTAMP is at 56).
 * Offsets are left 0: the store patches them.
 */
export function buildRecord(r: TestRecord): Buffer {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : (r.body ?? Buffer.from('body'));
  const topic = Buffer.from(r.topic);
  const props: string[] = [];
  if (r.tags !== undefined) props.push(`TAGS\u0001${r.tags}`);
  if (r.keys !== undefined) props.push(`KEYS\u0001${r.keys}`);
  const properties = Buffer.from(props.join('\u0002'));
  const size = 84 + 4 + body.length + 1 + topic.length + 2 + properties.length;
  const b = Buffer.alloc(size);
  b.writeInt32BE(size, 0);
  b.writeUInt32BE(0xdaa320a7, 4);
  b.writeInt32BE((crc32(body) & 0x7fffffff) | 0, 8);
  b.writeInt32BE(r.queueId ?? 0, 12);
  b.writeInt32BE(r.flag ?? 0, 16);
  b.writeBigInt64BE(BigInt(r.bornTimestamp ?? 1_700_000_000_000), 40);
  b.set([127, 0, 0, 1], 48);
  b.writeInt32BE(40000, 52);
  b.writeBigInt64BE(BigInt(r.storeTimestamp ?? 1_700_000_000_123), 56);
  b.set([127, 0, 0, 1], 64);
  b.writeInt32BE(10911, 68);
  let p = 84;
  b.writeInt32BE(body.length, p);
  body.copy(b, (p += 4));
  b.writeInt8(topic.length, (p += body.length));
  topic.copy(b, (p += 1));
  b.writeInt16BE(properties.length, (p += topic.length));
  properties.copy(b, p + 2);
  return b;
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
