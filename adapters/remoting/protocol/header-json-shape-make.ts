/**
 * Making the shape of a JSON header (see `header-json-shape.ts`, which reads by it): the bytes between the values
 * that change from one header of its kind to the next, what each value is, and the values that do not change.
 *
 * A value a peer writes the same in every header of a kind (its `flag`, `version` and `language`, the
 * `serializeTypeCurrentRPC`, a broker's `MSG_REGION` and `TRACE_ON`, a pull's `suggestWhichBrokerId`) is kept as
 * part of the constant bytes, with its decoded value: a header whose bytes there differ is simply of another shape.
 * Reading then neither scans nor makes it. Pure.
 */
import { HeaderKeyId, headerKeyId, int32LiteralAt, JsonByte } from './header-json-scan.js';
import { wordsOf } from './byte-words.js';
import { EXT_LITERALS, type ExtLiteral } from './json-ext-literals.js';
import { plainEnd } from './send-v2-json-header-read.js';
import { latin1Slice } from './utf8.js';

const { CODE, OPAQUE, FLAG, VERSION, LANGUAGE, EXT_FIELDS: EXT, SERIALIZE_TYPE } = HeaderKeyId;
const { QUOTE, COMMA, COLON, OPEN, CLOSE } = JsonByte;

/** Values per shape at most (the reader's scratch arrays). */
export const MAX_VALUES = 64;

/** The extFields keys whose values a broker writes the same in every answer of a kind. */
const STEADY_EXT_KEYS: ReadonlySet<string> = new Set(['MSG_REGION', 'TRACE_ON', 'suggestWhichBrokerId']);

export interface HeaderShape {
  /** The bytes before the first changing value. */
  readonly lead: Uint8Array;
  /** {@link lead} eight bytes at a time (see {@link wordsOf}). */
  readonly leadWords: Float64Array;
  /** Per value, in the header's order: what it is (a {@link HeaderKeyId}). */
  readonly kinds: Uint8Array;
  /** Per value: its extFields key (`''` for a header field). */
  readonly keys: readonly string[];
  /** Per value: 1 when it is kept with the constant bytes (its value is {@link steadyInts} or {@link steadyTexts}). */
  readonly steady: Uint8Array;
  /** Per value: a steady number. */
  readonly steadyInts: Int32Array;
  /** Per value: a steady string (`''` otherwise). */
  readonly steadyTexts: readonly string[];
  /** The values that change, in order (indexes into the per-value arrays). */
  readonly changing: Int32Array;
  /** Per changing value: the bytes after it, up to the next changing value or the end of the header. */
  readonly follows: readonly Uint8Array[];
  /** {@link follows} eight bytes at a time. */
  readonly followWords: readonly Float64Array[];
  /** The first and last changing string values (indexes into the per-value arrays): the text read per header; -1 for none. */
  readonly firstText: number;
  readonly lastText: number;
  /** Whether the header has extFields (perhaps empty: then no value is an extFields value). */
  readonly hasExt: boolean;
  /** Makes the extFields object at once when its keys are a list Java brokers write most (see {@link EXT_LITERALS}). */
  readonly extLiteral: ExtLiteral | undefined;
}

/**
 * The shape of `b[start..end)`: a flat object of known header fields, without repeated keys, whose numbers are
 * int32 literals, whose strings and extFields (a flat object of strings) are printable ASCII without escapes, with
 * `code` and `opaque`; `undefined` for anything else.
 */
