import { ResponseCode } from '../../remoting/protocol/codes.js';
import { RemotingServer, type RemotingServerOptions } from '../../remoting/transport/server.js';
import type { ClientChannel } from '../engine/channel.js';
import type { EmbeddedLogger } from '../logger.js';
import { ChannelRegistry } from './channel-registry.js';
import { toProcessor, type HandlerTable } from './handler.js';
import { reply } from './reply.js';

export interface EmbeddedServerOptions {
  /** Names this server's channels in logs (`broker-a`, …). */
  label: string;
  logger: EmbeddedLogger;
  /** Options of every accepted connection (idle timeout, frame and queue limits). */
  connection?: RemotingServerOptions['connection'];
}

/**
 * A remoting server for the embedded broker and/or name server: request codes are served by handler tables; any
 * other code is answered REQUEST_CODE_NOT_SUPPORTED with remark ` request type <code> not supported` (oneway ones
 * not at all). A malformed frame closes only its connection.
 */
export class EmbeddedServer {
  private readonly remoting: RemotingServer;
  private readonly channels: ChannelRegistry;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: EmbeddedServerOptions) {
    this.remoting = new RemotingServer(options.connection === undefined ? {} : { connection: options.connection });
    this.channels = new ChannelRegistry(this.remoting, options.label, options.logger);
    this.remoting.setDefaultProcessor((request) =>
      reply(request, { code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED, remark: ` request type ${request.code} not supported` }),
    );
  }

  /** Starts listening; resolves with the bound host and port (port 0 picks a free one). */
  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return this.remoting.listen({ host, port });
  }

  /** Serves every code of `handlers` (a later table overrides an earlier one for the same code). */
  serve(handlers: HandlerTable): void {
    for (const [code, handler] of handlers) this.remoting.setProcessor(code, toProcessor(handler, this.channels, this.options.logger));
  }

  /** Calls `listener` with the engine channel of every connection that closes. */
  onChannelClosed(listener: (channel: ClientChannel) => void): void {
    this.channels.onChannelClosed(listener);
  }

  /** Stops listening and closes every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.remoting.close().finally(() => this.channels.dispose());
    return this.closing;
  }
}
