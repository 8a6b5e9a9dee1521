import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** CHECK_TRANSACTION_STATE (39) request header, broker → client (oneway). */
export interface CheckTransactionStateRequestHeader extends RpcRequestFields, HeaderExtras {
  /** Half message queue offset. */
  tranStateTableOffset: number;
  /** Half message physical offset. */
  commitLogOffset: number;
  /** UNIQ_KEY. */
  msgId?: string;
  transactionId?: string;
  /** Offset id of the half message. */
  offsetMsgId?: string;
}

/** Codec of {@link CheckTransactionStateRequestHeader}. */
export const checkTransactionStateRequestCodec = defineHeader<CheckTransactionStateRequestHeader>({
  name: 'CheckTransactionStateRequestHeader',
  javaClass: headerClass('CheckTransactionStateRequestHeader'),
  fields: [
    { field: 'tranStateTableOffset', key: 'tranStateTableOffset', type: 'long', required: true },
    { field: 'commitLogOffset', key: 'commitLogOffset', type: 'long', required: true },
    { field: 'msgId', key: 'msgId', type: 'string', required: false },
    { field: 'transactionId', key: 'transactionId', type: 'string', required: false },
    { field: 'offsetMsgId', key: 'offsetMsgId', type: 'string', required: false },
    BNAME_FIELD,
  ],
});

/** {@link checkTransactionStateRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeCheckTransactionStateRequest = checkTransactionStateRequestCodec.encode;
/** {@link checkTransactionStateRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeCheckTransactionStateRequest = checkTransactionStateRequestCodec.decode;
