/**
 * The ROCKETMQ binary header serialization (type 1, shared/protocol §2.5). All integers big-endian, all
 * lengths in UTF-8 bytes:
 *
 * ```
 * code int16 | language int8 | version int16 | opaque int32 | flag int32
 * | remarkLen int32 | remark | extLen int32 | { keyLen int16 | key | valLen int32 | value }*
 * ```
 *
 * Java quirks kept: a 0 length means null, so an empty remark decodes as absent and an entry with an empty key
 * or value is dropped (Java stores it as null, which no header lookup can tell from absent); an empty or
 * absent ext map is written as extLen 0 and decodes as `extFields` absent.
 */
import type { CommandHeader } from './header-json.js';
import { ProtocolError } from './errors.js';
import { languageName as languageNameImported, languageOrdinal as languageOrdinalImported } from './language.js';
import { setOwn as setOwnImported } from './headers/own-record.js';
import { recentKey as recentKeyImported } from './recent-keys.js';
import { type ExtLiteral, EXT_LITERALS } from './json-ext-literals.js';
import {
  isAscii as isAsciiImported,
  latin1Slice as latin1SliceImported,
  readUtf8 as readUtf8Imported,
  utf8Length as utf8LengthImported,
  writeUtf8 as writeUtf8Imported,
} from './utf8.js';

// Hot path: module-local copies of the per-string helpers (some loaders, tsx among them, turn each access to an
// imported binding into a getter call, which showed as the largest cost in a profile of this file).
const readUtf8 = readUtf8Imported;
const latin1Slice = latin1SliceImported;
const isAscii = isAsciiImported;
const utf8Length = utf8LengthImported;
const writeUtf8 = writeUtf8Imported;
const setOwn = setOwnImported;
const recentKey = recentKeyImported;
const languageName = languageNameImported;
const languageOrdinal = languageOrdinalImported;

/** Bytes of a header with no remark and no ext fields. */
export const BINARY_HEADER_FIXED_SIZE = 21;

/** The encoded size of `header` in bytes. */
export function binaryHeaderSize(header: CommandHeader): number {
  let size = BINARY_HEADER_FIXED_SIZE;
  if (header.remark) size += utf8Length(header.remark);
  const ext = header.extFields;
  if (ext) {
    for (const key of Object.keys(ext)) {
      const value = ext[key];
      if (value != null) size += 6 + utf8Length(key) + utf8Length(typeof value === 'string' ? value : String(value));
    }
  }
  return size;
}

/**
 * An upper bound of {@link binaryHeaderSize} from string lengths alone (a UTF-16 unit is at most 3 UTF-8 bytes), for a
 * caller that writes into a buffer it knows to be large enough instead of measuring every string first.
 */
export function binaryHeaderBound(header: CommandHeader): number {
  let size = BINARY_HEADER_FIXED_SIZE;
  if (header.remark) size += 3 * header.remark.length;
  const ext = header.extFields;
  if (ext) {
    for (const key of Object.keys(ext)) {
      const value = ext[key];
      if (value != null) size += 6 + 3 * (key.length + (typeof value === 'string' ? value : String(value)).length);
    }
  }
  return size;
}

/**
 * Writes `header` into `target` at `offset` (the caller sized it with {@link binaryHeaderSize} or
 * {@link binaryHeaderBound}).
 * @returns the offset just past the header.
 * @throws ProtocolError `invalid-header-field` when code/version do not fit an int16, opaque/flag an int32,
 *   a key is longer than 32767 bytes, or the language has no ordinal.
 */
