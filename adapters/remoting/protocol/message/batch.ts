import type { BatchItem } from '../../../../core/ports/broker-port.js';
import { ProtocolError } from '../errors.js';
import { decodeProperties, encodeProperties, type Properties } from './properties.js';

/**
 * The SEND_BATCH_MESSAGE body (shared/protocol §6.6): items back to back, each
 *
 * ```
 * TOTALSIZE 4 | MAGICCODE 4 (0) | BODYCRC 4 (0) | FLAG 4 | BODYLENGTH 4 + BODY | PROPERTIESLENGTH 2 + PROPERTIES
 * ```
 * TOTALSIZE = 20 + body + 2 + properties. Each item carries its own properties (UNIQ_KEY, WAIT, TAGS, KEYS …).
 */
export interface BatchMessage {
  flag?: number;
  body: Uint8Array;
  /** A map/record in iteration order, or an already-encoded properties string. */
  properties: Properties | ReadonlyMap<string, string> | string;
}

export interface DecodedBatchMessage extends BatchItem {
  /** As written (Java writes 0; the broker ignores it). */
  magicCode: number;
  bodyCrc: number;
  propertiesString: string;
}

const ITEM_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

/**
 * The batch body Java's `MessageDecoder.encodeMessages` produces for these messages. When every item's properties are
 * a record of printable ASCII (what a producer's are), their text is written byte by byte straight into the body from
 * the record, measured from string lengths; otherwise each item's text is made, measured and written as UTF-8.
 */
export function encodeBatch(messages: readonly BatchMessage[]): Buffer {
  return encodeAsciiBatch(messages) ?? encodeAnyBatch(messages);
}

/** Local: in a `for…in` loop V8 makes `hasOwnProperty.call(o, key)` a map check. */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * {@link encodeBatch} for items whose properties are records of non-empty printable ASCII names and values (so the
 * text is as long in bytes as in characters, and holds no separator); `undefined` for anything else.
 */
function encodeAsciiBatch(messages: readonly BatchMessage[]): Buffer | undefined {
  const n = messages.length;
  const lengths: number[] = new Array<number>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    const props = m.properties;
    if (typeof props !== 'object' || props instanceof Map) return undefined;
    let length = 0;
    for (const name in props) {
      if (!hasOwnProperty.call(props, name)) continue;
      const value = (props as Properties)[name];
      if (value === undefined) continue;
      if (typeof value !== 'string' || name.length === 0 || value.length === 0) return undefined;
      length += (length === 0 ? 1 : 2) + name.length + value.length;
    }
    if (length > 0x7fff) return undefined;
    lengths[i] = length;
    total += ITEM_OVERHEAD + m.body.length + length;
  }
  const b = Buffer.allocUnsafe(total);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    const length = lengths[i]!;
    p = writeItemHead(b, p, m, length);
    const end = writeAsciiProperties(b, p, m.properties as Properties);
    if (end !== p + length) return undefined;
    p = end;
  }
  return b;
}

/** TOTALSIZE, MAGICCODE, BODYCRC, FLAG, BODYLENGTH, the body and PROPERTIESLENGTH of an item at `p`; where its properties go. */
function writeItemHead(b: Buffer, p: number, m: BatchMessage, propertiesLength: number): number {
  b.writeInt32BE(ITEM_OVERHEAD + m.body.length + propertiesLength, p);
  b.writeInt32BE(0, p + 4);
  b.writeInt32BE(0, p + 8);
  b.writeInt32BE(m.flag ?? 0, p + 12);
  b.writeInt32BE(m.body.length, p + 16);
  b.set(m.body, p + 20);
  const at = p + 20 + m.body.length;
  b.writeInt16BE(propertiesLength, at);
  return at + 2;
}

