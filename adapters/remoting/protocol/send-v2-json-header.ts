/**
 * The whole JSON header of a SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE request, written straight into bytes from a
 * template: the same bytes as `jsonHeaderText` encoded to UTF-8, without building the text.
 *
 * A producer's sends differ only in the queue (`e`), the born timestamp (`g`), the properties (`i`) and the opaque;
 * everything else (group, topic, flags, broker name, code, language, version) repeats. So the bytes between those four
 * values are kept per topic, and a send copies them and writes the four values. The properties are written as
 * ASCII and their U+0001/U+0002 separators widened in place to `\u0001`/`\u0002`, as `JSON.stringify` writes them.
 *
 * Anything else — another key list, a value that is not a string, a remark, a value needing another JSON escape or
 * holding non-ASCII text, a number that is not an int32 — answers -1, and the caller writes the header the general
 * way (which also throws the typed errors). Pure; `scratch` is the caller's, used synchronously.
 */
import { BoundedMemo } from '../../../core/util/bounded-memo.js';
import type { CommandHeader } from './header-json.js';
import { isSendV2Keys } from './headers/send-message-v2-keys.js';
import { utf8Write } from './utf8.js';

const SEND_MESSAGE_V2 = 310;
const SEND_BATCH_MESSAGE = 320;

const isSendV2 = isSendV2Keys;
const writeUtf8 = utf8Write;

/** The bytes around `e`, `g`, `i` and the opaque, and the values they were made from. */
interface Template {
  readonly code: number;
  readonly flag: number;
  readonly language: string;
  readonly version: number;
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly d: string;
  readonly f: string;
  readonly h: string;
  readonly j: string;
  readonly k: string;
  readonly l: string | undefined;
  readonly m: string;
  readonly n: string;
  /** `{"code":…,"extFields":{"a":…,"d":…,"e":"` */
  readonly beforeE: Uint8Array;
  /** `","f":…,"g":"` */
  readonly beforeG: Uint8Array;
  /** `","h":…,"i":"` */
  readonly beforeI: Uint8Array;
  /** `","j":…,"n":…},"flag":…,"language":…,"opaque":` */
  readonly beforeOpaque: Uint8Array;
  /** `,"serializeTypeCurrentRPC":"JSON","version":…}` */
  readonly after: Uint8Array;
  /** The four parts' lengths together. */
  readonly fixedLength: number;
}

/**
 * Templates by topic, one memo per request code, so that a producer whose single sends and batches of one topic
 * alternate (auto-batching) keeps both (bounded: a producer of ever-new topics must not grow memory).
 */
const singleTemplates = new BoundedMemo<Template>(256);
const batchTemplates = new BoundedMemo<Template>(256);

/** Room a send's header needs besides the properties: the template, a queue id, a timestamp and an opaque. */
const VALUES_ROOM = 64;

/**
 * Writes the JSON header of `cmd` into `scratch` from offset 0 when it is a send whose header the template covers.
 * @returns the header's length in bytes, or -1 when the caller must write it the general way.
 */
