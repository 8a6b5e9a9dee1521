import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD } from './rpc-request-header.js';

/**
 * The send header, shared by SEND_MESSAGE (10, long keys), SEND_MESSAGE_V2 (310, keys `a`..`n`)
 * and SEND_BATCH_MESSAGE (320, V2 keys with `batch` = true).
 */
export interface SendMessageRequestHeader extends HeaderExtras {
  producerGroup: string;
  topic: string;
  /** Auto-create template topic, `TBW102`. */
  defaultTopic: string;
  /** Queue count if the broker auto-creates the topic (Java default 4). */
  defaultTopicQueueNums: number;
  /** Target queue; negative lets the broker choose. */
  queueId: number;
  /** Message sysFlag (compression, transaction type). */
  sysFlag: number;
  /** Client time in ms. */
  bornTimestamp: number;
  /** User flag (`Message.flag`). */
  flag: number;
  /** Encoded message properties. */
  properties?: string;
  reconsumeTimes?: number;
  /** Java primitive, always sent (default false). */
  unitMode?: boolean;
  /** Java primitive, always sent (default false; true for SEND_BATCH_MESSAGE). */
  batch?: boolean;
  maxReconsumeTimes?: number;
  /** Target broker name (V2 key `n`). */
  bname?: string;
}

/** Codec of SEND_MESSAGE (10): `SendMessageRequestHeader` with long keys. */
export const sendMessageRequestCodec = defineHeader<SendMessageRequestHeader>({
  name: 'SendMessageRequestHeader',
  javaClass: headerClass('SendMessageRequestHeader'),
  fields: [
    { field: 'producerGroup', key: 'producerGroup', type: 'string', required: true },
    { field: 'topic', key: 'topic', type: 'string', required: true },
    { field: 'defaultTopic', key: 'defaultTopic', type: 'string', required: true },
    { field: 'defaultTopicQueueNums', key: 'defaultTopicQueueNums', type: 'int', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    { field: 'sysFlag', key: 'sysFlag', type: 'int', required: true },
    { field: 'bornTimestamp', key: 'bornTimestamp', type: 'long', required: true },
    { field: 'flag', key: 'flag', type: 'int', required: true },
    { field: 'properties', key: 'properties', type: 'string', required: false },
    { field: 'reconsumeTimes', key: 'reconsumeTimes', type: 'int', required: false },
    { field: 'unitMode', key: 'unitMode', type: 'boolean', required: false, javaDefault: false },
    { field: 'batch', key: 'batch', type: 'boolean', required: false, javaDefault: false },
    { field: 'maxReconsumeTimes', key: 'maxReconsumeTimes', type: 'int', required: false },
    BNAME_FIELD,
  ],
});

/** {@link sendMessageRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeSendMessageRequest = sendMessageRequestCodec.encode;
/** {@link sendMessageRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeSendMessageRequest = sendMessageRequestCodec.decode;
