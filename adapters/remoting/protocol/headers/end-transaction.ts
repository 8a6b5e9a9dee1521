import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { BNAME_FIELD, type RpcRequestFields } from './rpc-request-header.js';

/** END_TRANSACTION (37) request header (sent oneway). */
export interface EndTransactionRequestHeader extends RpcRequestFields, HeaderExtras {
  /** Must equal the half message's producer group. */
  producerGroup: string;
  /** The half message's queue offset. */
  tranStateTableOffset: number;
  /** The half message's physical offset. */
  commitLogOffset: number;
  /** 0 = unknown, 8 = commit, 12 = rollback. */
  commitOrRollback: number;
  /** True when answering CHECK_TRANSACTION_STATE (Java initialises it to false, so it is always sent). */
  fromTransactionCheck?: boolean;
  /** The message's UNIQ_KEY. */
  msgId: string;
  transactionId?: string;
}

/** Codec of {@link EndTransactionRequestHeader}. */
export const endTransactionRequestCodec = defineHeader<EndTransactionRequestHeader>({
  name: 'EndTransactionRequestHeader',
  javaClass: headerClass('EndTransactionRequestHeader'),
  fields: [
    { field: 'producerGroup', key: 'producerGroup', type: 'string', required: true },
    { field: 'tranStateTableOffset', key: 'tranStateTableOffset', type: 'long', required: true },
    { field: 'commitLogOffset', key: 'commitLogOffset', type: 'long', required: true },
    { field: 'commitOrRollback', key: 'commitOrRollback', type: 'int', required: true },
    { field: 'fromTransactionCheck', key: 'fromTransactionCheck', type: 'boolean', required: false, javaDefault: false },
    { field: 'msgId', key: 'msgId', type: 'string', required: true },
    { field: 'transactionId', key: 'transactionId', type: 'string', required: false },
    BNAME_FIELD,
  ],
});

/** {@link endTransactionRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeEndTransactionRequest = endTransactionRequestCodec.encode;
/** {@link endTransactionRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeEndTransactionRequest = endTransactionRequestCodec.decode;
