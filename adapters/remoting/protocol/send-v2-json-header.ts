/**
 * The whole JSON header of a SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE request, written straight into bytes from its
 * {@link SendTemplate}: the same bytes as `jsonHeaderText` encoded to UTF-8, without building the text. The unchanging
 * bytes are copied; the changing values are written: e, f, g, h and j as ASCII, the properties (i) as ASCII with
 * their U+0001/U+0002 separators widened in place to `\u0001`/`\u0002` (as `JSON.stringify` writes them), and the opaque.
 *
 * Anything else — another key list, a value that is not a string, a remark, a value needing another JSON escape or
 * holding non-ASCII text, a number that is not an int32 — answers -1, and the caller writes the header the general
 * way (which also throws the typed errors). Pure; `scratch` is the caller's, used synchronously.
 */
import type { CommandHeader } from './header-json.js';
import { isSendV2Keys } from './headers/send-message-v2-keys.js';
import { NEXT_KEY, SEND_BATCH_MESSAGE, SEND_MESSAGE_V2, sendTemplateFor, type SendTemplate } from './send-v2-json-template.js';
import { utf8Write } from './utf8.js';

const isSendV2 = isSendV2Keys;
const writeUtf8 = utf8Write;
const templateFor = sendTemplateFor;

/** The longest e, f, g, h or j written (a queue id, a timestamp: far shorter). */
const MAX_PLAIN = 16;
/** Room the changing values take besides the properties: five plain values and an opaque. */
const VALUES_ROOM = 5 * MAX_PLAIN + 11;

/**
 * Writes the JSON header of `cmd` into `scratch` from offset 0 when it is a send whose header a template covers.
 * @returns the header's length in bytes, or -1 when the caller must write it the general way.
 */
export function writeSendV2JsonHeader(cmd: CommandHeader, scratch: Buffer): number {
  const code = cmd.code;
  if (code !== SEND_MESSAGE_V2 && code !== SEND_BATCH_MESSAGE) return -1;
  const ext = cmd.extFields;
  if (ext == null || cmd.remark != null) return -1;
  if (!isInt32(cmd.flag) || !isInt32(cmd.opaque) || !isInt32(cmd.version) || typeof cmd.language !== 'string') return -1;
  const keys = Object.keys(ext);
  if (!isSendV2(keys) || !allStrings(ext, keys.length)) return -1;
  return writeWith(templateFor(cmd), cmd, ext, scratch);
}

/** {@link writeSendV2JsonHeader} once the header is known to be a send header of `t`'s shape. */
function writeWith(t: SendTemplate, cmd: CommandHeader, ext: Readonly<Record<string, string>>, scratch: Buffer): number {
  const props = ext['i'] as string;
  // Widening a separator adds 5 bytes to its 1: 6 per character is the most the properties can take in place, and
  // they are staged as UTF-8 (up to 3 bytes per character) at the far end of the scratch bytes.
  if (t.fixedLength + VALUES_ROOM + props.length * 9 > scratch.length) return -1;
  let at = put(scratch, 0, t.lead);
  at = plainThen(scratch, at, ext['e'] as string, NEXT_KEY[0]!);
  at = plainThen(scratch, at, ext['f'] as string, NEXT_KEY[1]!);
  at = plainThen(scratch, at, ext['g'] as string, NEXT_KEY[2]!);
  at = plainThen(scratch, at, ext['h'] as string, NEXT_KEY[3]!);
  if (at < 0) return -1;
  at = writeProperties(scratch, at, props);
  if (at < 0) return -1;
  at = plainThen(scratch, put(scratch, at, NEXT_KEY[4]!), ext['j'] as string, t.tail);
  if (at < 0) return -1;
  at = writeInt(scratch, at, cmd.opaque);
  return put(scratch, at, t.after);
}

/** Whether every value of a send header's 13 or 14 keys is a string (named loads: one object shape per send). */
function allStrings(ext: Readonly<Record<string, unknown>>, count: number): boolean {
  return (
    typeof ext['a'] === 'string' &&
    typeof ext['b'] === 'string' &&
    typeof ext['c'] === 'string' &&
    typeof ext['d'] === 'string' &&
    typeof ext['e'] === 'string' &&
    typeof ext['f'] === 'string' &&
    typeof ext['g'] === 'string' &&
    typeof ext['h'] === 'string' &&
    typeof ext['i'] === 'string' &&
    typeof ext['j'] === 'string' &&
    typeof ext['k'] === 'string' &&
    (count === 13 || typeof ext['l'] === 'string') &&
    typeof ext['m'] === 'string' &&
    typeof ext['n'] === 'string'
  );
}

