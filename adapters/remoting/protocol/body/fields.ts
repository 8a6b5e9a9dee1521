import { ProtocolError } from '../errors.js';
import { isJsonObject, parseFastjson, type JsonObject, type JsonValue, type ParseOptions } from './fastjson.js';

/**
 * Typed reads from parsed bodies. A field of the wrong type is `invalid-body` naming the field path and value;
 * a missing number or boolean takes Java's default (0 / false), since Java omits nothing but nulls.
 */
export function parseBodyObject(body: Uint8Array | string, what: string, opts?: ParseOptions): JsonObject {
  return asObject(parseFastjson(body, opts), what);
}

export function asObject(v: JsonValue | undefined, what: string): JsonObject {
  if (!isJsonObject(v)) throw invalid(what, v, 'an object');
  return v;
}

export function asArray(v: JsonValue | undefined, what: string): JsonValue[] {
  if (!Array.isArray(v)) throw invalid(what, v, 'an array');
  return v;
}

export function str(o: JsonObject, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw invalid(`${what}.${key}`, v, 'a string');
  return v;
}

export function optStr(o: JsonObject, key: string, what: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : str(o, key, what);
}

export function num(o: JsonObject, key: string, what: string): number {
  const v = o[key];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number') throw invalid(`${what}.${key}`, v, 'a number');
  return v;
}

export function bool(o: JsonObject, key: string, what: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw invalid(`${what}.${key}`, v, 'a boolean');
  return v;
}

/** An array field (missing or null → []), each element mapped. */
export function list<T>(o: JsonObject, key: string, what: string, item: (v: JsonValue, path: string) => T): T[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  return asArray(v, `${what}.${key}`).map((x, i) => item(x, `${what}.${key}[${i}]`));
}

export function stringItem(v: JsonValue, path: string): string {
  if (typeof v !== 'string') throw invalid(path, v, 'a string');
  return v;
}

export function numberItem(v: JsonValue, path: string): number {
  if (typeof v !== 'number') throw invalid(path, v, 'a number');
  return v;
}

export function invalid(path: string, value: unknown, expected: string): ProtocolError {
  return new ProtocolError('invalid-body', `${path} must be ${expected}`, { field: path, value });
}
