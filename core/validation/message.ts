import { Buffer } from 'node:buffer';
import type { EncodedPayload, PayloadCodec } from '../codec/payload-codec.js';
import { encodePayload } from '../codec/payload.js';
import { MAX_DELAY_LEVEL } from '../message/delay-levels.js';
import type { Message } from '../message/message.js';
import {
  CODEC_PROPERTY,
  isReservedPropertyName,
  KEY_SEPARATOR,
  NAME_VALUE_SEPARATOR,
  PROPERTY_SEPARATOR,
} from '../message/system-properties.js';
import { validateTopic } from './names.js';
import { ValidationError } from './validation-error.js';

/** Local: in a `for…in` loop V8 makes `hasOwnProperty.call(o, key)` a map check; `Object.hasOwn` or an import stays a call. */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** The stored properties string is prefixed by a signed 16-bit length, so it must stay below this. */
export const MAX_PROPERTIES_BYTES = 32767;
/** Room kept for properties the producer adds at send time (UNIQ_KEY, WAIT, timer, sharding key …). */
export const SEND_TIME_PROPERTIES_RESERVE = 256;

/** Options of {@link validateMessage}. */
export interface MessageValidationOptions {
  /** Largest body accepted, in bytes, before compression (the Java client's check). */
  maxMessageSize: number;
  /** Codec for payloads that are neither bytes nor strings (default msgpack). */
  codec?: PayloadCodec;
  /** An encoding already made by the caller, to avoid encoding twice. */
  encoded?: EncodedPayload;
}

function hasSeparator(s: string): boolean {
  return s.includes(NAME_VALUE_SEPARATOR) || s.includes(PROPERTY_SEPARATOR);
}

function invalid(field: string, value: unknown, reason: string): ValidationError {
  return new ValidationError('invalid-message', field, value, reason);
}

/** Why `value` is not acceptable text, if it is not (the field's name is only made for an error). */
function textProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim().length === 0) return 'must not be blank';
  if (hasSeparator(value)) return 'must not contain U+0001 or U+0002';
  return undefined;
}

function checkText(field: string, value: unknown): void {
  const reason = textProblem(value);
  if (reason !== undefined) throw invalid(field, value, reason);
}

function checkKeys(keys: readonly unknown[]): void {
  if (!Array.isArray(keys)) throw invalid('keys', keys, 'must be an array of strings');
  for (let i = 0; i < keys.length; i++) {
    const key: unknown = keys[i];
    const reason = textProblem(key) ?? ((key as string).includes(KEY_SEPARATOR) ? 'must not contain a space (the KEYS separator)' : undefined);
    if (reason !== undefined) throw invalid(`keys[${i}]`, key, reason);
  }
}

function checkProperties(props: Readonly<Record<string, string>>): void {
  if (typeof props !== 'object' || props === null) throw invalid('properties', props, 'must be an object');
  for (const name in props) {
    if (!hasOwnProperty.call(props, name)) continue;
    if (isReservedPropertyName(name)) {
      throw new ValidationError('reserved-property', `properties.${name}`, name, 'is a name reserved by RocketMQ or rocketmq-rx');
    }
    const value = props[name];
    const nameProblem = textProblem(name);
    if (nameProblem !== undefined) throw invalid(`properties.${name} (name)`, name, nameProblem);
    const valueProblem = textProblem(value);
    if (valueProblem !== undefined) throw invalid(`properties.${name}`, value, valueProblem);
  }
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function checkScalars(msg: Message): void {
  if (msg.tags !== undefined) checkText('tags', msg.tags);
  if (msg.shardingKey !== undefined) checkText('shardingKey', msg.shardingKey);
  if (msg.delayLevel !== undefined && !isInt(msg.delayLevel, 1, MAX_DELAY_LEVEL)) {
    throw invalid('delayLevel', msg.delayLevel, `must be an integer from 1 to ${MAX_DELAY_LEVEL}`);
  }
  if (msg.deliveryTimestamp !== undefined && !isInt(msg.deliveryTimestamp, 0, Number.MAX_SAFE_INTEGER)) {
    throw invalid('deliveryTimestamp', msg.deliveryTimestamp, 'must be a non-negative integer (ms since the epoch)');
  }
  if (msg.delayLevel !== undefined && msg.deliveryTimestamp !== undefined) {
    throw invalid('deliveryTimestamp', msg.deliveryTimestamp, 'cannot be combined with delayLevel');
  }
  if (!isInt(msg.flag, -0x80000000, 0x7fffffff)) throw invalid('flag', msg.flag, 'must be a 32-bit integer');
  if (typeof msg.waitStoreMsgOk !== 'boolean') throw invalid('waitStoreMsgOk', msg.waitStoreMsgOk, 'must be a boolean');
}

function entryBytes(name: string, value: string): number {
  return utf8Bytes(name) + utf8Bytes(value) + 2;
}

/** UTF-8 length of `s`: counted in place for short ASCII text (a tag, a codec name), where a native call costs more. */
function utf8Bytes(s: string): number {
  if (s.length > 16) return Buffer.byteLength(s, 'utf8');
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, 'utf8');
  return s.length;
}

