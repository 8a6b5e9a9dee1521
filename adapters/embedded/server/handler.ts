import { isOneway, type RemotingCommand } from '../../remoting/protocol/command.js';
import { requestCodeName } from '../../remoting/protocol/codes.js';
import type { Processor } from '../../remoting/transport/processors.js';
import type { EmbeddedLogger } from '../logger.js';
import type { ChannelRegistry } from './channel-registry.js';
import type { ConnectionChannel } from './connection-channel.js';
import { errorReply, isBadInput } from './error-reply.js';

/**
 * Handles one request code: returns the response, or `undefined` to answer nothing (a parked pull whose client
 * left, an END_TRANSACTION with state UNKNOWN). Throwing is fine: see {@link toProcessor}.
 */
export type Handler = (request: RemotingCommand, channel: ConnectionChannel) => Promise<RemotingCommand | undefined> | RemotingCommand | undefined;

/** Handlers by request code, as each `processors/*.ts` file exports them. */
export type HandlerTable = ReadonlyMap<number, Handler>;

/**
 * A transport processor around a handler: oneway requests are never answered, a bad header or body becomes
 * SYSTEM_ERROR naming the field (see `errorReply`), any other exception SYSTEM_ERROR with its text (and an error log).
 */
export function toProcessor(handler: Handler, channels: ChannelRegistry, logger: EmbeddedLogger): Processor {
  return async (request, connection) => {
    let response: RemotingCommand | undefined;
    try {
      response = await handler(request, channels.of(connection));
    } catch (error) {
      if (!isBadInput(error)) logger.error(`${requestCodeName(request.code)} from ${connection.remoteAddress} failed`, error);
      response = errorReply(request, error);
    }
    return isOneway(request) ? undefined : response;
  };
}
