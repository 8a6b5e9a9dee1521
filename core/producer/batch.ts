import { Buffer } from 'node:buffer';
import type { Message } from '../message/message.js';
import { SystemProperty } from '../message/system-properties.js';
import type { BatchItem } from '../ports/broker-port.js';
import { ValidationError } from '../validation/validation-error.js';
import { type PreparedMessage, type PrepareContext, prepareMessage } from './prepare.js';

/** Local: in a `for…in` loop V8 makes `hasOwnProperty.call(o, key)` a map check; `Object.hasOwn` or an import stays a call. */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** A batch ready for SEND_BATCH_MESSAGE: an envelope (topic, WAIT) and the items, each with its own UNIQ_KEY. */
export interface PreparedBatch {
  readonly envelope: PreparedMessage;
  readonly items: BatchItem[];
  /** The items' UNIQ_KEYs joined by commas (the batch's `SendResult.msgId`, like Java's `MessageBatch`). */
  readonly msgId: string;
}

/** Per record of the batch body (shared/protocol §6.6): TOTALSIZE, MAGIC, BODYCRC, FLAG, BODYLENGTH, PROPLENGTH. */
const RECORD_OVERHEAD = 4 + 4 + 4 + 4 + 4 + 2;

function propertiesBytes(props: Readonly<Record<string, string>>): number {
  let n = 0;
  for (const k in props) if (hasOwnProperty.call(props, k)) n += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(props[k]!, 'utf8') + 2;
  return n;
}

function invalid(field: string, value: unknown, reason: string): ValidationError {
  return new ValidationError('invalid-message', field, value, reason);
}

/** The Java `MessageBatch.generateFromList` rules: one topic, one WAIT value, no delay, no retry topic. */
function checkBatch(messages: readonly Message[]): void {
  if (!Array.isArray(messages) || messages.length === 0) throw invalid('messages', messages, 'must be a non-empty array');
  const first = messages[0]!;
  messages.forEach((m, i) => {
    if (m.topic !== first.topic) throw invalid(`messages[${i}].topic`, m.topic, `must equal the batch topic ${first.topic}`);
    if (m.waitStoreMsgOk !== first.waitStoreMsgOk) {
      throw invalid(`messages[${i}].waitStoreMsgOk`, m.waitStoreMsgOk, 'must be the same for every message of a batch');
    }
    if (m.delayLevel !== undefined || m.deliveryTimestamp !== undefined) {
      throw invalid(`messages[${i}].delayLevel`, m.delayLevel ?? m.deliveryTimestamp, 'is not supported in a batch');
    }
  });
}

/** How a batch's messages are prepared: never compressed or delayed (Java batches neither). */
export const BATCH_ITEM = Object.freeze({ compress: false, delay: false });

/** The bytes one message takes in a SEND_BATCH_MESSAGE body (its record: header fields, body, properties). */
export function batchRecordBytes(prepared: Pick<PreparedMessage, 'body' | 'properties'>): number {
  return RECORD_OVERHEAD + prepared.body.length + propertiesBytes(prepared.properties);
}

/**
 * Validates and encodes a batch: each message as for a single send (but never compressed or delayed), then the
 * whole encoded batch against `maxMessageSize`. Throws `ValidationError` naming the offending message.
 */
export function prepareBatch(messages: readonly Message[], ctx: PrepareContext): PreparedBatch {
  checkBatch(messages);
  return assembleBatch(
    messages.map((m) => prepareMessage(m, ctx, BATCH_ITEM)),
    ctx.maxMessageSize,
  );
}

/**
 * The envelope and items of a batch of messages prepared with {@link BATCH_ITEM} (one wire topic and WAIT value),
 * checked against `maxMessageSize` once encoded (`encodedBytes`: that size, when the caller knows it already).
 * Throws `ValidationError('body-too-large')`.
 */
export function assembleBatch(prepared: readonly PreparedMessage[], maxMessageSize: number, encodedBytes?: number): PreparedBatch {
  const items: BatchItem[] = prepared.map((p) => ({ flag: p.flag, body: p.body, properties: p.properties }));
  const size = encodedBytes ?? prepared.reduce((n, p) => n + batchRecordBytes(p), 0);
  if (size > maxMessageSize) {
    throw new ValidationError('body-too-large', 'messages', size, `encode to a batch of more than maxMessageSize ${maxMessageSize} bytes`);
  }
  const first = prepared[0]!;
  const msgId = prepared.map((p) => p.uniqKey).join(',');
  const envelope: PreparedMessage = {
    message: first.message,
    topic: first.topic,
    body: Buffer.alloc(0),
    sysFlag: 0,
    flag: 0,
    properties: { [SystemProperty.WAIT_STORE_MSG_OK]: String(first.message.waitStoreMsgOk) },
    uniqKey: msgId,
  };
  return { envelope, items, msgId };
}

/** Bytes a batch holds in flight (for the in-flight limiter). */
export function batchBytes(batch: PreparedBatch): number {
  return batch.items.reduce((n, it) => n + it.body.length, 0);
}
