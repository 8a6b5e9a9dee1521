/**
 * Reading a SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE JSON header from a template: the counterpart, on the receiving side
 * (the embedded broker), of `send-v2-json-header.ts`. A producer's sends repeat everything but the queue and
 * timestamp, a few numbers and the properties. So once one send header of a producer has been decoded the general
 * way, the bytes around its changing values are kept, and the next header with the same leading bytes is read by
 * comparing those bytes and reading only the changing values: `e`, `f`, `g`, `h`, `j` (plain strings), `i` (the
 * properties, whose only escapes may be `\u0001` and `\u0002`) and the opaque. The unchanging values are the strings
 * of the header the template was learned from.
 *
 * A header that does not match its template byte for byte, or holds anything the template does not cover, answers
 * `undefined` and is decoded the general way, so this only ever returns what the general decoder returns for the same
 * bytes (a property test holds it to that). Pure; the templates are a bounded memo.
 */
import { BoundedMemo } from '../../../core/util/bounded-memo.js';
import type { CommandHeader } from './header-json.js';
import { isSendV2Keys } from './headers/send-message-v2-keys.js';
import { latin1Slice } from './utf8.js';

const isSendV2 = isSendV2Keys;
const latin1 = latin1Slice;

/** `{"code":310,"extFields":{"a":"` and the same for 320: where every template starts. */
const PREFIXES = [Buffer.from('{"code":310,"extFields":{"a":"', 'latin1'), Buffer.from('{"code":320,"extFields":{"a":"', 'latin1')];
const PREFIX_LENGTH = 30;
/** `","e":"`: the end of the leading bytes that name a template. */
const E_MARK = Buffer.from('","e":"', 'latin1');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The bytes around the changing values, and the strings of the unchanging ones. */
interface ReadTemplate {
  readonly code: number;
  readonly language: string;
  readonly version: number;
  readonly flag: number;
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly d: string;
  readonly k: string;
  readonly l: string | undefined;
  readonly m: string;
  readonly n: string;
  /** From the start of the header up to and including `"e":"`. */
  readonly lead: Uint8Array;
  /** `","k":…,"n":…},"flag":…,"language":…,"opaque":` */
  readonly beforeOpaque: Uint8Array;
  /** `,"serializeTypeCurrentRPC":"JSON","version":…}` */
  readonly after: Uint8Array;
}

/** A template that could not be made for a lead (the sender formats differently): the general way only. */
const UNUSABLE = 'unusable';

/** Templates by the text of their lead (bounded: a broker of ever-new producers must not grow memory). */
const templates = new BoundedMemo<ReadTemplate | typeof UNUSABLE>(256);
/** The template read last, tried first. */
let last: ReadTemplate | undefined;

/** Where each changing value (e, f, g, h, i, j) starts and ends, per header read (reused: reading is synchronous). */
const starts = new Int32Array(6);
const ends = new Int32Array(6);
/** The end of the opaque, set by {@link readInt32}. */
let opaqueEnd = 0;

/** What follows each of e, f, g, h and i (j is followed by the template's `beforeOpaque`). */
const NEXT_KEY = ['","f":"', '","g":"', '","h":"', '","i":"', '","j":"'].map((s) => Buffer.from(s, 'latin1'));
/** Index of `i`, the properties, among the changing values. */
const I = 4;

/**
 * The header in `buf[start..end)` when it is a send header its template covers; `undefined` otherwise (the caller
 * decodes it the general way, and may then {@link learnSendV2JsonHeader} from the result).
 */
