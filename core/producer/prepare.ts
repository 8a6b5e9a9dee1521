import { deflateSync } from 'node:zlib';
import type { PayloadCodec } from '../codec/payload-codec.js';
import type { Message } from '../message/message.js';
import { CODEC_PROPERTY, KEY_SEPARATOR, SystemProperty } from '../message/system-properties.js';
import { validateMessage } from '../validation/message.js';
import { type DeliveryTimeMode, deliveryProperties } from './delivery-time.js';

/** sysFlag bit: the body is compressed. */
const COMPRESSED_FLAG = 0x1;
/** sysFlag compression type ZLIB (4.9.4+: bits 8–10 = 3). */
const ZLIB_COMPRESSION = 3 << 8;
/** sysFlag transaction type of a half message (TRANSACTION_PREPARED_TYPE). */
export const TRANSACTION_PREPARED_FLAG = 0x4;

/** A message ready for the wire: validated, encoded, with its properties, maybe compressed. */
export interface PreparedMessage {
  readonly message: Message;
  /** Topic on the wire (with the namespace, if any). */
  readonly topic: string;
  readonly body: Buffer;
  readonly sysFlag: number;
  readonly flag: number;
  readonly properties: Readonly<Record<string, string>>;
  /** The client-made id (UNIQ_KEY). */
  readonly uniqKey: string;
}

/** What preparing a message needs from the producer. */
export interface PrepareContext {
  readonly codec: PayloadCodec;
  readonly maxMessageSize: number;
  /** Bodies of at least this many bytes are compressed (Java `compressMsgBodyOverHowmuch`). */
  readonly compressOverBytes: number;
  readonly compressLevel: number;
  readonly deliveryTimeMode: DeliveryTimeMode;
  nextUniqueId(): string;
  now(): number;
  wireTopic(topic: string): string;
}

/** Extra properties for special sends (a transaction's half message). */
export interface PrepareExtras {
  readonly properties?: Readonly<Record<string, string>>;
  /** Do not compress (batch items) and do not delay (half messages) when set. */
  readonly compress?: boolean;
  readonly delay?: boolean;
  readonly sysFlag?: number;
}

/** TAGS, KEYS (space-joined), WAIT, UNIQ_KEY, user properties and the codec name. */
function messageProperties(message: Message, codecName: string, uniqKey: string): Record<string, string> {
  const props: Record<string, string> = { ...message.properties, [CODEC_PROPERTY]: codecName };
  if (message.tags !== undefined) props[SystemProperty.TAGS] = message.tags;
  if (message.keys.length > 0) props[SystemProperty.KEYS] = message.keys.join(KEY_SEPARATOR);
  props[SystemProperty.WAIT_STORE_MSG_OK] = String(message.waitStoreMsgOk);
  props[SystemProperty.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] = uniqKey;
  return props;
}

/** zlib-compresses a body at or over the threshold (like the Java producer), returning the sysFlag bits to add. */
export function compressBody(body: Buffer, overBytes: number, level: number): { body: Buffer; sysFlag: number } {
  if (body.length < overBytes) return { body, sysFlag: 0 };
  return { body: deflateSync(body, { level }), sysFlag: COMPRESSED_FLAG | ZLIB_COMPRESSION };
}

/**
 * Validation → payload encoding → properties → delay → compression. Throws a `ValidationError` or `CodecError`
 * before anything leaves the process.
 */
export function prepareMessage(message: Message, ctx: PrepareContext, extras: PrepareExtras = {}): PreparedMessage {
  // The context is its own validation options (its maxMessageSize and codec): no options object per message.
  const encoded = validateMessage(message, ctx);
  const uniqKey = ctx.nextUniqueId();
  // Built in the one object messageProperties makes (same keys, order and precedence as spreading into a new one).
  const properties = messageProperties(message, encoded.codecName, uniqKey);
  const timed = message.delayLevel !== undefined || message.deliveryTimestamp !== undefined;
  if (timed && extras.delay !== false) Object.assign(properties, deliveryProperties(message, ctx.now(), ctx.deliveryTimeMode));
  if (extras.properties) Object.assign(properties, extras.properties);
  // A body under the threshold is taken as it is, without the object compressBody answers (once per message sent).
  const compressed = extras.compress === false || encoded.body.length < ctx.compressOverBytes ? undefined : compressBody(encoded.body, ctx.compressOverBytes, ctx.compressLevel);
  return {
    message,
    topic: ctx.wireTopic(message.topic),
    body: compressed === undefined ? encoded.body : compressed.body,
    sysFlag: (compressed === undefined ? 0 : compressed.sysFlag) | (extras.sysFlag ?? 0),
    flag: message.flag,
    properties,
    uniqKey,
  };
}