export function writeSendV2JsonHeader(cmd: CommandHeader, scratch: Buffer): number {
  const code = cmd.code;
  if (code !== SEND_MESSAGE_V2 && code !== SEND_BATCH_MESSAGE) return -1;
  const ext = cmd.extFields;
  if (ext == null || cmd.remark != null) return -1;
  if (!isInt32(cmd.flag) || !isInt32(cmd.opaque) || !isInt32(cmd.version) || typeof cmd.language !== 'string') return -1;
  const keys = Object.keys(ext);
  if (!isSendV2(keys)) return -1;
  if (!allStrings(ext, keys.length)) return -1;
  const props = ext['i'] as string;
  const t = templateFor(cmd, ext);
  // Widening a separator adds 5 bytes to its 1: 6 per character is the most the properties can take in place, and
  // they are staged as UTF-8 (up to 3 bytes per character) at the far end of the scratch bytes.
  if (t.fixedLength + VALUES_ROOM + props.length * 9 > scratch.length) return -1;
  let at = put(scratch, 0, t.beforeE);
  at = writeSafeAscii(scratch, at, ext['e'] as string);
  if (at < 0) return -1;
  at = put(scratch, at, t.beforeG);
  at = writeSafeAscii(scratch, at, ext['g'] as string);
  if (at < 0) return -1;
  at = put(scratch, at, t.beforeI);
  at = writeProperties(scratch, at, props);
  if (at < 0) return -1;
  at = put(scratch, at, t.beforeOpaque);
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

function put(into: Buffer, at: number, bytes: Uint8Array): number {
  into.set(bytes, at);
  return at + bytes.length;
}

/** Writes `s` when every character is printable ASCII that JSON leaves as it is; -1 otherwise. */
function writeSafeAscii(into: Buffer, at: number, s: string): number {
  if (s.length > VALUES_ROOM / 4) return -1;
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

/** Writes an int32 in decimal. */
function writeInt(into: Buffer, at: number, value: number): number {
  let v = value;
  if (v < 0) {
    into[at++] = 0x2d;
    // -2^31 has no positive int32: its digits are those of 2^31.
    v = -v;
  }
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  let i = at + digits - 1;
  do {
    into[i--] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  } while (v > 0);
  return at + digits;
}

function templateFor(cmd: CommandHeader, ext: Readonly<Record<string, string>>): Template {
  const topic = ext['b'] as string;
  const templates = cmd.code === SEND_BATCH_MESSAGE ? batchTemplates : singleTemplates;
  const t = templates.get(topic);
  return t !== undefined && fits(t, cmd, ext) ? t : templates.remember(topic, makeTemplate(cmd, ext));
}

/** Whether `t` was made for the values `cmd` and `ext` hold (all but the four written per send). */
function fits(t: Template, cmd: CommandHeader, ext: Readonly<Record<string, string>>): boolean {
  return (
    t.b === ext['b'] &&
    t.a === ext['a'] &&
    t.code === cmd.code &&
    t.flag === cmd.flag &&
    t.version === cmd.version &&
    t.language === cmd.language &&
    t.c === ext['c'] &&
    t.d === ext['d'] &&
    t.f === ext['f'] &&
    t.h === ext['h'] &&
    t.j === ext['j'] &&
    t.k === ext['k'] &&
    t.l === ext['l'] &&
    t.m === ext['m'] &&
    t.n === ext['n']
  );
}

function makeTemplate(cmd: CommandHeader, ext: Readonly<Record<string, string>>): Template {
  const q = JSON.stringify;
  const l = ext['l'];
  const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
  const beforeE = bytes(`{"code":${cmd.code},"extFields":{"a":${q(ext['a'])},"b":${q(ext['b'])},"c":${q(ext['c'])},"d":${q(ext['d'])},"e":"`);
  const beforeG = bytes(`","f":${q(ext['f'])},"g":"`);
  const beforeI = bytes(`","h":${q(ext['h'])},"i":"`);
  const beforeOpaque = bytes(
    `","j":${q(ext['j'])},"k":${q(ext['k'])}${l === undefined ? '' : `,"l":${q(l)}`},"m":${q(ext['m'])},"n":${q(ext['n'])}},` +
      `"flag":${cmd.flag},"language":${q(cmd.language)},"opaque":`,
  );
  const after = bytes(`,"serializeTypeCurrentRPC":"JSON","version":${cmd.version}}`);
  return {
    code: cmd.code,
    flag: cmd.flag,
    language: cmd.language,
    version: cmd.version,
    a: ext['a'] as string,
    b: ext['b'] as string,
    c: ext['c'] as string,
    d: ext['d'] as string,
    f: ext['f'] as string,
    h: ext['h'] as string,
    j: ext['j'] as string,
    k: ext['k'] as string,
    l,
    m: ext['m'] as string,
    n: ext['n'] as string,
    beforeE,
    beforeG,
    beforeI,
    beforeOpaque,
    after,
    fixedLength: beforeE.length + beforeG.length + beforeI.length + beforeOpaque.length + after.length,
  };
}
