import { defineHeader, type EncodeOptions } from './field-spec.js';
import { headerClass, RPC_REQUEST_HEADER } from './java-classes.js';
import { decodeSendMessageRequest, encodeSendMessageRequest, type SendMessageRequestHeader } from './send-message.js';

/**
 * Codec of SEND_MESSAGE_V2 (310): the same header as SEND_MESSAGE under one-letter keys
 * (`SendMessageRequestHeaderV2`, a `FastCodesHeader`: binary frames carry `a`..`n` in that order).
 */
export const sendMessageV2RequestCodec = defineHeader<SendMessageRequestHeader>({
  name: 'SendMessageRequestHeaderV2',
  javaClass: headerClass('SendMessageRequestHeaderV2'),
  fastCodes: true,
  fields: [
    { field: 'producerGroup', key: 'a', type: 'string', required: true },
    { field: 'topic', key: 'b', type: 'string', required: true },
    { field: 'defaultTopic', key: 'c', type: 'string', required: true },
    { field: 'defaultTopicQueueNums', key: 'd', type: 'int', required: true },
    { field: 'queueId', key: 'e', type: 'int', required: true },
    { field: 'sysFlag', key: 'f', type: 'int', required: true },
    { field: 'bornTimestamp', key: 'g', type: 'long', required: true },
    { field: 'flag', key: 'h', type: 'int', required: true },
    { field: 'properties', key: 'i', type: 'string', required: false },
    { field: 'reconsumeTimes', key: 'j', type: 'int', required: false },
    { field: 'unitMode', key: 'k', type: 'boolean', required: false, javaDefault: false },
    { field: 'maxReconsumeTimes', key: 'l', type: 'int', required: false },
    { field: 'batch', key: 'm', type: 'boolean', required: false, javaDefault: false },
    { field: 'bname', key: 'n', type: 'string', required: false },
  ],
  // V2 also inherits RpcRequestHeader.bname, which the Java client leaves null (it sets `n`).
  unmappedJavaFields: [{ name: 'bname', declaredIn: RPC_REQUEST_HEADER }],
});

/** {@link sendMessageV2RequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeSendMessageV2Request = sendMessageV2RequestCodec.encode;

/**
 * {@link encodeSendMessageV2Request} for the header a producer sends with every message, written field by field: the
 * one-letter keys are in alphabetical order both in Java's HashMap order (13 or 14 keys: 32 buckets, one key each)
 * and in declaration order, so one object literal is right for either `order`. A header with extra keys, a field
 * left out or a value the codec would refuse goes through the codec (which throws its typed error). A quarter of a
 * microsecond instead of three quarters: it is on every send's path.
 */
export function encodeSendMessageV2Fast(h: SendMessageRequestHeader, options?: EncodeOptions): Record<string, string> {
  if (!plainSendHeader(h)) return encodeSendMessageV2Request(h, options);
  const ext: Record<string, string> = {
    a: h.producerGroup,
    b: h.topic,
    c: h.defaultTopic,
    d: String(h.defaultTopicQueueNums),
    e: String(h.queueId),
    f: String(h.sysFlag),
    g: String(h.bornTimestamp),
    h: String(h.flag),
    i: h.properties!,
    j: String(h.reconsumeTimes),
    k: h.unitMode ? 'true' : 'false',
  };
  if (h.maxReconsumeTimes !== undefined) ext['l'] = String(h.maxReconsumeTimes);
  ext['m'] = h.batch ? 'true' : 'false';
  ext['n'] = h.bname!;
  return ext;
}

/** Every field present and of its type (ints in int32, the timestamp a safe integer), no extra keys. */
function plainSendHeader(h: SendMessageRequestHeader): boolean {
  return (
    h.extra === undefined &&
    typeof h.producerGroup === 'string' &&
    typeof h.topic === 'string' &&
    typeof h.defaultTopic === 'string' &&
    typeof h.properties === 'string' &&
    typeof h.bname === 'string' &&
    typeof h.unitMode === 'boolean' &&
    typeof h.batch === 'boolean' &&
    int32(h.defaultTopicQueueNums) &&
    int32(h.queueId) &&
    int32(h.sysFlag) &&
    int32(h.flag) &&
    int32(h.reconsumeTimes) &&
    (h.maxReconsumeTimes === undefined || int32(h.maxReconsumeTimes)) &&
    Number.isSafeInteger(h.bornTimestamp)
  );
}

/** An int32 other than -0: an int field the fast encoder writes as it is (anything else goes through the codec). */
export function int32(n: unknown): n is number {
  return typeof n === 'number' && (n | 0) === n && !Object.is(n, -0);
}

/** {@link sendMessageV2RequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeSendMessageV2Request = sendMessageV2RequestCodec.decode;

/** SEND_MESSAGE ext (long keys) → SEND_MESSAGE_V2 ext (one-letter keys); other ext fields carried over. */
export function sendMessageV1ToV2(ext: Readonly<Record<string, string>>, options?: EncodeOptions): Record<string, string> {
  return encodeSendMessageV2Request(decodeSendMessageRequest(ext), options);
}

/** SEND_MESSAGE_V2 ext (one-letter keys) → SEND_MESSAGE ext (long keys); other ext fields carried over. */
export function sendMessageV2ToV1(ext: Readonly<Record<string, string>>, options?: EncodeOptions): Record<string, string> {
  return encodeSendMessageRequest(decodeSendMessageV2Request(ext), options);
}
