/**
 * Reading a JSON header by the shape of one read before. A peer writes the headers of one kind of request or
 * response with the same keys in the same order, and only some values change (a send response's queue, offset, id
 * and opaque). Once such a header has been decoded the general way, its shape is kept: the bytes between the values
 * that change (the keys, the punctuation, and the values a peer writes the same every time, which are kept decoded:
 * see `header-json-shape-make.ts`) and what each value is. The next header of that shape is read by comparing those
 * bytes and reading only the changing values, without finding and naming every key again.
 *
 * A shape is only made of a header in the flat form Java writes with every string value printable ASCII without
 * escapes and every number an int32 literal, and only kept when reading the header it was made of with it gives
 * exactly what the general decoder gave. A header read with it must match every constant byte, and each value must
 * be a token of the same kind (a string of printable ASCII without `"` or `\`, which ends at the first quote; an
 * int32 literal, which ends at the first non-digit): so it is the same JSON object with other values, and reads as
 * the general decoder reads it. Anything else answers `undefined` (a property test holds the reader to the general
 * decoder). Pure; the shapes are a short list, most recently used first.
 */
import type { CommandHeader } from './header-json.js';
import { HeaderKeyId, int32LiteralAt, JsonByte } from './header-json-scan.js';
import { bytesMatch, viewOf } from './byte-words.js';
import { type HeaderShape, MAX_VALUES, shapeOf } from './header-json-shape-make.js';
import { latin1Slice } from './utf8.js';

const latin1 = latin1Slice;
const matchesAt = bytesMatch;
const bytesView = viewOf;
const int32At = int32LiteralAt;

/**
 * What a value of a shape is: the id of its header key (the scanner's), EXT for an extFields value;
 * `serializeTypeCurrentRPC` is checked but not kept, as by the general decoder.
 */
const { CODE, OPAQUE, FLAG, VERSION, LANGUAGE, REMARK, EXT_FIELDS: EXT } = HeaderKeyId;
const { QUOTE, BACKSLASH } = JsonByte;

/** Shapes kept (the kinds of header a connection sees in turn: a producer's send responses, a consumer's pulls). */
const MAX_SHAPES = 8;
/** Longer headers are not given a shape (memory per shape stays small). */
const MAX_SHAPE_BYTES = 2048;
/** After this many misses in a row, only every 16th miss is learned from (a peer of ever-new shapes costs little). */
const EAGER_MISSES = 8;

/** Most recently used first. */
const shapes: HeaderShape[] = [];
let misses = 0;

/** Per value of the header being read (reused: reading is synchronous): where a string starts and ends, or an int. */
const starts = new Int32Array(MAX_VALUES);
const ends = new Int32Array(MAX_VALUES);
const ints = new Int32Array(MAX_VALUES);
const intEnd = { pos: 0 };
/** The extFields values of the header being read, in order (reused). */
const extValues: string[] = [];

/**
 * The header in `buf[start..end)` when it has the shape of one learned before; `undefined` otherwise (the caller
 * decodes it the general way and may then {@link learnJsonHeaderShape} from the result).
 */
export function readJsonHeaderByShape(buf: Buffer, start: number, end: number): CommandHeader | undefined {
  const n = shapes.length;
  for (let s = 0; s < n; s++) {
    const shape = shapes[s]!;
    const header = readWith(shape, buf, start, end);
    if (header === undefined) continue;
    misses = 0;
    if (s > 0) {
      shapes.splice(s, 1);
      shapes.unshift(shape);
    }
    return header;
  }
  return undefined;
}

/**
 * Keeps the shape of `header`, just decoded the general way from `buf[start..end)`, when it has one and reading the
 * same bytes with it gives the same header.
 */
export function learnJsonHeaderShape(buf: Buffer, start: number, end: number, header: CommandHeader): void {
  if (end - start > MAX_SHAPE_BYTES) return;
  misses++;
  if (misses > EAGER_MISSES && (misses & 15) !== 0) return;
  const shape = shapeOf(buf, start, end);
  if (shape === undefined) return;
  const read = readWith(shape, buf, start, end);
  if (read === undefined || !sameHeader(read, header)) return;
  if (shapes.length === MAX_SHAPES) shapes.pop();
  shapes.unshift(shape);
}

/** How many shapes are kept (tests). */
export function knownJsonHeaderShapes(): number {
  return shapes.length;
}

/** Forgets every shape (tests). */
export function forgetJsonHeaderShapes(): void {
  shapes.length = 0;
  misses = 0;
}

