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
