/** Options of a {@link Message} beyond its topic and payload. */
export interface MessageOptions {
  /** One tag (consumers filter on it with `a || b` expressions). Stored as the `TAGS` property. */
  tags?: string;
  /** Business keys, one or many (indexed by the broker for lookup). Stored space-separated as `KEYS`. */
  keys?: string | readonly string[];
  /** User properties. Names reserved by RocketMQ (see `system-properties.ts`) are rejected on send. */
  properties?: Readonly<Record<string, string>>;
  /** Delay level 1..18 (1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h). */
  delayLevel?: number;
  /** Absolute delivery time in ms; the producer maps it onto a delay level or a 5.x timer property. */
  deliveryTimestamp?: number;
  /** Key whose hash picks the queue, so that messages with the same key keep their order. */
  shardingKey?: string;
  /** User flag (int32), carried untouched. Default 0. */
  flag?: number;
  /** Whether the broker answers only once the message is stored (the `WAIT` property). Default true. */
  waitStoreMsgOk?: boolean;
}

/** The changes {@link Message.with} accepts: options plus a new topic or payload. */
export interface MessageChanges<T> extends MessageOptions {
  topic?: string;
  payload?: T;
}

const EMPTY_KEYS: readonly string[] = Object.freeze([]);
const EMPTY_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({});

function normalizeKeys(keys: string | readonly string[] | undefined): readonly string[] {
  if (keys === undefined) return EMPTY_KEYS;
  return Object.freeze(typeof keys === 'string' ? [keys] : [...keys]);
}

/**
 * A message to send. The payload is anything the codecs understand: a Buffer or Uint8Array (sent as is),
 * a string (UTF-8) or any other value (msgpack by default); the producer turns it into the body at send
 * time. Instances are immutable: fields are read-only, `keys` and `properties` are frozen copies, and
 * {@link Message.with} returns a changed copy. Nothing is validated here; the producer validates before
 * sending (see `validateMessage`).
 */
export class Message<T = unknown> {
  readonly topic: string;
  readonly payload: T;
  readonly tags?: string;
  readonly keys: readonly string[];
  readonly properties: Readonly<Record<string, string>>;
  readonly delayLevel?: number;
  readonly deliveryTimestamp?: number;
  readonly shardingKey?: string;
  readonly flag: number;
  readonly waitStoreMsgOk: boolean;

  constructor(topic: string, payload: T, opts: MessageOptions = {}) {
    this.topic = topic;
    this.payload = payload;
    this.keys = normalizeKeys(opts.keys);
    this.properties = opts.properties ? frozenCopy(opts.properties) : EMPTY_PROPERTIES;
    this.flag = opts.flag ?? 0;
    this.waitStoreMsgOk = opts.waitStoreMsgOk ?? true;
    if (opts.tags !== undefined) this.tags = opts.tags;
    if (opts.delayLevel !== undefined) this.delayLevel = opts.delayLevel;
    if (opts.deliveryTimestamp !== undefined) this.deliveryTimestamp = opts.deliveryTimestamp;
    if (opts.shardingKey !== undefined) this.shardingKey = opts.shardingKey;
  }

  /** The options of this message, as a plain object (for copying or logging). */
  options(): MessageOptions {
    const o: MessageOptions = {
      keys: this.keys,
      properties: this.properties,
      flag: this.flag,
      waitStoreMsgOk: this.waitStoreMsgOk,
    };
    if (this.tags !== undefined) o.tags = this.tags;
    if (this.delayLevel !== undefined) o.delayLevel = this.delayLevel;
    if (this.deliveryTimestamp !== undefined) o.deliveryTimestamp = this.deliveryTimestamp;
    if (this.shardingKey !== undefined) o.shardingKey = this.shardingKey;
    return o;
  }

  /** A copy with the given changes; `undefined` values keep the current setting. */
  with<U = T>(changes: MessageChanges<U>): Message<U> {
    const { topic, payload, ...rest } = changes;
    const merged: MessageOptions = { ...this.options() };
    for (const [k, v] of Object.entries(rest)) {
      if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
    }
    const nextPayload = (payload === undefined ? this.payload : payload) as U;
    return new Message<U>(topic ?? this.topic, nextPayload, merged);
  }
}

/**
 * A frozen copy of a properties record: its own enumerable keys, `__proto__` included as an ordinary key, as a spread
 * copies them. Not `Object.freeze({ ...props })`: on Node 20 freezing a spread copy makes a new hidden class for every
 * message, and every later read of its properties then misses V8's inline caches.
 */
function frozenCopy(props: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const copy: Record<string, string> = {};
  for (const key of Object.keys(props)) {
    if (key === '__proto__') Object.defineProperty(copy, key, { value: props[key], enumerable: true, writable: true, configurable: true });
    else copy[key] = props[key]!;
  }
  return Object.freeze(copy);
}
