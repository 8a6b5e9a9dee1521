import { createRequest } from '../../remoting/protocol/command.js';
import { requestCodeName } from '../../remoting/protocol/codes.js';
import type { Connection } from '../../remoting/transport/connection.js';
import type { ClientChannel } from '../engine/channel.js';
import type { EmbeddedLogger } from '../logger.js';
import { SERVER_VERSION } from './reply.js';
import { describeError } from '../../remoting/transport/errors.js';

/**
 * The engine's view of one accepted client connection. Broker → client requests (NOTIFY_CONSUMER_IDS_CHANGED,
 * CHECK_TRANSACTION_STATE) go out oneway with a JSON header, as a 4.9.8 broker sends them whatever the client uses.
 */
export class ConnectionChannel implements ClientChannel {
  readonly remoteAddress: string;

  constructor(
    readonly id: string,
    private readonly connection: Connection,
    private readonly logger: EmbeddedLogger,
  ) {
    this.remoteAddress = connection.remoteAddress;
  }

  get closed(): boolean {
    return !this.connection.isOpen;
  }

  notify(code: number, extFields: Record<string, string>, body?: Buffer): void {
    if (this.closed) return;
    const request = createRequest({
      code,
      extFields,
      oneway: true,
      serializeType: 'JSON',
      version: SERVER_VERSION,
      ...(body === undefined ? {} : { body }),
    });
    this.connection.oneway(request).catch((error: unknown) => {
      // The client went away between the check and the write: nothing to deliver to any more.
      this.logger.warn(`${requestCodeName(code)} to ${this.remoteAddress} not sent: ${describeError(error)}`);
    });
  }

  close(): void {
    void this.connection.close();
  }
}
