/**
 * The JSON header serialization (type 0, shared/protocol §2.4), byte-compatible with the Java client.
 *
 * fastjson writes the `RemotingCommand` bean properties in alphabetical order and leaves out nulls:
 * `{"code":…,"extFields":{…},"flag":…,"language":"…","opaque":…,"remark":"…","serializeTypeCurrentRPC":"JSON","version":…}`.
 * `extFields` is written (as `{}` when empty) whenever the map exists; its entries keep the object's insertion order.
 */
import type { RemotingCommand } from './command.js';
import { ProtocolError } from './errors.js';
import { setOwn } from './headers/own-record.js';

/** The header fields (everything but the body and the frame's serialization type). */
export type CommandHeader = Omit<RemotingCommand, 'body' | 'serializeType'>;

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** The JSON header text for `cmd`, exactly as the Java client writes it. */
export function jsonHeaderText(cmd: CommandHeader): string {
  let s = '{"code":' + int32(cmd.code, 'code');
  if (cmd.extFields != null) s += ',"extFields":' + extFieldsJson(cmd.extFields);
  s += ',"flag":' + int32(cmd.flag, 'flag') + ',"language":' + JSON.stringify(cmd.language);
  s += ',"opaque":' + int32(cmd.opaque, 'opaque');
  if (cmd.remark != null) s += ',"remark":' + JSON.stringify(cmd.remark);
  return s + ',"serializeTypeCurrentRPC":"JSON","version":' + int32(cmd.version, 'version') + '}';
}

/** The JSON header bytes (UTF-8) for `cmd`. */
export function encodeJsonHeader(cmd: CommandHeader): Buffer {
  return Buffer.from(jsonHeaderText(cmd), 'utf8');
}

/**
 * Parses a JSON header. Accepts any JSON object (any key order, unknown keys ignored, `serializeTypeCurrentRPC`
 * ignored); `extFields` values that are numbers or booleans become strings, null values are dropped (Java
 * cannot tell them from absent). Missing `flag`/`version` default to 0 and `language` to `JAVA`, as in Java.
 * @throws ProtocolError `invalid-json-header` for bad JSON, a non-object, a missing `code`/`opaque`, or a field
 *   of the wrong type; `context.field` names the field and `context.value` holds the offending value.
 */
export function decodeJsonHeader(buf: Buffer): CommandHeader {
  const obj = parseObject(buf);
  const header: CommandHeader = {
    code: intField(obj, 'code', undefined),
    language: languageField(obj.language),
    version: intField(obj, 'version', 0),
    opaque: intField(obj, 'opaque', undefined),
    flag: intField(obj, 'flag', 0),
  };
  const remark = obj.remark;
  if (remark != null) {
    if (typeof remark !== 'string') throw invalid('remark', remark, 'remark is not a string');
    header.remark = remark;
  }
  if (obj.extFields != null) header.extFields = extFieldsOf(obj.extFields);
  return header;
}

function extFieldsJson(ext: Record<string, string>): string {
  const keys = Object.keys(ext);
  for (const key of keys) {
    if (typeof ext[key] !== 'string') return coercedExtJson(ext, keys);
  }
  return JSON.stringify(ext);
}

/** Slow path: values that are not strings are written as their string form; null/undefined ones are left out. */
function coercedExtJson(ext: Record<string, unknown>, keys: string[]): string {
  const parts: string[] = [];
  for (const key of keys) {
    const value = ext[key];
    if (value != null) parts.push(JSON.stringify(key) + ':' + JSON.stringify(String(value)));
  }
  return '{' + parts.join(',') + '}';
}

function int32(value: number, field: string): number {
  if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return value;
  throw new ProtocolError('invalid-header-field', `${field} must be an int32, got ${String(value)}`, { field, value });
}

function parseObject(buf: Buffer): Record<string, unknown> {
  const text = buf.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError('invalid-json-header', `header is not valid JSON: ${preview(text)}`, {
      field: 'header',
      value: preview(text),
    }, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('header', parsed, 'header is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function intField(obj: Record<string, unknown>, field: string, fallback: number | undefined): number {
  const value = obj[field];
  if (typeof value === 'number' && (value | 0) === value) return value;
  if (value != null) throw invalid(field, value, `${field} is not an int32`);
  if (fallback !== undefined) return fallback;
  throw invalid(field, value, `header has no ${field}`);
}

function languageField(value: unknown): string {
  if (value == null) return 'JAVA';
  if (typeof value === 'string') return value;
  throw invalid('language', value, 'language is not a string');
}

function extFieldsOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('extFields', value, 'extFields is not an object');
  }
  const ext = value as Record<string, unknown>;
  for (const key in ext) {
    if (typeof ext[key] !== 'string') return coerceExt(ext, Object.keys(ext));
  }
  return ext as Record<string, string>;
}

function coerceExt(ext: Record<string, unknown>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = ext[key];
    if (v == null) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') setOwn(out, key, String(v));
    else throw invalid(`extFields.${key}`, v, `extFields.${key} is not a string`);
  }
  return out;
}

function invalid(field: string, value: unknown, message: string): ProtocolError {
  return new ProtocolError('invalid-json-header', message, { field, value });
}

function preview(text: string): string {
  return text.length > 200 ? text.slice(0, 200) + '…' : text;
}
