import { ProtocolError } from '../errors.js';
import { formatFieldValue, parseFieldValue, type FieldLocation, type FieldType } from './field-value.js';
import { javaFieldInsertionOrder } from './java-field-order.js';
import { javaHashMapOrder } from './java-hashmap-order.js';
import { getOwn, setOwn } from './own-record.js';

/** Local: in a `for…in` loop V8 makes `hasOwnProperty.call(o, key)` a map check; `Object.hasOwn` or an import stays a call. */
const hasOwnProperty = Object.prototype.hasOwnProperty;

export type { FieldType } from './field-value.js';

/** Every typed header may carry ext fields its class does not declare (`ReqT`, `AccessKey`, `MSG_REGION` …). */
export interface HeaderExtras {
  /** Ext fields outside the header class, kept as received; re-encoded alongside the fields. */
  extra?: Record<string, string>;
}

/** The typed (non-`extra`) property names of a header interface. */
export type HeaderField<T> = Exclude<keyof T, 'extra'> & string;

type TypeNameOf<V> = V extends string ? 'string' : V extends boolean ? 'boolean' : V extends number ? 'int' | 'long' : never;

interface FieldSpecOf<K extends string, V> {
  /** Property name in the TS interface. */
  readonly field: K;
  /** Key in `extFields` (the Java field name, e.g. `e` for queueId in SEND_MESSAGE_V2). */
  readonly key: string;
  readonly type: TypeNameOf<V>;
  /** `@CFNotNull` in Java: decoding without it fails with `missing-header-field`. */
  readonly required: boolean;
  /**
   * The value Java always has (a primitive, or an initialised wrapper such as `bodyCrc32 = 0`):
   * encoded when the header leaves the field out, and filled in when decoding a frame without it.
   */
  readonly javaDefault?: V;
  /** Java class (`Class.getName()`) that declares the field when it is inherited, e.g. `RpcRequestHeader`. */
  readonly declaredIn?: string;
  /**
   * For a `long` that Java sets to `Long.MAX_VALUE` / `Long.MIN_VALUE` to mean "no bound" (QUERY_MESSAGE's
   * end time): those two values decode to ±Infinity and ±Infinity encodes back to them. Other values
   * beyond ±(2^53 − 1) are still rejected.
   */
  readonly longLimitsAsInfinity?: boolean;
  /** Not a class field: the Java client adds it with `addExtField` before the header is written. */
  readonly outsideClass?: boolean;
}

/** A field spec with no tie to a header interface (what generic code such as the frame layer sees). */
export type UntypedFieldSpec = FieldSpecOf<string, string | number | boolean>;

/**
 * One field of header `T`, declared once as data; `type` must fit the property's TS type.
 * For a header without typed fields (`HeaderExtras` itself, i.e. "any header") it is {@link UntypedFieldSpec}.
 */
export type FieldSpec<T> = [HeaderField<T>] extends [never]
  ? UntypedFieldSpec
  : { [K in HeaderField<T>]-?: FieldSpecOf<K, NonNullable<T[K]>> }[HeaderField<T>];

/** A Java field that the TS header does not expose but that shapes Java's field iteration order. */
export interface JavaField {
  readonly name: string;
  readonly declaredIn: string;
}

/** A header class described as data. */
export interface HeaderSpec<T> {
  /** Java simple class name, used in error messages. */
  readonly name: string;
  /** Java `Class.getName()` of the header class (4.9.8 package). */
  readonly javaClass: string;
  /** Java `FastCodesHeader`: the binary (ROCKETMQ) writer emits the fields in declaration order. */
  readonly fastCodes?: boolean;
  /** In Java declaration order (own fields, then inherited ones), which is also the fast-path order. */
  readonly fields: readonly FieldSpec<T>[];
  /** Java fields left out of `fields` (never sent), still part of the class. */
  readonly unmappedJavaFields?: readonly JavaField[];
}

/**
 * Key order of the encoded record. `java`: the Java `HashMap` iteration order (JSON headers, and
 * binary headers of non-fast-path classes). `declaration`: the fields in declaration order, then
 * the other ext fields in HashMap order (binary headers of `FastCodesHeader` classes).
 */
export type KeyOrder = 'java' | 'declaration';

export interface EncodeOptions {
  /** Default `java`. */
  order?: KeyOrder;
  /**
   * When `extra` entries were put into the Java map, relative to the class fields: `before` (RPC hooks
   * such as `ReqT`, `addExtField`; the default) or `after`. Only matters for keys sharing a bucket.
   */
  extraPosition?: 'before' | 'after';
}

/** Encoder and decoder of one header, both driven by its spec. */
export interface HeaderCodec<T extends HeaderExtras> {
  readonly spec: HeaderSpec<T>;
  /** The key order a Java peer uses for this header in a ROCKETMQ (binary) frame. */
  readonly binaryOrder: KeyOrder;
  /** Typed header → `extFields`, in the requested Java order. */
  encode(header: T, options?: EncodeOptions): Record<string, string>;
  /** `extFields` → typed header; validates required fields and value syntax; keeps unknown keys in `extra`. */
  decode(ext: Readonly<Record<string, string>> | undefined): T;
}

type AnySpec = UntypedFieldSpec;

function locate(header: string, f: AnySpec): FieldLocation {
  return { header, field: f.field, key: f.key, type: f.type as FieldType, longLimitsAsInfinity: f.longLimitsAsInfinity === true };
}

function missing(header: string, f: AnySpec): ProtocolError {
  return new ProtocolError('missing-header-field', `${header}.${f.field} (ext key "${f.key}") is required but absent`, {
    header,
    field: f.field,
    key: f.key,
    value: undefined,
  });
}