export function writeBinaryHeader(header: CommandHeader, target: Buffer, offset: number): number {
  // Checked values into a buffer the caller sized: plain byte stores.
  const code = checkedInt(header.code, 'code', 16);
  const language = languageOrdinal(header.language);
  const version = checkedInt(header.version, 'version', 16);
  const opaque = checkedInt(header.opaque, 'opaque', 32);
  const flag = checkedInt(header.flag, 'flag', 32);
  target[offset] = code >> 8;
  target[offset + 1] = code;
  target[offset + 2] = language;
  target[offset + 3] = version >> 8;
  target[offset + 4] = version;
  put32(target, offset + 5, opaque);
  put32(target, offset + 9, flag);
  let pos = writeLongString(target, offset + 13, header.remark ?? '');
  const extStart = pos + 4;
  pos = extStart;
  const ext = header.extFields;
  if (ext) {
    for (const key of Object.keys(ext)) {
      const value = ext[key];
      if (value == null) continue;
      pos = writeKey(target, pos, key);
      pos = writeLongString(target, pos, typeof value === 'string' ? value : String(value));
    }
  }
  put32(target, extStart - 4, pos - extStart);
  return pos;
}

/** The binary header bytes for `header`. */
export function encodeBinaryHeader(header: CommandHeader): Buffer {
  const buf = Buffer.allocUnsafe(binaryHeaderSize(header));
  writeBinaryHeader(header, buf, 0);
  return buf;
}

/**
 * Decodes a binary header that spans all of `buf`.
 * @throws ProtocolError `malformed-binary-header` when a length is negative or runs past the header (or the
 *   ext block), or bytes are left over; `context.field` names the length and `context.value` holds it.
 */
export function decodeBinaryHeader(buf: Buffer): CommandHeader {
  return decodeBinaryHeaderIn(buf, 0, buf.length);
}

/** {@link decodeBinaryHeader} of the header in `buf[start..end)`, read where it lies (no view of it is made). */
export function decodeBinaryHeaderIn(buf: Buffer, start: number, end: number): CommandHeader {
  const size = end - start;
  if (size < BINARY_HEADER_FIXED_SIZE) {
    throw malformed('headerLength', size, `binary header of ${size} bytes is shorter than 21`);
  }
  const b = buf as unknown as number[]; // length checked above: plain byte reads
  const s = start;
  const header: CommandHeader = {
    code: (((b[s] as number) << 24) | ((b[s + 1] as number) << 16)) >> 16,
    language: languageName(b[s + 2] as number),
    version: (((b[s + 3] as number) << 24) | ((b[s + 4] as number) << 16)) >> 16,
    opaque: ((b[s + 5] as number) << 24) | ((b[s + 6] as number) << 16) | ((b[s + 7] as number) << 8) | (b[s + 8] as number),
    flag: ((b[s + 9] as number) << 24) | ((b[s + 10] as number) << 16) | ((b[s + 11] as number) << 8) | (b[s + 12] as number),
  };
  const text = latin1Slice(buf, start, end);
  const remarkLen = checkLength(buf, s + 13, 4, end, end - 4, 'remarkLen');
  if (remarkLen > 0) header.remark = readUtf8(buf, s + 17, s + 17 + remarkLen, text, start);
  const extPos = s + 17 + remarkLen;
  const extLen = checkLength(buf, extPos, 4, end, end, 'extLen');
  const extEnd = extPos + 4 + extLen;
  if (extEnd !== end) {
    throw malformed('extLen', extLen, `binary header has ${end - extEnd} bytes after its ext block`);
  }
  if (extLen > 0) header.extFields = decodeExtBlock(buf, text, start, extPos + 4, extEnd);
  return header;
}

/** The keys and values of the ext block being read (reused: reading is synchronous). */
const keys: string[] = [];
const values: string[] = [];
/** The key list read last and how its object is made (a literal, or key by key): answers repeat their key list. */
let lastKeys: string[] = [];
let lastLiteral: ExtLiteral | undefined;

