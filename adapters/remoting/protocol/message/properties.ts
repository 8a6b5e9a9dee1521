import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR, SystemProperty } from '../../../../core/message/system-properties.js';
import { ProtocolError } from '../errors.js';
import { setOwn } from '../headers/own-record.js';

/** Local: in a `for…in` loop V8 makes `hasOwnProperty.call(o, key)` a map check; `Object.hasOwn` or an import stays a call. */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * The properties string of a message (shared/protocol §6.4): `name U+0001 value U+0002 name U+0001 value`, UTF-8.
 * The separators, the property names and the transient prefix are core's (`core/message/system-properties.ts`):
 * one list serves the core's message model and the wire codec.
 */
export { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR, TRANSIENT_PROPERTY_PREFIX } from '../../../../core/message/system-properties.js';

/** Every property key RocketMQ defines (4.9.x and 5.x), by Java constant name without `PROPERTY_`: core's {@link SystemProperty}. */
export const MessageProperty = SystemProperty;

export type Properties = Record<string, string>;

/** Known keys by length: a decoded name equal to one of them reuses the constant (an internalized string). */
const KNOWN_KEYS: readonly (readonly string[] | undefined)[] = groupByLength(Object.values(MessageProperty));

function groupByLength(keys: readonly string[]): (string[] | undefined)[] {
  const byLength: (string[] | undefined)[] = [];
  for (const k of keys) (byLength[k.length] ??= []).push(k);
  return byLength;
}

/** `text.slice(start, end)`, or the equal known key constant (cheaper as an object key). */
function keyAt(text: string, start: number, end: number): string {
  const candidates = KNOWN_KEYS[end - start];
  if (candidates !== undefined) {
    const first = text.charCodeAt(start);
    for (let i = 0; i < candidates.length; i++) {
      const k = candidates[i] as string;
      if (k.charCodeAt(0) === first && text.startsWith(k, start)) return k;
    }
  }
  return text.slice(start, end);
}

/** Sets `obj[key]` as an own data property, so a key named `__proto__` is kept instead of changing the prototype. */
export const setProperty: (obj: Properties, key: string, value: string) => void = setOwn;

export interface DecodePropertiesOptions {
  /**
   * Java drops segments it cannot read (shorter than 3 characters, U+0001 missing, first or last). With `strict` a
   * non-empty dropped segment throws `properties-malformed` instead. An empty last segment (5.2.0+ trailing U+0002)
   * is always accepted.
   */
  strict?: boolean;
}

/**
 * Parses a properties string exactly as Java's `MessageDecoder.string2messageProperties`: segments split on U+0002,
 * name up to the first U+0001, value the rest (so a value may hold further U+0001), later duplicates win.
 */
export function decodeProperties(text: string, opts: DecodePropertiesOptions = {}): Properties {
  const out: Properties = {};
  const len = text.length;
  let index = 0;
  while (index < len) {
    let end = text.indexOf(PROPERTY_SEPARATOR, index);
    if (end < 0) end = len;
    const kv = end - index >= 3 ? text.indexOf(NAME_VALUE_SEPARATOR, index) : -1;
    if (kv > index && kv < end - 1) {
      const key = keyAt(text, index, kv);
      if (key === '__proto__') setProperty(out, key, text.slice(kv + 1, end));
      else out[key] = text.slice(kv + 1, end);
    }
    else if (opts.strict === true && end > index) throwDropped(text, index, end);
    index = end + 1;
  }
  return out;
}

function throwDropped(text: string, start: number, end: number): never {
  throw new ProtocolError('properties-malformed', `property segment at ${start} has no name/value separator in the right place`, {
    value: text.slice(start, end),
    position: start,
  });
}

/**
 * Writes properties the 4.9.x way: `name U+0001 value` joined by U+0002, no trailing separator, in iteration order.
 * `undefined` values are skipped (Java skips nulls). Empty names/values, and names/values containing U+0001 or U+0002,
 * throw `properties-malformed`: no reader could get them back.
 */
export function encodeProperties(props: Readonly<Record<string, string | undefined>> | ReadonlyMap<string, string>): string {
  // Concatenated in one pass (no entries array, no parts array): this runs once per message sent.
  let text = '';
  let first = true;
  const add = (name: string, value: string | undefined): void => {
    if (value === undefined) return;
    checkPart(name, 'name', name);
    checkPart(value, 'value', name);
    text = first ? name + NAME_VALUE_SEPARATOR + value : text + PROPERTY_SEPARATOR + name + NAME_VALUE_SEPARATOR + value;
    first = false;
  };
  if (props instanceof Map) {
    for (const [name, value] of props) add(name, value);
  } else {
    const record = props as Readonly<Record<string, string | undefined>>;
    for (const name in record) if (hasOwnProperty.call(record, name)) add(name, record[name]);
  }
  return text;
}

function checkPart(s: string, what: 'name' | 'value', name: string): void {
  if (typeof s !== 'string' || s.length === 0) {
    throw new ProtocolError('properties-malformed', `property ${what} must be a non-empty string`, { name, value: s });
  }
  if (s.includes(NAME_VALUE_SEPARATOR) || s.includes(PROPERTY_SEPARATOR)) {
    throw new ProtocolError('properties-malformed', `property ${what} contains U+0001 or U+0002`, { name, value: s });
  }
}
