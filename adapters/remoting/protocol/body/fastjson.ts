import { ProtocolError } from '../errors.js';

/**
 * A tolerant JSON reader for the bodies Java peers write with fastjson (shared/protocol §5.7): standard JSON, plus
 * map keys that are bare numbers (`{0:"a"}`, returned as the number's text, `"0"`) or whole objects/arrays
 * (`{{"brokerName":"b","queueId":0,"topic":"t"}:42}`). An object with such an object key is returned as
 * {@link KeyedEntries}, every other object as a plain object (so standard JSON parses exactly as `JSON.parse`).
 * Hand-written, no regexes; errors are `invalid-json-body` with the position.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject | KeyedEntries;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON object whose keys are not all strings (fastjson's non-string map keys), in document order. */
export class KeyedEntries {
  constructor(readonly entries: [key: JsonValue, value: JsonValue][]) {}
}

export interface ParseOptions {
  /**
   * Return objects that have an array-index-like key (`"0"`, `"17"`, which a JS object would move to the front) as
   * {@link KeyedEntries} too, so map order is kept exactly. Default false.
   */
  keepKeyOrder?: boolean;
}

const MAX_DEPTH = 512;
const INDEX_LIKE = /^(?:0|[1-9]\d{0,8})$/;

export function parseFastjson(input: string | Uint8Array, opts: ParseOptions = {}): JsonValue {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  const p = new Reader(text, opts.keepKeyOrder === true);
  p.skipWs();
  const value = p.value(0);
  p.skipWs();
  if (p.pos < text.length) p.fail('unexpected text after the JSON value');
  return value;
}

/** The entries of a parsed object (plain or keyed); `invalid-body` for anything else. */
export function entriesOf(value: JsonValue | undefined, what = 'value'): [JsonValue, JsonValue][] {
  if (value instanceof KeyedEntries) return value.entries;
  if (isJsonObject(value)) return Object.entries(value);
  throw new ProtocolError('invalid-body', `${what} is not a JSON object`, { value });
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof KeyedEntries);
}

class Reader {
  pos = 0;

  constructor(
    readonly text: string,
    readonly keepKeyOrder: boolean,
  ) {}

  fail(why: string): never {
    const at = this.pos;
    throw new ProtocolError('invalid-json-body', `${why} at position ${at}`, {
      position: at,
      value: this.text.slice(Math.max(0, at - 20), at + 20),
    });
  }

  skipWs(): void {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.pos);
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return Number(this.numberText());
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
  }

  literal(len: number, v: boolean | null): boolean | null {
    this.pos += len;
    return v;
  }

  array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipWs();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(depth));
      if (this.endOfList(']')) return out;
    }
  }

  /** After an element: true at the closing bracket, false after a comma. */
  endOfList(close: string): boolean {
    this.skipWs();
    const c = this.text[this.pos];
    this.pos++;
    if (c === close) return true;
    if (c === ',') return false;
    this.pos--;
    return this.fail(`expected ',' or '${close}'`);
  }

  object(depth: number): JsonObject | KeyedEntries {
    const keys: JsonValue[] = [];
    const values: JsonValue[] = [];
    let plain = true;
    this.pos++;
    this.skipWs();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return {};
    }
    for (;;) {
      this.skipWs();
      const key = this.key(depth);
      if (typeof key !== 'string' || (this.keepKeyOrder && INDEX_LIKE.test(key))) plain = false;
      this.skipWs();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.skipWs();
      keys.push(key);
      values.push(this.value(depth));
      if (this.endOfList('}')) break;
    }
    return plain ? toObject(keys as string[], values) : new KeyedEntries(keys.map((k, i) => [k, values[i] as JsonValue]));
  }

  key(depth: number): JsonValue {
    const c = this.text[this.pos];
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.numberText();
    if (c === '{' || c === '[') return this.value(depth);
    return this.fail('expected a key');
  }

  numberText(): string {
    const t = this.text;
    const start = this.pos;
    if (t[this.pos] === '-') this.pos++;
    if (t[this.pos] === '0') this.pos++;
    else if (!this.digits()) this.fail('malformed number');
    if (t[this.pos] === '.') {
      this.pos++;
      if (!this.digits()) this.fail('malformed number');
    }
    if (t[this.pos] === 'e' || t[this.pos] === 'E') {
      this.pos++;
      if (t[this.pos] === '+' || t[this.pos] === '-') this.pos++;
      if (!this.digits()) this.fail('malformed number');
    }
    return t.slice(start, this.pos);
  }

  digits(): boolean {
    const start = this.pos;
    let c = this.text.charCodeAt(this.pos);
    while (c >= 0x30 && c <= 0x39) c = this.text.charCodeAt(++this.pos);
    return this.pos > start;
  }

  string(): string {
    const t = this.text;
    const start = ++this.pos;
    for (let i = start; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return t.slice(start, i);
      }
      if (c === 0x5c) return this.escapedString(start);
    }
    this.pos = t.length;
    return this.fail('unterminated string');
  }

  escapedString(start: number): string {
    const t = this.text;
    let out = '';
    let from = start;
    for (let i = start; i < t.length; i++) {
      const c = t[i];
      if (c === '"') {
        this.pos = i + 1;
        return out + t.slice(from, i);
      }
      if (c !== '\\') continue;
      out += t.slice(from, i);
      this.pos = i;
      const { text, length } = this.escape(t[i + 1], i);
      out += text;
      i += length - 1;
      from = i + 1;
    }
    this.pos = t.length;
    return this.fail('unterminated string');
  }

  escape(c: string | undefined, at: number): { text: string; length: number } {
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (c !== undefined && Object.hasOwn(simple, c)) return { text: simple[c] as string, length: 2 };
    if (c === 'u') {
      const hex = this.text.slice(at + 2, at + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return { text: String.fromCharCode(parseInt(hex, 16)), length: 6 };
    }
    return this.fail('bad escape');
  }
}

function toObject(keys: string[], values: JsonValue[]): JsonObject {
  const o: JsonObject = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (k === '__proto__') Object.defineProperty(o, k, { value: values[i], enumerable: true, writable: true, configurable: true });
    else o[k] = values[i] as JsonValue;
  }
  return o;
}