export function readSendV2JsonHeader(buf: Buffer, start: number, end: number): CommandHeader | undefined {
  if (end - start < 64 || buf[start + 8] !== 0x33) return undefined; // `{"code":3…`
  let t = last;
  if (t === undefined || !matches(buf, start, t.lead)) {
    const found = lookUp(buf, start, end);
    if (found === undefined) return undefined;
    t = found;
  }
  let p = start + t.lead.length;
  for (let v = 0; v < 6; v++) {
    starts[v] = p;
    p = v === I ? propertiesEnd(buf, p, end) : plainEnd(buf, p, end);
    const next = v < 5 ? NEXT_KEY[v]! : t.beforeOpaque;
    if (p < 0 || !matches(buf, p, next)) return undefined;
    ends[v] = p;
    p += next.length;
  }
  const opaque = readInt32(buf, p, end);
  if (opaque === undefined || opaqueEnd + t.after.length !== end || !matches(buf, opaqueEnd, t.after)) return undefined;
  last = t;
  // One Latin-1 read of the header (all of it is ASCII by now), sliced per value.
  const text = latin1(buf, start, end);
  const value = (v: number): string => text.slice(starts[v]! - start, ends[v]! - start);
  const i = propertiesText(buf, starts[I]!, ends[I]!, text, start);
  const ext: Record<string, string> =
    t.l === undefined
      ? { a: t.a, b: t.b, c: t.c, d: t.d, e: value(0), f: value(1), g: value(2), h: value(3), i, j: value(5), k: t.k, m: t.m, n: t.n }
      : { a: t.a, b: t.b, c: t.c, d: t.d, e: value(0), f: value(1), g: value(2), h: value(3), i, j: value(5), k: t.k, l: t.l, m: t.m, n: t.n };
  return { code: t.code, language: t.language, version: t.version, opaque, flag: t.flag, extFields: ext };
}

/**
 * Keeps a template for the send header `header` was decoded from (`buf[start..end)`), when the header has the shape
 * a template covers and the template writes those very bytes back.
 */
export function learnSendV2JsonHeader(buf: Buffer, start: number, end: number, header: CommandHeader): void {
  if ((header.code !== 310 && header.code !== 320) || header.remark !== undefined || header.extFields === undefined) return;
  // A header whose changing values a template cannot read (an escape, non-ASCII text) says nothing about the sender:
  // the template it has, if any, stays, and the next header may teach one.
  if (!coverable(header.extFields)) return;
  const leadEnd = leadEndOf(buf, start, end);
  if (leadEnd < 0) return;
  const key = latin1(buf, start, leadEnd);
  if (templates.get(key) === UNUSABLE) return;
  const made = makeTemplate(header);
  if (made === undefined) return;
  // Values it can read, and still not these bytes back: the sender writes its JSON differently. Never by template.
  templates.remember(key, writesBack(made, header, buf, start, end) ? made : UNUSABLE);
}

/** Whether a template could read these changing values (the same rules as the reader's). */
function coverable(ext: Readonly<Record<string, string>>): boolean {
  for (const key of ['e', 'f', 'g', 'h', 'j']) {
    const v = ext[key];
    if (typeof v !== 'string') return false;
    for (let k = 0; k < v.length; k++) {
      const c = v.charCodeAt(k);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) return false;
    }
  }
  const props = ext['i'];
  if (typeof props !== 'string') return false;
  for (let k = 0; k < props.length; k++) {
    const c = props.charCodeAt(k);
    if ((c < 0x20 && c !== 1 && c !== 2) || c > 0x7e || c === QUOTE || c === BACKSLASH) return false;
  }
  return true;
}

function lookUp(buf: Buffer, start: number, end: number): ReadTemplate | undefined {
  const leadEnd = leadEndOf(buf, start, end);
  if (leadEnd < 0) return undefined;
  const t = templates.get(latin1(buf, start, leadEnd));
  return t === undefined || t === UNUSABLE ? undefined : t;
}

/** The end of the lead (just after `"e":"`), or -1 when the header does not start like a send header. */
function leadEndOf(buf: Buffer, start: number, end: number): number {
  const prefix = buf[start + 9] === 0x31 ? PREFIXES[0]! : PREFIXES[1]!;
  if (!matches(buf, start, prefix)) return -1;
  // A quote inside a JSON string is escaped, so the first `","e":"` after the prefix ends the value of d.
  const at = buf.indexOf(E_MARK, start + PREFIX_LENGTH);
  return at < 0 || at + 7 > end ? -1 : at + 7;
}

function matches(buf: Buffer, at: number, bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (at + n > buf.length) return false;
  for (let k = 0; k < n; k++) if (buf[at + k] !== bytes[k]) return false;
  return true;
}

/** The closing quote of a string of printable ASCII without escapes starting at `at`; -1 for anything else. */
function plainEnd(buf: Buffer, at: number, end: number): number {
  for (let p = at; p < end; p++) {
    const c = buf[p]!;
    if (c === QUOTE) return p;
    if (c < 0x20 || c > 0x7e || c === BACKSLASH) return -1;
  }
  return -1;
}

