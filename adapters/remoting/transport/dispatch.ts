import { createResponse, FLAG_RESPONSE, isOneway, type RemotingCommand } from '../protocol/command.js';
import { describeError } from './errors.js';
import type { Connection } from './connection.js';
import type { Processor } from './processors.js';

/** Response codes the transport answers with itself (shared/protocol §2.2, §3.3). */
export const SYSTEM_ERROR = 1;
export const REQUEST_CODE_NOT_SUPPORTED = 3;

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
    return { response: createResponse(request, { code: REQUEST_CODE_NOT_SUPPORTED, remark }) };
  }
  try {
    const result = await processor(request, connection);
    if (silent || result === undefined) return {};
    return { response: asResponseTo(request, result) };
  } catch (error) {
    if (silent) return { error };
    return { error, response: createResponse(request, { code: SYSTEM_ERROR, remark: describeError(error) }) };
  }
}

function asResponseTo(request: RemotingCommand, response: RemotingCommand): RemotingCommand {
  return { ...response, opaque: request.opaque, flag: response.flag | FLAG_RESPONSE };
}