export function shapeOf(b: Buffer, start: number, end: number): HeaderShape | undefined {
  if (end - start < 2 || b[start] !== OPEN || b[end - 1] !== CLOSE) return undefined;
  const kinds: number[] = [];
  const keys: string[] = [];
  /** Per value: where it starts and ends (a string's content, without its quotes). */
  const cuts: number[] = [];
  /** Per value: its number (0 for a string). */
  const ints: number[] = [];
  const intEnd = { pos: 0 };
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
      const value = int32LiteralAt(b, p, end - 1, intEnd);
      if (value === undefined) return undefined;
      kinds.push(field);
      keys.push('');
      cuts.push(p, intEnd.pos);
      ints.push(value);
      p = intEnd.pos;
    } else if (field === EXT) {
      if (b[p] !== OPEN) return undefined;
      p = extShape(b, p + 1, end, kinds, keys, cuts);
      if (p < 0) return undefined;
      while (ints.length < kinds.length) ints.push(0);
    } else {
      const valueEnd = plainEnd(b, p + 1, end);
      if (b[p] !== QUOTE || valueEnd < 0) return undefined;
      kinds.push(field);
      keys.push('');
      cuts.push(p + 1, valueEnd);
      ints.push(0);
      p = valueEnd + 1;
    }
    if (b[p] === CLOSE && p === end - 1) break;
    if (b[p] !== COMMA) return undefined;
    p++;
  }
  if ((seen & (1 << CODE)) === 0 || (seen & (1 << OPAQUE)) === 0 || kinds.length > MAX_VALUES) return undefined;
  return withSteadyValues(b, start, end, { kinds, keys, cuts, ints }, (seen & (1 << EXT)) !== 0);
}

/** The values of a header as {@link shapeOf} finds them. */
interface Found {
  readonly kinds: readonly number[];
  readonly keys: string[];
  readonly cuts: readonly number[];
  readonly ints: readonly number[];
}

/** The shape of the values `found`, the steady ones folded into the constant bytes. */
function withSteadyValues(b: Buffer, start: number, end: number, found: Found, hasExt: boolean): HeaderShape {
  const { kinds, keys, cuts, ints } = found;
  const n = kinds.length;
  const steady = new Uint8Array(n);
  const steadyInts = new Int32Array(n);
  const steadyTexts: string[] = [];
  const changing: number[] = [];
  for (let v = 0; v < n; v++) {
    const kind = kinds[v]!;
    const isSteady = kind === FLAG || kind === VERSION || kind === LANGUAGE || kind === SERIALIZE_TYPE || (kind === EXT && STEADY_EXT_KEYS.has(keys[v]!));
    steadyTexts.push(isSteady && kind > VERSION ? latin1Slice(b, cuts[2 * v]!, cuts[2 * v + 1]!) : '');
    steadyInts[v] = isSteady ? ints[v]! : 0;
    steady[v] = isSteady ? 1 : 0;
    if (!isSteady) changing.push(v);
  }
  const follows: Uint8Array[] = [];
  for (let j = 0; j < changing.length; j++) {
    const next = j + 1 < changing.length ? cuts[2 * changing[j + 1]!]! : end;
    follows.push(copy(b, cuts[2 * changing[j]! + 1]!, next));
  }
  const lead = copy(b, start, changing.length > 0 ? cuts[2 * changing[0]!]! : end);
  const texts = changing.filter((v) => kinds[v]! > VERSION);
  return {
    lead,
    leadWords: wordsOf(lead),
    kinds: Uint8Array.from(kinds),
    keys,
    steady,
    steadyInts,
    steadyTexts,
    changing: Int32Array.from(changing),
    follows,
    followWords: follows.map(wordsOf),
    firstText: texts.length > 0 ? texts[0]! : -1,
    lastText: texts.length > 0 ? texts[texts.length - 1]! : -1,
    hasExt,
    extLiteral: EXT_LITERALS.get(keys.filter((_, v) => kinds[v] === EXT).join(',')),
  };
}

/** The entries of an extFields object whose first byte after `{` is at `p`: the position after its `}`, or -1. */
function extShape(b: Buffer, p: number, end: number, kinds: number[], keys: string[], cuts: number[]): number {
  if (b[p] === CLOSE) return p + 1;
  const seen = new Set<string>();
  for (;;) {
    const keyEnd = plainEnd(b, p + 1, end);
    if (b[p] !== QUOTE || keyEnd < 0 || b[keyEnd + 1] !== COLON) return -1;
    const key = latin1Slice(b, p + 1, keyEnd);
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
