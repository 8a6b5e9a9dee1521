import type { EncodeOptions } from './field-spec.js';
import type { SendMessageRequestHeader } from './send-message.js';
import { decodeSendMessageV2Request, encodeSendMessageV2Request } from './send-message-v2.js';

/** SEND_BATCH_MESSAGE (320) ext: the V2 header with `batch` (`m`) forced to true. */
export function encodeSendBatchMessageRequest(header: SendMessageRequestHeader, options?: EncodeOptions): Record<string, string> {
  return encodeSendMessageV2Request({ ...header, batch: true }, options);
}

/** SEND_BATCH_MESSAGE (320) ext → header (V2 keys; `batch` is whatever the frame says). */
export function decodeSendBatchMessageRequest(ext: Readonly<Record<string, string>> | undefined): SendMessageRequestHeader {
  return decodeSendMessageV2Request(ext);
}
