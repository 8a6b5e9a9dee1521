import { RPC_REQUEST_HEADER } from './java-classes.js';

/** Fields a 4.9.x header inherits from `RpcRequestHeader`. */
export interface RpcRequestFields {
  /** Target broker name (4.9.7+; optional everywhere). */
  bname?: string;
}

/** Spec of the inherited `bname` field; list it last, after the class's own fields. */
export const BNAME_FIELD = {
  field: 'bname',
  key: 'bname',
  type: 'string',
  required: false,
  declaredIn: RPC_REQUEST_HEADER,
} as const;