function isInt32(value: unknown): value is number {
  return typeof value === 'number' && (value | 0) === value;
}

/** Copies `bytes` into `into` at `at`; answers the offset after them. */
export function put(into: Buffer, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  // A few bytes (the keys between the changing values) cost less stored one by one than through a native copy.
  if (n < 16) for (let k = 0; k < n; k++) into[at + k] = bytes[k]!;
  else into.set(bytes, at);
  return at + n;
}

/**
 * Writes `s` when every character is printable ASCII that JSON leaves as it is, then `next`; -1 otherwise (and -1
 * when `at` already is).
 */
function plainThen(into: Buffer, at: number, s: string, next: Uint8Array): number {
  if (at < 0 || s.length > MAX_PLAIN) return -1;
  const end = ascii(into, at, s);
  return end < 0 ? -1 : put(into, end, next);
}

/** Writes `s` when every character is printable ASCII that JSON leaves as it is (not `"` or `\`); -1 otherwise. */
export function ascii(into: Buffer, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return -1;
    into[at + i] = c;
  }
  return at + s.length;
}

/**
 * Writes the properties text as JSON string content: ASCII as it is, U+0001 and U+0002 as `\u0001` and `\u0002`.
 * -1 when the text holds anything else JSON escapes (another control character, `"`, `\`) or non-ASCII text.
 * The text is first written as UTF-8 into the far end of `into` (bytes equal to characters means ASCII), then copied
 * into place in one pass that widens the separators.
 */
function writeProperties(into: Buffer, at: number, props: string): number {
  const staged = into.length - props.length * 3;
  const written = writeUtf8(into, props, staged);
  // More bytes than characters means non-ASCII text.
  if (written !== props.length) return -1;
  const end = staged + written;
  let to = at;
  for (let i = staged; i < end; i++) {
    const c = into[i]!;
    if (c >= 0x20) {
      if (c === 0x22 || c === 0x5c) return -1;
      into[to++] = c;
    } else if (c === 1 || c === 2) {
      into[to] = 0x5c; // `\u000` then the digit
      into[to + 1] = 0x75;
      into[to + 2] = 0x30;
      into[to + 3] = 0x30;
      into[to + 4] = 0x30;
      into[to + 5] = 0x30 + c;
      to += 6;
    } else return -1;
  }
  return to;
}

/** Writes an integer (an int32, or any safe integer) in decimal; answers the offset after it. */
export function writeInt(into: Buffer, at: number, value: number): number {
  let v = value;
  if (v < 0) {
    into[at++] = 0x2d;
    v = -v;
  }
  if (v < 0x80000000) return writeUint31(into, at, v);
  // Nine digits at a time in int32 arithmetic: a division of a double by ten costs about ten times as much.
  const high = Math.floor(v / 1e9);
  return writeNineDigits(into, writeInt(into, at, high), v - high * 1e9);
}

/** Writes `v` (0 ≤ v < 2^31) in decimal. */
function writeUint31(into: Buffer, at: number, value: number): number {
  const digits = decimalDigits(value);
  let v = value;
  for (let i = at + digits - 1; i >= at; i--) {
    const q = (v / 10) | 0;
    into[i] = 0x30 + (v - q * 10);
    v = q;
  }
  return at + digits;
}

/** The count of decimal digits of `v` (0 ≤ v < 2^31). */
export function decimalDigits(v: number): number {
  let digits = 1;
  for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
  return digits;
}

/** Writes `v` (0 ≤ v < 10^9) as exactly nine digits, with leading zeros. */
function writeNineDigits(into: Buffer, at: number, value: number): number {
  let v = value;
  for (let i = at + 8; i >= at; i--) {
    const q = (v / 10) | 0;
    into[i] = 0x30 + (v - q * 10);
    v = q;
  }
  return at + 9;
}
