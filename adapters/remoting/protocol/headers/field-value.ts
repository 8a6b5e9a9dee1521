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
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const DECIMAL = /^[+-]?\d+$/;

function invalid(at: FieldLocation, value: unknown, why: string): ProtocolError {
  return new ProtocolError(
    'invalid-header-field',
    `${at.header}.${at.field} (ext key "${at.key}"): ${JSON.stringify(value) ?? String(value)} ${why}`,
    { header: at.header, field: at.field, key: at.key, expected: at.type, value },
  );
}

function parseInteger(at: FieldLocation, raw: string): number {
  const n = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
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

function checkValue(at: FieldLocation, value: unknown): void {
  const ok =
    at.type === 'string' ? typeof value === 'string'
    : at.type === 'boolean' ? typeof value === 'boolean'
    : at.type === 'int' ? Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX
    : Number.isSafeInteger(value);
  if (!ok) throw invalid(at, value, `is not a valid ${at.type}`);
}

/** Writes a typed value as Java's `toString()` would, after checking it fits the field type. */
export function formatFieldValue(at: FieldLocation, value: unknown): string {
  checkValue(at, value);
  return String(value);
}
