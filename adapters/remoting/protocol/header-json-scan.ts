/**
 * A byte-level fast path for JSON headers of the shape Java writes (shared/protocol §2.4): one flat object whose
 * numeric fields are int32 literals, whose string fields are strings, and whose `extFields` is a flat
 * string → string object, with no whitespace. Anything else (whitespace, `null`, floats, unknown keys, nested
 * values elsewhere, bad escapes, raw control characters, missing `code`/`opaque`) makes it answer `undefined`,
 * and the caller parses the header with `JSON.parse`, which then either succeeds or reports the error. So this
 * only ever returns what `JSON.parse` would have produced.
 *
 * Strings are slices of one latin1 read of the header when their bytes are ASCII without escapes, UTF-8 decoded
 * when they hold bytes ≥ 0x80 (no multi-byte sequence can span the ASCII quote that ends a string, so decoding
 * the string alone equals decoding the whole header), and handed to `JSON.parse` as a single literal when they
 * hold (already validated) escapes.
 */
import type { CommandHeader } from './header-json.js';
import { setOwn as setOwnImported } from './headers/own-record.js';
import { recentKey as recentKeyImported } from './recent-keys.js';

const setOwn = setOwnImported;
const recentKey = recentKeyImported;

/** The bytes of JSON's punctuation (shared with `header-json-shape.ts`). */
export const JsonByte = { QUOTE: 0x22, BACKSLASH: 0x5c, COMMA: 0x2c, COLON: 0x3a, OPEN: 0x7b, CLOSE: 0x7d } as const;
const { QUOTE, BACKSLASH, COMMA, COLON, OPEN, CLOSE } = JsonByte;

/** Result of scanning one string: where its closing quote is, and what its content needs to be decoded. */
const PLAIN = 0;
const HIGH = 1;
const ESCAPED = 2;
const ESCAPED_HIGH = 3;
const BAD = -1;

/** Byte classes inside a string: 0 plain ASCII, or one of the C_ values. */
const C_QUOTE = 1;
const C_BACKSLASH = 2;
const C_HIGH = 3;
const C_CONTROL = 4;
const CLASS: Uint8Array = Uint8Array.from({ length: 256 }, (_, x) =>
  x === QUOTE ? C_QUOTE : x === BACKSLASH ? C_BACKSLASH : x >= 0x80 ? C_HIGH : x < 0x20 ? C_CONTROL : 0,
);

/** The scanner's cursor and the header's latin1 text (one native read, then slices). */
interface Cursor {
  readonly b: Buffer;
  readonly text: string;
  readonly base: number;
  pos: number;
  /** End of the string last scanned (its closing quote). */
  strEnd: number;
}

/**
 * Scans `buf[start..end)` as a header.
 * @returns the header, or `undefined` when the text is outside the fast-path shape (the caller must then parse it
 *   with `JSON.parse`).
 */