/**
 * Formats every field of `header` into `texts` (by field index; `undefined` when absent) and returns the present
 * fields as a bit mask, which means something only for headers of at most {@link MASK_FIELDS} fields.
 */
function encodeTexts(name: string, fields: readonly AnySpec[], at: readonly FieldLocation[], header: Record<string, unknown>, texts: (string | undefined)[]): number {
  let mask = 0;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const value = header[f.field] ?? f.javaDefault;
    if (value === undefined || value === null) {
      if (f.required) throw missing(name, f);
      texts.push(undefined);
      continue;
    }
    texts.push(formatFieldValue(at[i]!, value));
    mask |= 1 << i;
  }
  return mask;
}

function orderKeys(fields: readonly AnySpec[], classOrder: readonly AnySpec[], present: Map<string, string>, extraKeys: string[], options: EncodeOptions): readonly string[] {
  const has = (f: AnySpec) => present.has(f.key);
  const outside = fields.filter((f) => f.outsideClass && has(f)).map((f) => f.key);
  if (options.order === 'declaration') {
    const declared = fields.filter((f) => !f.outsideClass && has(f)).map((f) => f.key);
    return [...declared, ...javaHashMapOrder([...outside, ...extraKeys])];
  }
  const inClass = classOrder.filter(has).map((f) => f.key);
  const insertion = options.extraPosition === 'after' ? [...outside, ...inClass, ...extraKeys] : [...outside, ...extraKeys, ...inClass];
  return javaHashMapOrder(insertion);
}

function decodeFields(name: string, fields: readonly AnySpec[], at: readonly FieldLocation[], ext: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const raw = getOwn(ext, f.key);
    if (raw === undefined || raw === null) {
      if (f.required) throw missing(name, f);
      if (f.javaDefault !== undefined) out[f.field] = f.javaDefault;
      continue;
    }
    out[f.field] = parseFieldValue(at[i]!, raw);
  }
  return out;
}

function collectExtra(known: ReadonlySet<string>, ext: Readonly<Record<string, string>>): Record<string, string> | undefined {
  let extra: Record<string, string> | undefined;
  for (const k of Object.keys(ext)) {
    if (known.has(k)) continue;
    extra ??= {};
    setOwn(extra, k, ext[k]);
  }
  return extra;
}

/** Headers with at most this many fields take the fast encode path (presence as a bit mask). */
const MASK_FIELDS = 30;

/**
 * The key order of a header without extra keys, remembered per set of present fields (a bit mask) and options: as
 * field indexes, so that an encode needs no key string, no `Map` of values and no order id.
 */
function maskedOrder(fields: readonly AnySpec[], classOrder: readonly AnySpec[]) {
  const indexOf = new Map(fields.map((f, i) => [f.key, i]));
  const orders = new Map<number, readonly number[]>();
  return (mask: number, options: EncodeOptions): readonly number[] => {
    const id = mask * 4 + (options.order === 'declaration' ? 2 : 0) + (options.extraPosition === 'after' ? 1 : 0);
    let order = orders.get(id);
    if (order === undefined) {
      const present = new Map<string, string>();
      fields.forEach((f, i) => {
        if (mask & (1 << i)) present.set(f.key, '');
      });
      order = orderKeys(fields, classOrder, present, [], options).map((k) => indexOf.get(k)!);
      orders.set(id, order);
    }
    return order;
  };
}

/** Whether `record` has an own enumerable key (what `Object.keys` lists), without building that list. */
function hasOwnKeys(record: object): boolean {
  for (const k in record) if (hasOwnProperty.call(record, k)) return true;
  return false;
}

/** Builds the codec of one header class from its spec (the only place encode/decode logic lives). */
export function defineHeader<T extends HeaderExtras>(spec: HeaderSpec<T>): HeaderCodec<T> {
  const fields = spec.fields as readonly AnySpec[];
  const classOrder = javaFieldInsertionOrder(spec.javaClass, fields.filter((f) => !f.outsideClass), spec.unmappedJavaFields ?? []);
  const at = fields.map((f) => locate(spec.name, f));
  const known: ReadonlySet<string> = new Set(fields.map((f) => f.key));
  const masked = fields.length <= MASK_FIELDS ? maskedOrder(fields, classOrder) : undefined;
  const name = spec.name;
  /** Headers with extra keys, or too many fields for a mask: the order is computed from the keys present. */
  const slowEncode = (header: T, texts: readonly (string | undefined)[], options: EncodeOptions): Record<string, string> => {
    const values = new Map<string, string>();
    texts.forEach((text, i) => {
      if (text !== undefined) values.set(fields[i]!.key, text);
    });
    const extra = header.extra ?? {};
    const extraKeys = Object.keys(extra).filter((k) => !values.has(k));
    for (const k of extraKeys) values.set(k, extra[k] as string);
    const out: Record<string, string> = {};
    for (const key of orderKeys(fields, classOrder, values, extraKeys, options)) setOwn(out, key, values.get(key));
    return out;
  };
  return {
    spec,
    binaryOrder: spec.fastCodes ? 'declaration' : 'java',
    encode(header, options = {}) {
      const texts: (string | undefined)[] = [];
      const mask = encodeTexts(name, fields, at, header as Record<string, unknown>, texts);
      if (masked === undefined || (header.extra !== undefined && hasOwnKeys(header.extra))) return slowEncode(header, texts, options);
      const out: Record<string, string> = {};
      for (const i of masked(mask, options)) setOwn(out, fields[i]!.key, texts[i]);
      return out;
    },
    decode(ext) {
      const source = ext ?? {};
      const header = decodeFields(name, fields, at, source);
      const extra = collectExtra(known, source);
      if (extra !== undefined) header.extra = extra;
      return header as T;
    },
  };
}