/** The closing quote of the properties: printable ASCII, `\u0001` and `\u0002`; -1 for anything else. */
function propertiesEnd(buf: Buffer, at: number, end: number): number {
  for (let p = at; p < end; p++) {
    const c = buf[p]!;
    if (c === QUOTE) return p;
    if (c === BACKSLASH) {
      if (buf[p + 1] !== 0x75 || buf[p + 2] !== 0x30 || buf[p + 3] !== 0x30 || buf[p + 4] !== 0x30) return -1;
      const d = buf[p + 5];
      if (d !== 0x31 && d !== 0x32) return -1;
      p += 5;
    } else if (c < 0x20 || c > 0x7e) return -1;
  }
  return -1;
}

/**
 * The properties between `from` and `to` with their escapes undone; `text` is the header's Latin-1 text, which
 * starts at `base`.
 */
function propertiesText(buf: Buffer, from: number, to: number, text: string, base: number): string {
  let out = '';
  let run = from;
  for (let p = from; p < to; p++) {
    if (buf[p] !== BACKSLASH) continue;
    out += text.slice(run - base, p - base) + (buf[p + 5] === 0x31 ? '\u0001' : '\u0002');
    run = p + 6;
    p += 5;
  }
  return out + text.slice(run - base, to - base);
}

/** A JSON int32 at `at` (no leading zeros) followed by `,`; its end goes to {@link opaqueEnd}. */
function readInt32(buf: Buffer, at: number, end: number): number | undefined {
  let p = at;
  const negative = buf[p] === 0x2d;
  if (negative) p++;
  const first = p;
  let value = 0;
  while (p < end && p - first < 11) {
    const d = buf[p]! - 0x30;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    p++;
  }
  const digits = p - first;
  if (digits === 0 || digits > 10 || (digits > 1 && buf[first] === 0x30) || buf[p] !== 0x2c) return undefined;
  if (negative) value = -value;
  if ((value | 0) !== value) return undefined;
  opaqueEnd = p;
  return value;
}

function makeTemplate(header: CommandHeader): ReadTemplate | undefined {
  const ext = header.extFields!;
  if (!isSendV2(Object.keys(ext))) return undefined;
  const q = JSON.stringify;
  const l = ext['l'];
  const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
  return {
    code: header.code,
    language: header.language,
    version: header.version,
    flag: header.flag,
    a: ext['a']!,
    b: ext['b']!,
    c: ext['c']!,
    d: ext['d']!,
    k: ext['k']!,
    l,
    m: ext['m']!,
    n: ext['n']!,
    lead: bytes(`{"code":${header.code},"extFields":{"a":${q(ext['a'])},"b":${q(ext['b'])},"c":${q(ext['c'])},"d":${q(ext['d'])},"e":"`),
    beforeOpaque: bytes(
      `","k":${q(ext['k'])}${l === undefined ? '' : `,"l":${q(l)}`},"m":${q(ext['m'])},"n":${q(ext['n'])}},` +
        `"flag":${header.flag},"language":${q(header.language)},"opaque":`,
    ),
    after: bytes(`,"serializeTypeCurrentRPC":"JSON","version":${header.version}}`),
  };
}

/** Whether reading `buf[start..end)` with `t` gives `header` back (the sender writes what the template expects). */
function writesBack(t: ReadTemplate, header: CommandHeader, buf: Buffer, start: number, end: number): boolean {
  const saved = last;
  last = t;
  try {
    const read = readSendV2JsonHeader(buf, start, end);
    return read !== undefined && sameHeader(read, header);
  } finally {
    last = saved;
  }
}

function sameHeader(x: CommandHeader, y: CommandHeader): boolean {
  if (x.code !== y.code || x.language !== y.language || x.version !== y.version || x.opaque !== y.opaque || x.flag !== y.flag) return false;
  const xe = x.extFields!;
  const ye = y.extFields!;
  const keys = Object.keys(ye);
  if (Object.keys(xe).length !== keys.length) return false;
  for (const key of keys) if (xe[key] !== ye[key]) return false;
  return true;
}