export function scanJsonHeader(buf: Buffer, start: number, end: number): CommandHeader | undefined {
  if (end - start < 2 || buf[start] !== OPEN || buf[end - 1] !== CLOSE) return undefined;
  const c: Cursor = { b: buf, text: buf.toString('latin1', start, end), base: start, pos: start + 1, strEnd: 0 };
  let code: number | undefined;
  let opaque: number | undefined;
  let flag: number | undefined;
  let version: number | undefined;
  let language: string | undefined;
  let remark: string | undefined;
  let ext: Record<string, string> | undefined;
  const last = end - 1;
  for (;;) {
    if (buf[c.pos] !== QUOTE) return undefined;
    const keyAt = c.pos + 1;
    if (scanString(c, keyAt, last) !== PLAIN || buf[c.strEnd + 1] !== COLON) return undefined;
    const keyLen = c.strEnd - keyAt;
    c.pos = c.strEnd + 2;
    switch (headerKeyId(buf, keyAt, keyLen)) {
      case CODE:
        if ((code = scanInt(c, last)) === undefined) return undefined;
        break;
      case OPAQUE:
        if ((opaque = scanInt(c, last)) === undefined) return undefined;
        break;
      case FLAG:
        if ((flag = scanInt(c, last)) === undefined) return undefined;
        break;
      case VERSION:
        if ((version = scanInt(c, last)) === undefined) return undefined;
        break;
      case LANGUAGE:
        if ((language = readString(c, last)) === undefined) return undefined;
        break;
      case REMARK:
        if ((remark = readString(c, last)) === undefined) return undefined;
        break;
      case EXT_FIELDS:
        if ((ext = scanExt(c, last)) === undefined) return undefined;
        break;
      case SERIALIZE_TYPE: // ignored, as by the JSON.parse path
        if (readString(c, last) === undefined) return undefined;
        break;
      default:
        return undefined;
    }
    const sep = buf[c.pos];
    if (sep === CLOSE && c.pos === last) break;
    if (sep !== COMMA) return undefined;
    c.pos++;
  }
  if (code === undefined || opaque === undefined) return undefined;
  const header: CommandHeader = { code, language: language ?? 'JAVA', version: version ?? 0, opaque, flag: flag ?? 0 };
  if (remark !== undefined) header.remark = remark;
  if (ext !== undefined) header.extFields = ext;
  return header;
}

/**
 * The ids of a header's keys (their index in KEYS), shared with `header-json-shape.ts`. The int32 fields come first:
 * an id up to VERSION is a number.
 */
export const HeaderKeyId = { CODE: 0, OPAQUE: 1, FLAG: 2, VERSION: 3, LANGUAGE: 4, REMARK: 5, EXT_FIELDS: 6, SERIALIZE_TYPE: 7 } as const;
const { CODE, OPAQUE, FLAG, VERSION, LANGUAGE, REMARK, EXT_FIELDS, SERIALIZE_TYPE } = HeaderKeyId;
const KEYS = ['code', 'opaque', 'flag', 'version', 'language', 'remark', 'extFields', 'serializeTypeCurrentRPC'];
/** The header keys as bytes, indexed by key length: `[id, bytes]` (no two header keys share a length and first byte). */
const KEYS_BY_LENGTH: readonly (readonly (readonly [number, Uint8Array])[] | undefined)[] = keysByLength();

function keysByLength(): (readonly [number, Uint8Array])[][] {
  const out: (readonly [number, Uint8Array])[][] = [];
  KEYS.forEach((key, id) => (out[key.length] ??= []).push([id, Buffer.from(key, 'latin1')]));
  return out;
}

/** Which header key `b[at..at+len)` is (its {@link HeaderKeyId}), or -1 for any other key. */
export function headerKeyId(b: Buffer, at: number, len: number): number {
  const candidates = KEYS_BY_LENGTH[len];
  if (candidates === undefined) return -1;
  for (let i = 0; i < candidates.length; i++) {
    const [id, key] = candidates[i] as readonly [number, Uint8Array];
    let j = 0;
    while (j < len && b[at + j] === key[j]) j++;
    if (j === len) return id;
  }
  return -1;
}

/** A flat `{"k":"v",…}` at the cursor, or undefined. */
function scanExt(c: Cursor, last: number): Record<string, string> | undefined {
  const b = c.b;
  if (b[c.pos] !== OPEN) return undefined;
  const ext: Record<string, string> = {};
  c.pos++;
  if (b[c.pos] === CLOSE) {
    c.pos++;
    return ext;
  }
  for (;;) {
    const key = readKey(c, last);
    if (key === undefined || b[c.pos] !== COLON) return undefined;
    c.pos++;
    const value = readString(c, last);
    if (value === undefined) return undefined;
    if (key === '__proto__') setOwn(ext, key, value);
    else ext[key] = value;
    const sep = b[c.pos];
    c.pos++;
    if (sep === CLOSE) return ext;
    if (sep !== COMMA) return undefined;
  }
}