/** UTF-8 size of the properties string the producer will send for this message (estimate from above). */
export function estimatePropertiesBytes(msg: Message, codecName: string): number {
  let total = SEND_TIME_PROPERTIES_RESERVE + entryBytes(CODEC_PROPERTY, codecName);
  const props = msg.properties;
  for (const name in props) if (hasOwnProperty.call(props, name)) total += entryBytes(name, props[name]!);
  if (msg.tags !== undefined) total += entryBytes('TAGS', msg.tags);
  if (msg.keys.length > 0) total += entryBytes('KEYS', msg.keys.join(KEY_SEPARATOR));
  return total;
}

/** At least {@link estimatePropertiesBytes}, from string lengths alone (a UTF-16 unit is at most three UTF-8 bytes). */
export function propertiesBytesBound(msg: Message, codecName: string): number {
  let units = CODEC_PROPERTY.length + codecName.length + 2;
  const props = msg.properties;
  for (const name in props) if (hasOwnProperty.call(props, name)) units += name.length + props[name]!.length + 2;
  if (msg.tags !== undefined) units += 4 + msg.tags.length + 2;
  const keys = msg.keys;
  if (keys.length > 0) {
    units += 4 + 2 + keys.length - 1;
    for (let i = 0; i < keys.length; i++) units += keys[i]!.length;
  }
  return SEND_TIME_PROPERTIES_RESERVE + 3 * units;
}

function checkBody(encoded: EncodedPayload, maxMessageSize: number): void {
  const size = encoded.body.length;
  if (size === 0) throw new ValidationError('empty-body', 'payload', size, 'encodes to an empty body');
  if (size > maxMessageSize) {
    throw new ValidationError('body-too-large', 'payload', size, `encodes to more than maxMessageSize ${maxMessageSize} bytes`);
  }
}

/**
 * Checks a message before sending, the way the Java client's `Validators.checkMessage` and
 * `Message.putUserProperty` do, and a little more: topic, tags/keys/properties free of the encoding
 * separators, no reserved property names, delay range, body non-empty and at most `maxMessageSize`
 * bytes after encoding, properties small enough for the stored format. Returns the encoded body.
 */
export function validateMessage(msg: Message, opts: MessageValidationOptions): EncodedPayload {
  if (typeof msg !== 'object' || msg === null) throw invalid('message', msg, 'must be a Message');
  validateTopic(msg.topic);
  checkScalars(msg);
  checkKeys(msg.keys);
  checkProperties(msg.properties);
  const encoded = opts.encoded ?? encodePayload(msg.payload, opts.codec);
  checkBody(encoded, opts.maxMessageSize);
  // Measured only when a bound without UTF-8 counting (three bytes per UTF-16 unit at most) could reach the limit.
  const propBytes = propertiesBytesBound(msg, encoded.codecName) < MAX_PROPERTIES_BYTES ? 0 : estimatePropertiesBytes(msg, encoded.codecName);
  if (propBytes >= MAX_PROPERTIES_BYTES) {
    throw invalid('properties', propBytes, `take ${propBytes} bytes once encoded, the limit is ${MAX_PROPERTIES_BYTES - 1}`);
  }
  return encoded;
}
