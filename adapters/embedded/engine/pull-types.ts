import type { ResponseCode } from '../../remoting/protocol/codes.js';
import type { HeaderExtras } from '../../remoting/protocol/headers/field-spec.js';
import type { PullMessageRequestHeader } from '../../remoting/protocol/headers/pull-message.js';
import type { RpcRequestFields } from '../../remoting/protocol/headers/rpc-request-header.js';
import type { GetMessageStatus } from './get-message.js';
import type { Failure, FailureCode } from './outcome.js';

/** PULL_MESSAGE header fields (shared/protocol §4.2): the protocol's decoded `PullMessageRequestHeader`. */
export type PullRequest = Omit<PullMessageRequestHeader, keyof RpcRequestFields | keyof HeaderExtras>;

export type PullResultCode =
  | typeof ResponseCode.SUCCESS
  | typeof ResponseCode.PULL_NOT_FOUND
  | typeof ResponseCode.PULL_RETRY_IMMEDIATELY
  | typeof ResponseCode.PULL_OFFSET_MOVED;

/** A pull answered with the response header of §4.2 (and, on SUCCESS, the records back to back as body). */
export interface PullResult {
  readonly code: PullResultCode;
  /** The store status name, as a 4.9 broker puts it in the remark (`FOUND`, `OFFSET_OVERFLOW_ONE`, …). */
  readonly remark: GetMessageStatus;
  readonly suggestWhichBrokerId: number;
  readonly nextBeginOffset: number;
  readonly minOffset: number;
  readonly maxOffset: number;
  /** SUCCESS only: the stored records back to back. */
  readonly body?: Buffer;
  readonly messageCount: number;
}

/** What a pull answers; `undefined` from `Broker.pull` means "send no response" (its channel closed while parked). */
export type PullOutcome = PullResult | Failure<Exclude<FailureCode, PullResultCode>>;
