import { BoundedMemo } from '../../../../core/util/bounded-memo.js';
import { ProtocolError } from '../errors.js';
import { bodyCrc } from './crc32.js';
import { parseSocketAddress, type ParsedSocketAddress } from './ip.js';
import { writeInt64 } from './int64.js';
import { encodeProperties, type Properties } from './properties.js';
import { fixedPartLength, MAGIC_V1, MAGIC_V2, RecordPosition } from './record-layout.js';
import type { DecodedMessage } from './stored-message.js';
import { MessageSysFlag } from './sysflag.js';

/** Everything a stored-message record holds (shared/protocol §6.1). */
export interface StoredMessageFields {
  topic: string;
  queueId: number;
  flag?: number;
  /** Usually 0 here: the store patches the assigned offsets in (`patchRecordOffsets`). */
  queueOffset?: number;
  physicalOffset?: number;
  /** The IPv6 host bits (0x10, 0x20) are set from the host addresses; the other bits are written as given. */
  sysFlag?: number;
  bornTimestamp: number;
  /** `ip:port`, `[ipv6]:port`. */
  bornHost: string;
  storeTimestamp: number;
  storeHost: string;
  reconsumeTimes?: number;
  preparedTransactionOffset?: number;
  /** The body as stored: already compressed when sysFlag has the COMPRESSED bit. BODYCRC is computed over it. */
  body: Uint8Array;
  /** A map/record (written in iteration order, 4.9.x style) or an already-encoded properties string. */
  properties?: Properties | ReadonlyMap<string, string> | string;
  /** Default: V1, or V2 when the topic is longer than 127 UTF-8 bytes (as a 5.x broker chooses). */
  magicCode?: number;
}

const MAX_SHORT = 0x7fff;

/** The exact record bytes Java's `CommitLog` writes for these fields. */
export function encodeStoredMessage(f: StoredMessageFields): Buffer {
  const born = address(f.bornHost, 'bornHost');
  const store = address(f.storeHost, 'storeHost');
  const topic = Buffer.from(f.topic, 'utf8');
  const magic = f.magicCode ?? (topic.length > 127 ? MAGIC_V2 : MAGIC_V1);
  const topicLenSize = magic === MAGIC_V2 ? 2 : 1;
  checkTopic(topic.length, magic, f.topic);
  const propsText = typeof f.properties === 'string' ? f.properties : encodeProperties(f.properties ?? {});
  const props = Buffer.from(propsText, 'utf8');
  if (props.length > MAX_SHORT) {
    throw new ProtocolError('properties-malformed', `properties are ${props.length} bytes, more than ${MAX_SHORT}`, { value: props.length });
  }
  const sysFlag = hostBits(f.sysFlag ?? 0, born, store);
  const fixed = fixedPartLength(sysFlag);
  const total = fixed + 4 + f.body.length + topicLenSize + topic.length + 2 + props.length;
  const b = Buffer.allocUnsafe(total);
  b.writeInt32BE(total, RecordPosition.TOTAL_SIZE);
  b.writeInt32BE(magic, RecordPosition.MAGIC);
  b.writeInt32BE(bodyCrc(f.body), RecordPosition.BODY_CRC);
  b.writeInt32BE(f.queueId, RecordPosition.QUEUE_ID);
  b.writeInt32BE(f.flag ?? 0, RecordPosition.FLAG);
  writeInt64(b, f.queueOffset ?? 0, RecordPosition.QUEUE_OFFSET);
  writeInt64(b, f.physicalOffset ?? 0, RecordPosition.PHYSICAL_OFFSET);
  b.writeInt32BE(sysFlag, RecordPosition.SYS_FLAG);
  writeInt64(b, f.bornTimestamp, RecordPosition.BORN_TIMESTAMP);
  let p = writeAddress(b, born, RecordPosition.BORN_HOST);
  writeInt64(b, f.storeTimestamp, p);
  p = writeAddress(b, store, p + 8);
  b.writeInt32BE(f.reconsumeTimes ?? 0, p);
  writeInt64(b, f.preparedTransactionOffset ?? 0, p + 4);
  p += 12;
  b.writeInt32BE(f.body.length, p);
  b.set(f.body, p + 4);
  p += 4 + f.body.length;
  if (topicLenSize === 1) b.writeInt8(topic.length, p);
  else b.writeInt16BE(topic.length, p);
  topic.copy(b, p + topicLenSize);
  p += topicLenSize + topic.length;
  b.writeInt16BE(props.length, p);
  props.copy(b, p + 2);
  return b;
}

/** The fields of a decoded message, ready to re-encode to the same bytes. */
export function storedFieldsOf(m: DecodedMessage): StoredMessageFields {
  return {
    topic: m.topic,
    queueId: m.queueId,
    flag: m.flag,
    queueOffset: m.queueOffset,
    physicalOffset: m.physicalOffset,
    sysFlag: m.sysFlag,
    bornTimestamp: m.bornTimestamp,
    bornHost: m.bornHost,
    storeTimestamp: m.storeTimestamp,
    storeHost: m.storeHost,
    reconsumeTimes: m.reconsumeTimes,
    preparedTransactionOffset: m.preparedTransactionOffset,
    body: m.storedBody,
    properties: m.propertiesString,
    magicCode: m.magicCode,
  };
}

/** Parsed host addresses by their text: a broker writes the same few (its own, its clients') into every record. */
const parsedAddresses = new BoundedMemo<Readonly<ParsedSocketAddress>>(1024);

function address(text: string, field: string): Readonly<ParsedSocketAddress> {
  const known = parsedAddresses.get(text);
  if (known !== undefined) return known;
  const a = parseSocketAddress(text);
  if (a === undefined) throw new ProtocolError('invalid-body', `${field} is not ip:port: ${text}`, { field, value: text });
  return parsedAddresses.remember(text, a);
}

function checkTopic(len: number, magic: number, topic: string): void {
  if (magic !== MAGIC_V1 && magic !== MAGIC_V2) {
    throw new ProtocolError('bad-magic', `cannot write a record with magic ${magic}`, { value: magic });
  }
  const max = magic === MAGIC_V1 ? 127 : MAX_SHORT;
  if (len > max) throw new ProtocolError('invalid-body', `topic is ${len} bytes, more than ${max} for this magic`, { field: 'topic', value: topic });
}

function hostBits(sysFlag: number, born: Readonly<ParsedSocketAddress>, store: Readonly<ParsedSocketAddress>): number {
  let f = sysFlag & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6);
  if (born.ip.length === 16) f |= MessageSysFlag.BORNHOST_V6;
  if (store.ip.length === 16) f |= MessageSysFlag.STOREHOST_V6;
  return f;
}

function writeAddress(b: Buffer, a: Readonly<ParsedSocketAddress>, at: number): number {
  a.ip.copy(b, at);
  b.writeInt32BE(a.port, at + a.ip.length);
  return at + a.ip.length + 4;
}
