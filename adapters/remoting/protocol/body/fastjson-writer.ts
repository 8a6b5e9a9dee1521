import { KeyedEntries } from './fastjson.js';

/**
 * Writes JSON the way fastjson serializes Java objects (shared/protocol §5):
 * - a plain object is a Java bean: properties in alphabetical order, `null`/`undefined` ones omitted;
 * - a `Map` or {@link KeyedEntries} is a Java map: entries in iteration order, `null` values omitted, keys written
 *   as strings, bare numbers (legacy) or objects (fastjson's MessageQueue keys);
 * - arrays and Sets are arrays; {@link JavaDouble} is written like Java's `Double.toString`.
 *
 * `standard` mode is what a 4.9.4+ name server writes for new clients (BrowserCompatible, QuoteFieldNames,
 * MapSortField): map keys quoted and sorted, non-ASCII characters escaped as `\uXXXX`.
 */
export interface WriteOptions {
  standard?: boolean;
}

/** A number fastjson writes as a Java `double` (`0.0`, `12.5`, `1.0E7`). */
export class JavaDouble {
  constructor(readonly value: number) {}
}

export function writeFastjson(value: unknown, opts: WriteOptions = {}): string {
  return write(value, opts.standard === true);
}

function write(v: unknown, std: boolean): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return quote(v, std);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return std && (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) ? `"${v}"` : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      break;
  }
  if (v instanceof JavaDouble) return javaDoubleText(v.value);
  if (Array.isArray(v) || v instanceof Set) return `[${Array.from(v as Iterable<unknown>, (x) => write(x, std)).join(',')}]`;
  if (v instanceof Map) return writeMap([...v.entries()], std);
  if (v instanceof KeyedEntries) return writeMap(v.entries, std);
  return writeBean(v as Record<string, unknown>, std);
}

function writeBean(o: Record<string, unknown>, std: boolean): string {
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    const x = o[k];
    if (x !== null && x !== undefined) parts.push(`${quote(k, std)}:${write(x, std)}`);
  }
  return `{${parts.join(',')}}`;
}

function writeMap(entries: [unknown, unknown][], std: boolean): string {
  const kept = entries.filter(([, x]) => x !== null && x !== undefined);
  if (std) kept.sort(compareKeys);
  return `{${kept.map(([k, x]) => `${writeKey(k, std)}:${write(x, std)}`).join(',')}}`;
}

function writeKey(k: unknown, std: boolean): string {
  if (typeof k === 'number' || typeof k === 'bigint') return std ? `"${String(k)}"` : String(k);
  if (typeof k === 'string') return quote(k, std);
  return write(k, std);
}

/** MapSortField: a TreeMap's natural order (numbers numerically, strings by UTF-16 code units). */
function compareKeys([a]: [unknown, unknown], [b]: [unknown, unknown]): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function quote(s: string, asciiOnly: boolean): string {
  const q = JSON.stringify(s);
  if (!asciiOnly) return q;
  let out = '';
  let from = 0;
  for (let i = 0; i < q.length; i++) {
    const c = q.charCodeAt(i);
    if (c < 0x80) continue;
    out += `${q.slice(from, i)}\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? q : out + q.slice(from);
}

/** Java `Double.toString`: `1.0`, `0.5`, `1.0E7`, `1.5E-4` (shortest round-trip digits, as JS gives them). */
export function javaDoubleText(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa = '', exp = ''] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}
