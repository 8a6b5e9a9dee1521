import { ResponseCode } from '../protocol/codes.js';
import { createResponse, FLAG_RESPONSE, isOneway, type RemotingCommand } from '../protocol/command.js';
import { describeError } from './errors.js';
import type { Connection } from './connection.js';
import type { Processor } from './processors.js';

/** What handling one pushed request produced: maybe a response to send, maybe a processor error to report. */
export interface DispatchOutcome {
  readonly response?: RemotingCommand;
  readonly error?: unknown;
}

/**
 * Runs the processor for a request pushed by the peer and decides the answer. Never throws:
 * no processor → `REQUEST_CODE_NOT_SUPPORTED` (3), a throwing processor → `SYSTEM_ERROR` (1) with the
 * error text; oneway requests are never answered.
 */
export async function dispatchRequest(
  request: RemotingCommand,
  processor: Processor | undefined,
  connection: Connection,
): Promise<DispatchOutcome> {
  const silent = isOneway(request);
  if (processor === undefined) {
    if (silent) return {};
    const remark = ` request type ${request.code} not supported`;
    return { response: createResponse(request, { code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED, remark }) };
  }
  try {
    const result = await processor(request, connection);
    if (silent || result === undefined) return {};
    return { response: asResponseTo(request, result) };
  } catch (error) {
    if (silent) return { error };
    return { error, response: createResponse(request, { code: ResponseCode.SYSTEM_ERROR, remark: describeError(error) }) };
  }
}

function asResponseTo(request: RemotingCommand, response: RemotingCommand): RemotingCommand {
  return { ...response, opaque: request.opaque, flag: response.flag | FLAG_RESPONSE };
}
