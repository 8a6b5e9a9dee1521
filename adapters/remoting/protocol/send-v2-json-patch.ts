/**
 * A send's JSON header written as a copy of the last one of its template, patched in place. A producer's sends of
 * one topic differ in a few values of the same width: the queue id (one digit for queues 0–9), the born timestamp
 * (13 digits), the UNIQ_KEY (32 hex digits), and otherwise carry the same properties (the same strings: the codec,
 * TAGS, WAIT). So the header up to its opaque is the last one's bytes with those values written over theirs.
 *
 * {@link recordHeader} keeps what a full write of `send-v2-json-direct.ts` wrote (its bytes up to the opaque, and
 * where each value lies); {@link writePatched} copies that and writes the values that changed, or answers -1 when
 * one changed width, a property was added, removed, renamed or changed length, or a value is one the general path
 * writes differently (then the caller writes the header in full). The bytes are the same as a full write's by
 * construction: every byte either is the last header's, which a full write made from the same template and equal
 * values, or is written here as the full write writes it. No I/O; the caller owns the bytes written into.
 */
import { int32 } from './headers/send-message-v2.js';
import type { SendV2Fields } from './send-v2-json-direct.js';
import { ascii, decimalDigits, writeInt } from './send-v2-json-header.js';

/** The integer values a header has before its opaque, in order: queue id, sysFlag, message flag, reconsume times. */
export const INT_SLOTS = 4;
/** Property entries a recorded header may hold (more: not recorded). */
const MAX_ENTRIES = 16;

/** The values of a send that a patched header writes. */
export type PatchFields = Pick<SendV2Fields, 'queueId' | 'sysFlag' | 'bornTimestamp' | 'flag' | 'properties' | 'reconsumeTimes'>;

/** A header as a full write left it, up to its opaque. */
export interface LastHeader {
  readonly bytes: Uint8Array;
  readonly ints: Int32Array;
  readonly intAt: Int32Array;
  readonly intLength: Int32Array;
  readonly born: number;
  readonly bornAt: number;
  readonly bornLength: number;
  readonly names: readonly string[];
  readonly values: readonly string[];
  readonly valueAt: Int32Array;
}

/** Where a full write put each value (offsets from the header's start), filled in as it writes. */
export const written = {
  ints: new Int32Array(INT_SLOTS),
  intAt: new Int32Array(INT_SLOTS),
  intLength: new Int32Array(INT_SLOTS),
  born: 0,
  bornAt: 0,
  bornLength: 0,
  count: 0,
  names: new Array<string>(MAX_ENTRIES).fill(''),
  values: new Array<string>(MAX_ENTRIES).fill(''),
  valueAt: new Int32Array(MAX_ENTRIES),
};

/** Notes property entry `k`, written with its value ending at offset `end` (past {@link MAX_ENTRIES}, only counted). */
export function noteEntry(k: number, name: string, value: string, end: number): void {
  if (k < MAX_ENTRIES) {
    written.names[k] = name;
    written.values[k] = value;
    written.valueAt[k] = end - value.length;
  }
  written.count = k + 1;
}

/** The header a full write just put in `into[at..opaqueAt)`, as {@link written} describes it; `undefined` if too many entries. */
export function recordHeader(into: Buffer, at: number, opaqueAt: number): LastHeader | undefined {
  const w = written;
  if (w.count > MAX_ENTRIES) return undefined;
  return {
    bytes: Uint8Array.prototype.slice.call(into, at, opaqueAt),
    ints: Int32Array.from(w.ints),
    intAt: Int32Array.from(w.intAt),
    intLength: Int32Array.from(w.intLength),
    born: w.born,
    bornAt: w.bornAt,
    bornLength: w.bornLength,
    names: w.names.slice(0, w.count),
    values: w.values.slice(0, w.count),
    valueAt: w.valueAt.slice(0, w.count),
  };
}

/**
 * Writes the header of the send (its queue id, sysFlag, message flag, reconsume times, born timestamp and properties)
 * as `last` patched, into `into` from `at` (room checked by the caller).
 * @returns the offset where its opaque goes, or -1 when it cannot be written this way.
 */
export function writePatched(last: LastHeader, f: PatchFields, into: Buffer, at: number): number {
  into.set(last.bytes, at);
  if (
    !patchInt(last, 0, f.queueId, into, at) ||
    !patchInt(last, 1, f.sysFlag, into, at) ||
    !patchInt(last, 2, f.flag, into, at) ||
    !patchInt(last, 3, f.reconsumeTimes ?? 0, into, at)
  ) {
    return -1;
  }
  const born = f.bornTimestamp;
  if (born !== last.born) {
    if (!Number.isSafeInteger(born) || bornDigits(born) !== last.bornLength) return -1;
    const to = at + last.bornAt;
    for (let k = 0; k < bornLength; k++) into[to + k] = bornText[k]!;
  }
  return patchProperties(last, f.properties, into, at) ? at + last.bytes.length : -1;
}

function patchInt(last: LastHeader, s: number, value: number, into: Buffer, at: number): boolean {
  if (!int32(value)) return false;
  if (value === last.ints[s]) return true;
  if (value < 0 || decimalDigits(value) !== last.intLength[s]) return false;
  writeInt(into, at + last.intAt[s]!, value);
  return true;
}

/** The properties, in iteration order, as the same names with values equal to the last or of the same length. */
function patchProperties(last: LastHeader, props: Readonly<Record<string, string | undefined>>, into: Buffer, at: number): boolean {
  const { names, values, valueAt } = last;
  const count = names.length;
  let k = 0;
  for (const name in props) {
    if (!hasOwnProperty.call(props, name)) continue;
    const value = props[name];
    if (value === undefined) continue;
    if (k >= count || name !== names[k]) return false;
    if (value !== values[k] && (typeof value !== 'string' || value.length !== values[k]!.length || ascii(into, at + valueAt[k]!, value) < 0)) {
      return false;
    }
    k++;
  }
  return k === count;
}

/** Local: in a `for…in` loop V8 makes `hasOwnProperty.call(o, key)` a map check; `Object.hasOwn` or an import stays a call. */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** The digits of the last born timestamp made: sends of one millisecond share them. */
export const bornText = Buffer.alloc(24);
let bornLength = 0;
let lastBorn = Number.NaN;

/** Makes the digits of the safe integer `born` in {@link bornText}; answers their count. */
export function bornDigits(born: number): number {
  if (born !== lastBorn) {
    bornLength = writeInt(bornText, 0, born);
    lastBorn = born;
  }
  return bornLength;
}
