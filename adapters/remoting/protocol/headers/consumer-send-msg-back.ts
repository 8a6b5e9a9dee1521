import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** CONSUMER_SEND_MSG_BACK (36) request header: hand a failed message back for retry. */
export interface ConsumerSendMsgBackRequestHeader extends RpcRequestFields, HeaderExtras {
  /** The message's commit-log (physical) offset. */
  offset: number;
  /** Consumer group. */
  group: string;
  /** 0 = broker chooses (3 + reconsumeTimes), −1 = straight to the DLQ, > 0 = that level. */
  delayLevel: number;
  originMsgId?: string;
  originTopic?: string;
  /** Java primitive, always sent (default false). */
  unitMode?: boolean;
  maxReconsumeTimes?: number;
}

/** Codec of {@link ConsumerSendMsgBackRequestHeader}. */
export const consumerSendMsgBackRequestCodec = defineHeader<ConsumerSendMsgBackRequestHeader>({
  name: 'ConsumerSendMsgBackRequestHeader',
  javaClass: headerClass('ConsumerSendMsgBackRequestHeader'),
  fields: [
    { field: 'offset', key: 'offset', type: 'long', required: true },
    { field: 'group', key: 'group', type: 'string', required: true },
    { field: 'delayLevel', key: 'delayLevel', type: 'int', required: true },
    { field: 'originMsgId', key: 'originMsgId', type: 'string', required: false },
    { field: 'originTopic', key: 'originTopic', type: 'string', required: false },
    { field: 'unitMode', key: 'unitMode', type: 'boolean', required: false, javaDefault: false },
    { field: 'maxReconsumeTimes', key: 'maxReconsumeTimes', type: 'int', required: false },
    BNAME_FIELD,
  ],
});

/** {@link consumerSendMsgBackRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeConsumerSendMsgBackRequest = consumerSendMsgBackRequestCodec.encode;
/** {@link consumerSendMsgBackRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeConsumerSendMsgBackRequest = consumerSendMsgBackRequestCodec.decode;
