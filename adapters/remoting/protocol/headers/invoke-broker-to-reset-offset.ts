import { defineHeader, type HeaderExtras } from './field-spec.js';
import { headerClass } from './java-classes.js';
import { RESET_OFFSET_FIELDS, type ResetOffsetRequestHeader } from './reset-offset.js';

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222, admin → broker) request header: the 4.9.8 `ResetOffsetRequestHeader` fields
 * (see `reset-offset.ts`, whose codec writes the broker → client RESET_CONSUMER_CLIENT_OFFSET) plus the two fields a
 * 5.x admin adds (shared/protocol §4.15): `queueId` (one queue; `-1` or absent = every queue) and `offset` (the target
 * offset itself instead of a time). A 4.9.8 admin never sends them; a broker reads them when present.
 */
export interface InvokeBrokerToResetOffsetRequestHeader extends ResetOffsetRequestHeader, HeaderExtras {
  /** 5.x: reset only this queue (Java `Integer queueId = -1`). */
  queueId?: number;
  /** 5.x: the target offset (Java `Long offset`, null when resetting by time). */
  offset?: number;
}

/** Codec of {@link InvokeBrokerToResetOffsetRequestHeader}. */
export const invokeBrokerToResetOffsetRequestCodec = defineHeader<InvokeBrokerToResetOffsetRequestHeader>({
  name: 'ResetOffsetRequestHeader',
  javaClass: headerClass('ResetOffsetRequestHeader'),
  fields: [
    ...RESET_OFFSET_FIELDS,
    { field: 'queueId', key: 'queueId', type: 'int', required: false },
    { field: 'offset', key: 'offset', type: 'long', required: false },
  ],
});

/** {@link invokeBrokerToResetOffsetRequestCodec}`.encode`: typed header → `extFields` in Java order. */
export const encodeInvokeBrokerToResetOffsetRequest = invokeBrokerToResetOffsetRequestCodec.encode;
/** {@link invokeBrokerToResetOffsetRequestCodec}`.decode`: `extFields` → typed header (validated). */
export const decodeInvokeBrokerToResetOffsetRequest = invokeBrokerToResetOffsetRequestCodec.decode;
