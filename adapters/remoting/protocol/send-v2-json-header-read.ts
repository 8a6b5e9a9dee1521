/**
 * Reading a SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE JSON header with its producer's {@link SendTemplate}: the receiving
 * side (the embedded broker) of `send-v2-json-header.ts`. Once a send header has been decoded the general way, its
 * template is kept if writing the header with it gives exactly the bytes received (the sender writes JSON as we do).
 * The next header with the same leading bytes is then read by comparing the template's bytes and reading only the
 * changing values: e, f, g, h and j (printable ASCII without escapes), i (the properties, whose only escapes may be
 * `\u0001` and `\u0002`) and the opaque: what the template writes. The unchanging values are the template's strings.
 *
 * A header that does not match its template byte for byte, or holds anything else, answers `undefined` and is decoded
 * the general way, so this only ever returns what the general decoder returns for the same bytes (a property test
 * holds it to that). Pure; the templates are a bounded memo.
 */
import { BoundedMemo } from '../../../core/util/bounded-memo.js';
import type { CommandHeader } from './header-json.js';
import { int32LiteralAt, JsonByte } from './header-json-scan.js';
import { writeSendV2JsonHeader } from './send-v2-json-header.js';
import { NEXT_KEY, sendTemplateFor, type SendTemplate } from './send-v2-json-template.js';
import { latin1Slice } from './utf8.js';

const latin1 = latin1Slice;
const int32At = int32LiteralAt;

/** `{"code":310,"extFields":{"a":"` and the same for 320: where every template starts. */
const PREFIXES = [Buffer.from('{"code":310,"extFields":{"a":"', 'latin1'), Buffer.from('{"code":320,"extFields":{"a":"', 'latin1')];
const PREFIX_LENGTH = 30;
/** `","e":"`: the end of the leading bytes that name a template. */
const E_MARK = Buffer.from('","e":"', 'latin1');

const { QUOTE, BACKSLASH } = JsonByte;

/** A lead whose sender writes its JSON differently from the template: the general way only. */
const UNUSABLE = 'unusable';

/** Templates by the text of their lead (bounded: a broker of ever-new producers must not grow memory). */
const templates = new BoundedMemo<SendTemplate | typeof UNUSABLE>(256);
/** The template read last, tried first. */
let last: SendTemplate | undefined;

/** Where each changing value (e, f, g, h, i, j) starts and ends, per header read (reused: reading is synchronous). */
const starts = new Int32Array(6);
const ends = new Int32Array(6);
/** Where the opaque ends. */
const opaqueEnd = { pos: 0 };
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
    const next = v < 5 ? NEXT_KEY[v]! : t.tail;
    if (p < 0 || !matches(buf, p, next)) return undefined;
    ends[v] = p;
    p += next.length;
  }
  const opaque = int32At(buf, p, end - 1, opaqueEnd);
  if (opaque === undefined || opaqueEnd.pos + t.after.length !== end || !matches(buf, opaqueEnd.pos, t.after)) return undefined;
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
 * Keeps the template of the send header `header`, decoded the general way from `buf[start..end)`, when the template
 * writes those very bytes (`scratch`: where to write them, used synchronously). A header the template cannot write
 * (an escape, non-ASCII text) says nothing about its sender: the template it has, if any, stays.
 */
export function learnSendV2JsonHeader(buf: Buffer, start: number, end: number, header: CommandHeader, scratch: Buffer): void {
  const written = writeSendV2JsonHeader(header, scratch);
  if (written < 0) return;
  const leadEnd = leadEndOf(buf, start, end);
  if (leadEnd < 0) return;
  const key = latin1(buf, start, leadEnd);
  if (templates.get(key) === UNUSABLE) return;
  const same = written === end - start && buf.compare(scratch, 0, written, start, end) === 0;
  templates.remember(key, same ? sendTemplateFor(header) : UNUSABLE);
}

function lookUp(buf: Buffer, start: number, end: number): SendTemplate | undefined {
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

/**
 * The closing quote of a string of printable ASCII without escapes starting at `at`; -1 for anything else. Exported
 * for code off the hot path (a shape's making); the shape reader keeps a copy of its own (see there).
 */
export function plainEnd(buf: Buffer, at: number, end: number): number {
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
