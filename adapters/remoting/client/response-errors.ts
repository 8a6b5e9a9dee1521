import { BrokerResponseError } from '../../../core/ports/errors.js';
import { isRetriableResponse, ResponseCode, responseCodeName } from '../protocol/codes.js';
import type { RemotingCommand } from '../protocol/command.js';

/** Where a response came from, for the error it may turn into. */
export interface ResponseContext {
  /** Broker or name server address. */
  readonly address: string;
  /** The request code that was answered. */
  readonly requestCode: number;
  readonly brokerName?: string;
  readonly queueId?: number;
}

/**
 * The one place a response code becomes an error: a `BrokerResponseError` with the code's Java name and
 * `retriable` flag from the code table, the response's remark, and the address / request code / queue context.
 */
export function toError(response: RemotingCommand, context: ResponseContext): BrokerResponseError {
  const { address, requestCode, brokerName, queueId } = context;
  const details: ConstructorParameters<typeof BrokerResponseError>[3] = { address, requestCode, retriable: isRetriableResponse(response.code) };
  if (brokerName !== undefined) details.brokerName = brokerName;
  if (queueId !== undefined) details.queueId = queueId;
  return new BrokerResponseError(response.code, responseCodeName(response.code), response.remark, details);
}

/**
 * Returns `response` when its code is one of `accepted` (default: SUCCESS only); otherwise throws {@link toError}.
 */
export function expectCode(response: RemotingCommand, context: ResponseContext, accepted: readonly number[] = [ResponseCode.SUCCESS]): RemotingCommand {
  if (accepted.includes(response.code)) return response;
  throw toError(response, context);
}
