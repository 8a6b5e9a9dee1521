/**
 * Reading a JSON header by the shape of one read before. A peer writes the headers of one kind of request or
 * response with the same keys in the same order, and only some values change (a send response's queue, offset, id
 * and opaque). Once such a header has been decoded the general way, its shape is kept: the bytes between its values
 * (the keys and punctuation) and what each value is. The next header of that shape is read by comparing those bytes
 * and reading only the values, without finding and naming every key again.
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
import { HeaderKeyId, headerKeyId, int32LiteralAt, JsonByte } from './header-json-scan.js';
import { bytesMatch, viewOf, wordsOf } from './byte-words.js';
import { EXT_LITERALS, type ExtLiteral } from './json-ext-literals.js';
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
const { QUOTE, BACKSLASH, COMMA, COLON, OPEN, CLOSE } = JsonByte;

/** Shapes kept (the kinds of header a connection sees in turn: a producer's send responses, a consumer's pulls). */
const MAX_SHAPES = 8;
/** Longer headers are not given a shape (memory per shape stays small). */
const MAX_SHAPE_BYTES = 2048;
/** Values per shape at most (the scratch arrays below). */
const MAX_VALUES = 64;
/** After this many misses in a row, only every 16th miss is learned from (a peer of ever-new shapes costs little). */
const EAGER_MISSES = 8;

interface HeaderShape {
  /** The bytes before the first value. */
  readonly lead: Uint8Array;
  /** {@link lead} eight bytes at a time (see {@link wordsOf}). */
  readonly leadWords: Float64Array;
  /** Per value: what it is (a {@link HeaderKeyId}). */
  readonly kinds: Uint8Array;
  /** Per value: its extFields key (`''` for a header field). */
  readonly keys: readonly string[];
  /** Per value: the bytes after it, up to the next value or the end of the header. */
  readonly follows: readonly Uint8Array[];
  /** {@link follows} eight bytes at a time. */
  readonly followWords: readonly Float64Array[];
  /** Whether the header has extFields (perhaps empty: then no value is an extFields value). */
  readonly hasExt: boolean;
  /** Makes the extFields object at once when its keys are a list Java brokers write most (see {@link EXT_LITERALS}). */
  readonly extLiteral: ExtLiteral | undefined;
  /** The index of the first extFields value (they are consecutive); -1 when there is none. */
  readonly firstExt: number;
}

/** Most recently used first. */
const shapes: HeaderShape[] = [];
let misses = 0;

/** Per value of the header being read (reused: reading is synchronous): where a string starts and ends, or an int. */
const starts = new Int32Array(MAX_VALUES);
const ends = new Int32Array(MAX_VALUES);
const ints = new Int32Array(MAX_VALUES);
const intEnd = { pos: 0 };

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
  const follows = t.follows;
  const followWords = t.followWords;
  const n = kinds.length;
  let p = start + t.lead.length;
  // First every constant byte and the extent of every value; nothing is made before the whole header matched.
  for (let v = 0; v < n; v++) {
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
    const next = follows[v]!;
    if (!matchesAt(buf, view, p, next, followWords[v]!, end)) return undefined;
    p += next.length;
  }
  if (p !== end) return undefined;
  const text = latin1(buf, start, end);
  let code = 0;
  let opaque = 0;
  let flag = 0;
  let version = 0;
  let language = 'JAVA';
  let remark: string | undefined;
  const literal = t.extLiteral;
  const ext: Record<string, string> | undefined = literal !== undefined ? literal(text, starts, ends, t.firstExt, start) : t.hasExt ? {} : undefined;
  const keys = t.keys;
  for (let v = 0; v < n; v++) {
    const kind = kinds[v]!;
    if (kind === EXT) {
      if (literal === undefined) ext![keys[v]!] = text.slice(starts[v]! - start, ends[v]! - start);
    }
    else if (kind === CODE) code = ints[v]!;
    else if (kind === OPAQUE) opaque = ints[v]!;
    else if (kind === FLAG) flag = ints[v]!;
    else if (kind === VERSION) version = ints[v]!;
    else if (kind === LANGUAGE) language = text.slice(starts[v]! - start, ends[v]! - start);
    else if (kind === REMARK) remark = text.slice(starts[v]! - start, ends[v]! - start);
  }
  const header: CommandHeader = { code, language, version, opaque, flag };
  if (remark !== undefined) header.remark = remark;
  if (ext !== undefined) header.extFields = ext;
  return header;
}

