import { javaStringHashCode } from '../../../core/util/java-hash.js';
import { RECORD, storeTimestampAt } from './record-layout.js';

/** What the store reads out of a stored record to (re)build its queue entry. */
export interface RecordFields {
  topic: string;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
  storeTimestamp: number;
  /** The parsed PROPERTIES (§6.4 rules: segments without a name or value are dropped). */
  properties: Map<string, string>;
}

/** Parses a §6.4 properties string. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split('\u0002')) {
    const sep = part.indexOf('\u0001');
    if (part.length < 3 || sep <= 0 || sep === part.length - 1) continue;
    out.set(part.slice(0, sep), part.slice(sep + 1));
  }
  return out;
}

/** Where a record routes (its TOPIC and QUEUEID fields) and where its PROPERTIES are. */
export interface RecordRouting {
  topic: string;
  queueId: number;
  /** STORETIMESTAMP's position (it moves with an IPv6 born host). */
  storeAt: number;
  propertiesAt: number;
  propertiesLength: number;
}

/**
 * Walks a §6.1 record (either magic, IPv4 or IPv6 hosts) to its routing fields, checking that every length field
 * stays inside the record and that PROPERTIES end it; undefined otherwise. Reads no properties (what a store append
 * checks for every record).
 */
export function parseRecordRouting(rec: Buffer): RecordRouting | undefined {
  if (rec.length < RECORD.minSize) return undefined;
  const sysFlag = rec.readInt32BE(RECORD.sysFlagAt);
  const storeAt = storeTimestampAt(sysFlag);
  let p = storeAt + 8 + ((sysFlag & 0x20) !== 0 ? 20 : 8) + 4 + 8;
  if (p + 4 > rec.length) return undefined;
  const bodyLength = rec.readInt32BE(p);
  p += 4 + bodyLength;
  const v2 = rec.readUInt32BE(RECORD.magicAt) === RECORD.magicV2;
  if (bodyLength < 0 || p + (v2 ? 2 : 1) > rec.length) return undefined;
  const topicLength = v2 ? rec.readInt16BE(p) : rec.readInt8(p);
  p += v2 ? 2 : 1;
  if (topicLength <= 0 || p + topicLength + 2 > rec.length) return undefined;
  const topic = rec.toString('utf8', p, p + topicLength);
  p += topicLength;
  const propertiesLength = rec.readInt16BE(p);
  p += 2;
  if (propertiesLength < 0 || p + propertiesLength !== rec.length) return undefined;
  return { topic, queueId: rec.readInt32BE(RECORD.queueIdAt), storeAt, propertiesAt: p, propertiesLength };
}

/** {@link parseRecordRouting} plus the offsets, the store time and the parsed properties of the record. */
export function parseRecordFields(rec: Buffer): RecordFields | undefined {
  const r = parseRecordRouting(rec);
  if (r === undefined) return undefined;
  return {
    topic: r.topic,
    queueId: r.queueId,
    queueOffset: Number(rec.readBigInt64BE(RECORD.queueOffsetAt)),
    physicalOffset: Number(rec.readBigInt64BE(RECORD.physicalOffsetAt)),
    storeTimestamp: Number(rec.readBigInt64BE(r.storeAt)),
    properties: parseProperties(rec.toString('utf8', r.propertiesAt, r.propertiesAt + r.propertiesLength)),
  };
}

/** The default tags code of a rebuilt queue entry: Java hashCode of TAGS, 0 without tags. */
export function defaultTagsCode(fields: RecordFields): number {
  const tags = fields.properties.get('TAGS');
  return tags === undefined ? 0 : javaStringHashCode(tags);
}