/** The properties text of `props` written at `at` (`name U+0001 value`, joined by U+0002); -1 at a character outside printable ASCII. */
function writeAsciiProperties(b: Buffer, at: number, props: Properties): number {
  let p = at;
  for (const name in props) {
    if (!hasOwnProperty.call(props, name)) continue;
    const value = props[name];
    if (value === undefined) continue;
    if (p > at) b[p++] = 2;
    p = printable(b, p, name);
    if (p < 0) return -1;
    b[p] = 1;
    p = printable(b, p + 1, value);
    if (p < 0) return -1;
  }
  return p;
}

/** Writes `s` at `at` when every character is printable ASCII (0x20–0x7e); the offset after it, else -1. */
function printable(b: Buffer, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return -1;
    b[at + i] = c;
  }
  return at + s.length;
}

/** {@link encodeBatch} for any items: each properties text made, measured and written as UTF-8 (tests hold the ASCII path to it). */
export function encodeAnyBatch(messages: readonly BatchMessage[]): Buffer {
  const n = messages.length;
  const texts: string[] = new Array<string>(n);
  const lengths: number[] = new Array<number>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    const text = typeof m.properties === 'string' ? m.properties : encodeProperties(m.properties);
    const length = Buffer.byteLength(text, 'utf8');
    if (length > 0x7fff) {
      throw new ProtocolError('properties-malformed', `batch item ${i} properties are ${length} bytes, more than 32767`, { value: length, index: i });
    }
    texts[i] = text;
    lengths[i] = length;
    total += ITEM_OVERHEAD + m.body.length + length;
  }
  const b = Buffer.allocUnsafe(total);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const length = lengths[i]!;
    p = writeItemHead(b, p, messages[i]!, length);
    b.write(texts[i]!, p, length, 'utf8');
    p += length;
  }
  return b;
}

/** Decodes a batch body. Bodies are views into `buf`. Corrupt items throw `truncated-message`/`body-length-out-of-range`. */
export function decodeBatch(buf: Buffer): DecodedBatchMessage[] {
  const out: DecodedBatchMessage[] = [];
  let at = 0;
  while (at < buf.length) {
    const item = decodeItem(buf, at, out.length);
    out.push(item.message);
    at = item.end;
  }
  return out;
}

function decodeItem(buf: Buffer, at: number, index: number): { message: DecodedBatchMessage; end: number } {
  const remaining = buf.length - at;
  const total = remaining >= 4 ? buf.readInt32BE(at) : remaining;
  if (remaining < ITEM_OVERHEAD || total < ITEM_OVERHEAD || total > remaining) {
    throw new ProtocolError('truncated-message', `batch item ${index} at byte ${at}: TOTALSIZE ${total}, ${remaining} byte(s) left`, {
      field: 'TOTALSIZE',
      value: total,
      offset: at,
      decoded: index,
    });
  }
  const end = at + total;
  const bodyLen = buf.readInt32BE(at + 16);
  const bodyStart = at + 20;
  if (bodyLen < 0 || bodyStart + bodyLen + 2 > end) {
    throw new ProtocolError('body-length-out-of-range', `batch item ${index} at byte ${at}: BODYLENGTH ${bodyLen} does not fit`, {
      field: 'BODYLENGTH',
      value: bodyLen,
      offset: at,
      decoded: index,
    });
  }
  const propsAt = bodyStart + bodyLen;
  const propsLen = buf.readInt16BE(propsAt);
  if (propsLen < 0 || propsAt + 2 + propsLen !== end) {
    throw new ProtocolError('truncated-message', `batch item ${index} at byte ${at}: PROPERTIESLENGTH ${propsLen} disagrees with TOTALSIZE ${total}`, {
      field: 'PROPERTIESLENGTH',
      value: propsLen,
      offset: at,
      decoded: index,
    });
  }
  const propertiesString = buf.toString('utf8', propsAt + 2, end);
  const message: DecodedBatchMessage = {
    magicCode: buf.readInt32BE(at + 4),
    bodyCrc: buf.readInt32BE(at + 8),
    flag: buf.readInt32BE(at + 12),
    body: buf.subarray(bodyStart, propsAt),
    propertiesString,
    properties: decodeProperties(propertiesString),
  };
  return { message, end };
}