/** `text` is the whole header read as latin1 (from `textBase`), so that ASCII strings are slices of it. */
function decodeExtBlock(buf: Buffer, text: string, textBase: number, start: number, end: number): Record<string, string> {
  let n = 0;
  let pos = start;
  while (pos < end) {
    const keyLen = checkLength(buf, pos, 2, end, end - 4, 'keyLen');
    const keyStart = pos + 2;
    pos = keyStart + keyLen;
    const valLen = checkLength(buf, pos, 4, end, end, 'valLen');
    const valStart = pos + 4;
    pos = valStart + valLen;
    if (keyLen > 0 && valLen > 0) {
      keys[n] = readKey(buf, keyStart, keyStart + keyLen, text, textBase);
      values[n++] = readUtf8(buf, valStart, pos, text, textBase);
    }
  }
  const literal = literalFor(n);
  if (literal !== undefined) return literal(values);
  const ext: Record<string, string> = {};
  for (let i = 0; i < n; i++) setOwn(ext, keys[i]!, values[i]!);
  return ext;
}

/** The literal for the `n` keys just read, when they are a list it knows ({@link EXT_LITERALS}: no key twice in those). */
function literalFor(n: number): ExtLiteral | undefined {
  if (n === lastKeys.length) {
    let i = 0;
    // Keys come from `recentKey`, so a repeated list is the same strings: compared by identity first.
    while (i < n && keys[i] === lastKeys[i]) i++;
    if (i === n) return lastLiteral;
  }
  lastKeys = keys.slice(0, n);
  lastLiteral = EXT_LITERALS.get(lastKeys.join(','));
  return lastLiteral;
}

/** An ext key: the string of the last time for the same ASCII bytes (`recentKey`), else decoded as UTF-8. */
function readKey(buf: Buffer, start: number, end: number, text: string, textBase: number): string {
  return isAscii(buf, start, end) ? recentKey(buf, start, end, text, textBase) : buf.toString('utf8', start, end);
}

/**
 * Reads the int16/int32 length at `pos`, checking that the length field ends by `fieldLimit` and the bytes it
 * announces end by `dataLimit`.
 */
function checkLength(buf: Buffer, pos: number, width: 2 | 4, fieldLimit: number, dataLimit: number, field: string): number {
  if (pos + width > fieldLimit) {
    throw malformed(field, fieldLimit - pos, `binary header ends ${fieldLimit - pos} bytes into its ${field}`);
  }
  const b = buf as unknown as number[]; // bounds checked above: plain byte reads
  const len = width === 2
    ? (((b[pos] as number) << 24) | ((b[pos + 1] as number) << 16)) >> 16
    : ((b[pos] as number) << 24) | ((b[pos + 1] as number) << 16) | ((b[pos + 2] as number) << 8) | (b[pos + 3] as number);
  if (len < 0) throw malformed(field, len, `${field} ${len} is negative`);
  if (pos + width + len > dataLimit) {
    throw malformed(field, len, `${field} ${len} runs past the end of the binary header`);
  }
  return len;
}

function writeKey(target: Buffer, pos: number, key: string): number {
  const n = writeUtf8(target, pos + 2, key);
  if (n > 0x7fff) {
    throw new ProtocolError('invalid-header-field', `ext key of ${n} bytes does not fit an int16 length`, {
      field: 'extFields',
      value: key.slice(0, 100),
    });
  }
  target[pos] = n >> 8;
  target[pos + 1] = n;
  return pos + 2 + n;
}

function writeLongString(target: Buffer, pos: number, value: string): number {
  const n = value.length === 0 ? 0 : writeUtf8(target, pos + 4, value);
  put32(target, pos, n);
  return pos + 4 + n;
}

/** Big-endian int32 at `pos` (room already checked); the offset after it. */
export function put32(target: Buffer, pos: number, value: number): number {
  target[pos] = value >>> 24;
  target[pos + 1] = value >>> 16;
  target[pos + 2] = value >>> 8;
  target[pos + 3] = value;
  return pos + 4;
}

function checkedInt(value: number, field: string, bits: 16 | 32): number {
  const max = bits === 16 ? 0x7fff : 0x7fffffff;
  if (Number.isInteger(value) && value >= -max - 1 && value <= max) return value;
  throw new ProtocolError('invalid-header-field', `${field} ${String(value)} does not fit an int${bits}`, {
    field,
    value,
  });
}

function malformed(field: string, value: unknown, message: string): ProtocolError {
  return new ProtocolError('malformed-binary-header', message, { field, value });
}
