import { ProtocolError } from '../errors.js';

/** How a header field's value is written in `extFields` (always as a string, Java `toString()`). */
export type FieldType = 'int' | 'long' | 'string' | 'boolean';

/** The TS value type of a field type. */
export type FieldValue<T extends FieldType> = T extends 'string' ? string : T extends 'boolean' ? boolean : number;

/** Where a value sits, for error messages and context. */
export interface FieldLocation {
  readonly header: string;
  readonly field: string;
  readonly key: string;
  readonly type: FieldType;
  /** A `long` whose Java `Long.MAX_VALUE` / `MIN_VALUE` mean "unbounded": they map to ±Infinity. */
  readonly longLimitsAsInfinity?: boolean;
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const JAVA_LONG_MAX = '9223372036854775807';
const JAVA_LONG_MIN = '-9223372036854775808';

function invalid(at: FieldLocation, value: unknown, why: string): ProtocolError {
  return new ProtocolError(
    'invalid-header-field',
    `${at.header}.${at.field} (ext key "${at.key}"): ${JSON.stringify(value) ?? String(value)} ${why}`,
    { header: at.header, field: at.field, key: at.key, expected: at.type, value },
  );
}

function parseLongLimit(raw: string): number | undefined {
  const digits = raw.replace(/^\+/, '').replace(/^(-?)0+(?=\d)/, '$1');
  if (digits === JAVA_LONG_MAX) return Number.POSITIVE_INFINITY;
  if (digits === JAVA_LONG_MIN) return Number.NEGATIVE_INFINITY;
  return undefined;
}

/** Whether `s` is an optional sign and then digits (`/^[+-]?\d+$/`), without a regular expression: this runs for every number of every header. */
function isDecimal(s: string): boolean {
  const len = s.length;
  let i = 0;
  if (len > 0) {
    const c = s.charCodeAt(0);
    if (c === 0x2b || c === 0x2d) i = 1;
  }
  if (i === len) return false;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function parseInteger(at: FieldLocation, raw: string): number {
  const decimal = isDecimal(raw);
  const limit = at.longLimitsAsInfinity && decimal ? parseLongLimit(raw) : undefined;
  if (limit !== undefined) return limit;
  const n = decimal ? Number(raw) : Number.NaN;
  if (at.type === 'int' && !(n >= INT32_MIN && n <= INT32_MAX)) throw invalid(at, raw, 'is not an int32');
  if (at.type === 'long' && !Number.isSafeInteger(n)) throw invalid(at, raw, 'is not an integer within ±(2^53 − 1)');
  return n === 0 ? 0 : n;
}

function parseBoolean(at: FieldLocation, raw: string): boolean {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw invalid(at, raw, 'is not a boolean ("true" or "false")');
}

/** Parses one `extFields` string into the field's typed value, or throws `invalid-header-field`. */
export function parseFieldValue(at: FieldLocation, raw: unknown): string | number | boolean {
  if (typeof raw !== 'string') throw invalid(at, raw, 'is not a string');
  switch (at.type) {
    case 'string':
      return raw;
    case 'boolean':
      return parseBoolean(at, raw);
    default:
      return parseInteger(at, raw);
  }
}

function fitsType(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'int':
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;
    default:
      return Number.isSafeInteger(value);
  }
}

function checkValue(at: FieldLocation, value: unknown): void {
  const isLimit = value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY;
  if (isLimit && at.longLimitsAsInfinity === true) return;
  if (!fitsType(at.type, value)) throw invalid(at, value, `is not a valid ${at.type}`);
}

/** Writes a typed value as Java's `toString()` would, after checking it fits the field type. */
export function formatFieldValue(at: FieldLocation, value: unknown): string {
  checkValue(at, value);
  if (value === Number.POSITIVE_INFINITY) return JAVA_LONG_MAX;
  if (value === Number.NEGATIVE_INFINITY) return JAVA_LONG_MIN;
  return String(value);
}