function readWith(t: HeaderShape, buf: Buffer, start: number, end: number): CommandHeader | undefined {
  const view = bytesView(buf);
  if (!matchesAt(buf, view, start, t.lead, t.leadWords, end)) return undefined;
  const kinds = t.kinds;
  const changing = t.changing;
  const follows = t.follows;
  const followWords = t.followWords;
  const m = changing.length;
  let p = start + t.lead.length;
  // First every constant byte and the extent of every changing value; nothing is made before the whole header matched.
  for (let j = 0; j < m; j++) {
    const v = changing[j]!;
    if (kinds[v]! <= VERSION) {
      const value = int32At(buf, p, end - 1, intEnd);
      if (value === undefined) return undefined;
      ints[v] = value;
      p = intEnd.pos;
    } else {
      starts[v] = p;
      p = plainEnd(buf, p, end);
      if (p < 0) return undefined;
      ends[v] = p;
    }
    const next = follows[j]!;
    if (!matchesAt(buf, view, p, next, followWords[j]!, end)) return undefined;
    p += next.length;
  }
  if (p !== end) return undefined;
  return headerOf(t, buf);
}

/** The header of a matched shape: its steady values as learned, its changing ones where {@link readWith} found them in `buf`. */
function headerOf(t: HeaderShape, buf: Buffer): CommandHeader {
  const { kinds, steady, steadyInts, steadyTexts } = t;
  const n = kinds.length;
  // One string of the bytes from the first changing string value to the last; the values are slices of it.
  const base = t.firstText < 0 ? 0 : starts[t.firstText]!;
  const text = t.firstText < 0 ? '' : latin1(buf, base, ends[t.lastText]!);
  let code = 0;
  let opaque = 0;
  let flag = 0;
  let version = 0;
  let language = 'JAVA';
  let remark: string | undefined;
  let e = 0;
  for (let v = 0; v < n; v++) {
    const kind = kinds[v]!;
    if (kind <= VERSION) {
      const value = steady[v] === 1 ? steadyInts[v]! : ints[v]!;
      if (kind === CODE) code = value;
      else if (kind === OPAQUE) opaque = value;
      else if (kind === FLAG) flag = value;
      else version = value;
    } else {
      const value = steady[v] === 1 ? steadyTexts[v]! : text.slice(starts[v]! - base, ends[v]! - base);
      if (kind === EXT) extValues[e++] = value;
      else if (kind === LANGUAGE) language = value;
      else if (kind === REMARK) remark = value;
    }
  }
  const header: CommandHeader = { code, language, version, opaque, flag };
  if (remark !== undefined) header.remark = remark;
  if (t.hasExt) header.extFields = extOf(t, e);
  return header;
}

/** The extFields object of the `count` values in {@link extValues}: by the shape's literal, else key by key. */
function extOf(t: HeaderShape, count: number): Record<string, string> {
  const literal = t.extLiteral;
  if (literal !== undefined) return literal(extValues);
  const ext: Record<string, string> = {};
  const { kinds, keys } = t;
  let e = 0;
  for (let v = 0; v < kinds.length && e < count; v++) if (kinds[v] === EXT) ext[keys[v]!] = extValues[e++]!;
  return ext;
}

// `plainEnd` has a twin in send-v2-json-header-read.ts (which the shape maker uses). Shared from one module, the
// readers measured 5-7 % slower in their microbenchmarks, so each reader keeps its own.
/** The closing quote of a string of printable ASCII without escapes whose content starts at `at`; -1 otherwise. */
function plainEnd(buf: Buffer, at: number, end: number): number {
  for (let p = at; p < end; p++) {
    const c = buf[p]!;
    if (c === QUOTE) return p;
    if (c < 0x20 || c > 0x7e || c === BACKSLASH) return -1;
  }
  return -1;
}

function sameHeader(a: CommandHeader, b: CommandHeader): boolean {
  if (a.code !== b.code || a.opaque !== b.opaque || a.flag !== b.flag || a.version !== b.version) return false;
  if (a.language !== b.language || a.remark !== b.remark || ('remark' in a) !== ('remark' in b)) return false;
  const x = a.extFields;
  const y = b.extFields;
  if (x === undefined || y === undefined) return x === y && ('extFields' in a) === ('extFields' in b);
  const xk = Object.keys(x);
  const yk = Object.keys(y);
  return xk.length === yk.length && xk.every((k, i) => k === yk[i] && x[k] === y[k]);
}