/**
 * The shape of `buf[start..end)`: a flat object of known header fields, without repeated keys, whose numbers are
 * int32 literals, whose strings and extFields (a flat object of strings) are printable ASCII without escapes, with
 * `code` and `opaque`; `undefined` for anything else.
 */
function shapeOf(b: Buffer, start: number, end: number): HeaderShape | undefined {
  if (end - start < 2 || b[start] !== OPEN || b[end - 1] !== CLOSE) return undefined;
  const kinds: number[] = [];
  const keys: string[] = [];
  const cuts: number[] = [];
  /** The header keys seen, one bit per id. */
  let seen = 0;
  let p = start + 1;
  for (;;) {
    const keyEnd = plainEnd(b, p + 1, end);
    if (b[p] !== QUOTE || keyEnd < 0 || b[keyEnd + 1] !== COLON) return undefined;
    const field = headerKeyId(b, p + 1, keyEnd - p - 1);
    if (field < 0 || (seen & (1 << field)) !== 0) return undefined;
    seen |= 1 << field;
    p = keyEnd + 2;
    if (field <= VERSION) {
      if (int32At(b, p, end - 1, intEnd) === undefined) return undefined;
      kinds.push(field);
      keys.push('');
      cuts.push(p, intEnd.pos);
      p = intEnd.pos;
    } else if (field === EXT) {
      if (b[p] !== OPEN) return undefined;
      p = extShape(b, p + 1, end, kinds, keys, cuts);
      if (p < 0) return undefined;
    } else {
      const valueEnd = plainEnd(b, p + 1, end);
      if (b[p] !== QUOTE || valueEnd < 0) return undefined;
      kinds.push(field);
      keys.push('');
      cuts.push(p + 1, valueEnd);
      p = valueEnd + 1;
    }
    if (b[p] === CLOSE && p === end - 1) break;
    if (b[p] !== COMMA) return undefined;
    p++;
  }
  if ((seen & (1 << CODE)) === 0 || (seen & (1 << OPAQUE)) === 0 || kinds.length > MAX_VALUES) return undefined;
  const follows: Uint8Array[] = [];
  for (let v = 0; v < kinds.length; v++) follows.push(copy(b, cuts[2 * v + 1]!, v + 1 < kinds.length ? cuts[2 * v + 2]! : end));
  const lead = copy(b, start, kinds.length > 0 ? cuts[0]! : end);
  return {
    lead,
    leadWords: wordsOf(lead),
    kinds: Uint8Array.from(kinds),
    keys,
    follows,
    followWords: follows.map(wordsOf),
    hasExt: (seen & (1 << EXT)) !== 0,
    extLiteral: EXT_LITERALS.get(keys.filter((_, v) => kinds[v] === EXT).join(',')),
    firstExt: kinds.indexOf(EXT),
  };
}

/** The entries of an extFields object whose first byte after `{` is at `p`: the position after its `}`, or -1. */
function extShape(b: Buffer, p: number, end: number, kinds: number[], keys: string[], cuts: number[]): number {
  if (b[p] === CLOSE) return p + 1;
  const seen = new Set<string>();
  for (;;) {
    const keyEnd = plainEnd(b, p + 1, end);
    if (b[p] !== QUOTE || keyEnd < 0 || b[keyEnd + 1] !== COLON) return -1;
    const key = latin1(b, p + 1, keyEnd);
    // `__proto__` would need an own-property definition; such a header is left to the general way.
    if (seen.has(key) || key === '__proto__') return -1;
    seen.add(key);
    p = keyEnd + 2;
    const valueEnd = plainEnd(b, p + 1, end);
    if (b[p] !== QUOTE || valueEnd < 0) return -1;
    kinds.push(EXT);
    keys.push(key);
    cuts.push(p + 1, valueEnd);
    p = valueEnd + 1;
    const sep = b[p++];
    if (sep === CLOSE) return p;
    if (sep !== COMMA) return -1;
  }
}

function copy(b: Buffer, from: number, to: number): Uint8Array {
  return Uint8Array.from(b.subarray(from, to));
}

// `plainEnd` has a twin in send-v2-json-header-read.ts. Shared from one module, both readers measured 5-7 % slower
// in their microbenchmarks, so each keeps its own.
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
