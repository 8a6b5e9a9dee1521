import type { RemotingCommand } from '../../remoting/protocol/command.js';
import { requestCodeName, ResponseCode } from '../../remoting/protocol/codes.js';
import { ProtocolError } from '../../remoting/protocol/errors.js';
import { reply } from './reply.js';
import { describeError } from '../../remoting/transport/errors.js';

/**
 * The answer to a request whose handling threw. A bad header or body (a `ProtocolError` from the protocol codecs) is
 * the client's fault and gets SYSTEM_ERROR with a remark naming the field, worded like Java's header decoder
 * (`the custom field <queueId> is null`); anything else is SYSTEM_ERROR with the exception text, as Java's dispatcher
 * answers an exception inside a processor.
 */
export function errorReply(request: RemotingCommand, error: unknown): RemotingCommand {
  return reply(request, { code: ResponseCode.SYSTEM_ERROR, remark: errorRemark(request.code, error) });
}

/** True for errors caused by the request itself (bad header, bad body), which need no error log. */
export function isBadInput(error: unknown): error is ProtocolError {
  return error instanceof ProtocolError;
}

function errorRemark(code: number, error: unknown): string {
  if (!(error instanceof ProtocolError)) return describeError(error);
  const key = typeof error.context['key'] === 'string' ? error.context['key'] : undefined;
  switch (error.kind) {
    case 'missing-header-field':
      return `the custom field <${key ?? '?'}> is null`;
    case 'invalid-header-field':
      return `the custom field <${key ?? '?'}> is invalid: ${error.message}`;
    default:
      return `the ${requestCodeName(code)} request body is invalid: ${error.message}`;
  }
}
