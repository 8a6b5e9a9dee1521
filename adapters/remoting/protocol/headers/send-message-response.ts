import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';

/**
 * Response header of SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE. The 4.9.x broker also
 * adds `MSG_REGION` and `TRACE_ON`, which decode into `extra`.
 */
export interface SendMessageResponseHeader extends HeaderExtras {
  /** Offset message id (ids joined with `,` for a batch). */
  msgId: string;
  queueId: number;
  /** Logical offset in the queue (the first one for a batch). */
  queueOffset: number;
  /** 5.x brokers: the message's UNIQ_KEY. */
  transactionId?: string;
}

/** Codec of {@link SendMessageResponseHeader} (a `FastCodesHeader`). */
export const sendMessageResponseCodec = defineHeader<SendMessageResponseHeader>({
  name: 'SendMessageResponseHeader',
  javaClass: headerClass('SendMessageResponseHeader'),
  fastCodes: true,
  fields: [
    { field: 'msgId', key: 'msgId', type: 'string', required: true },
    { field: 'queueId', key: 'queueId', type: 'int', required: true },
    { field: 'queueOffset', key: 'queueOffset', type: 'long', required: true },
    { field: 'transactionId', key: 'transactionId', type: 'string', required: false },
  ],
});

/** {@link sendMessageResponseCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeSendMessageResponse = sendMessageResponseCodec.encode;
/** {@link sendMessageResponseCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeSendMessageResponse = sendMessageResponseCodec.decode;