/** An extFields key at the cursor ({@link readString}), the same string as the last time for the same bytes. */
function readKey(c: Cursor, last: number): string | undefined {
  if (c.b[c.pos] !== QUOTE) return undefined;
  const from = c.pos + 1;
  if (scanString(c, from, last) !== PLAIN) return readString(c, last);
  const to = c.strEnd;
  c.pos = to + 1;
  return recentKey(c.b, from, to, c.text, c.base);
}

/** The string whose opening quote is at the cursor; the cursor moves past its closing quote. */
function readString(c: Cursor, last: number): string | undefined {
  if (c.b[c.pos] !== QUOTE) return undefined;
  const from = c.pos + 1;
  const kind = scanString(c, from, last);
  const to = c.strEnd;
  c.pos = to + 1;
  if (kind === PLAIN) return c.text.slice(from - c.base, to - c.base);
  if (kind === HIGH) return c.b.toString('utf8', from, to);
  if (kind === ESCAPED) return JSON.parse(c.text.slice(from - 1 - c.base, to + 1 - c.base)) as string;
  if (kind === ESCAPED_HIGH) return JSON.parse(c.b.toString('utf8', from - 1, to + 1)) as string;
  return undefined;
}

/**
 * Finds the closing quote of the string whose content starts at `from` (stored in `c.strEnd`) and classifies the
 * content: PLAIN (ASCII, no escapes), HIGH (bytes ≥ 0x80, no escapes), ESCAPED (valid escapes), BAD (a raw
 * control character, an invalid escape, or no closing quote before `last`).
 */
function scanString(c: Cursor, from: number, last: number): number {
  const b = c.b;
  const table = CLASS;
  let kind = PLAIN;
  for (let i = from; i < last; i++) {
    const x = table[b[i] as number] as number;
    if (x === 0) continue;
    if (x === C_QUOTE) {
      c.strEnd = i;
      return kind;
    }
    if (x === C_HIGH) kind |= HIGH;
    else if (x === C_BACKSLASH) {
      const n = escapeLength(b, i + 1, last);
      if (n === 0) return BAD;
      i += n;
      kind |= ESCAPED;
    } else return BAD;
  }
  return BAD;
}

/** Length of a valid escape after the backslash at `at - 1` (1, or 5 for `\uXXXX`), 0 when invalid. */
function escapeLength(b: Buffer, at: number, last: number): number {
  const x = b[at];
  if (x === 0x22 || x === 0x5c || x === 0x2f || x === 0x62 || x === 0x66 || x === 0x6e || x === 0x72 || x === 0x74) return 1;
  if (x !== 0x75 || at + 4 >= last) return 0;
  for (let i = at + 1; i <= at + 4; i++) {
    const h = b[i] as number;
    if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) return 0;
  }
  return 5;
}

/** An int32 literal at the cursor (see {@link int32LiteralAt}); the cursor moves past it. */
function scanInt(c: Cursor, last: number): number | undefined {
  return int32LiteralAt(c.b, c.pos, last, c);
}

/**
 * The int32 JSON literal at `b[at]` (an optional minus, digits without a leading zero, no fraction or exponent) that
 * is followed by `,` or `}` before `last`: its value, with its end put in `out.pos`; `undefined` for anything else.
 */
export function int32LiteralAt(b: Buffer, at: number, last: number, out: { pos: number }): number | undefined {
  let i = at;
  const negative = b[i] === 0x2d;
  if (negative) i++;
  const first = i;
  let value = 0;
  while (i < last && i - first < 11) {
    const d = (b[i] as number) - 0x30;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    i++;
  }
  const digits = i - first;
  if (digits === 0 || digits > 10 || (digits > 1 && b[first] === 0x30)) return undefined;
  const next = b[i];
  if (next !== COMMA && next !== CLOSE) return undefined;
  if (negative) value = -value;
  if ((value | 0) !== value) return undefined;
  out.pos = i;
  return value;
}
