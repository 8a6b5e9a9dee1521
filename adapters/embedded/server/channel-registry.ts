import type { Subscription } from 'rxjs';
import type { Connection } from '../../remoting/transport/connection.js';
import type { RemotingServer, ServerEvent } from '../../remoting/transport/server.js';
import type { EmbeddedLogger } from '../logger.js';
import { ConnectionChannel } from './connection-channel.js';
import { describeError } from '../../remoting/transport/errors.js';

/**
 * One {@link ConnectionChannel} per accepted connection of a server. When a connection closes the listeners hear of
 * it (the broker drops the client's registrations and parked pulls). Connection-level trouble is logged here: a
 * malformed frame (which closed only that connection) once per connection, and failed responses.
 */
export class ChannelRegistry {
  private readonly channels = new Map<Connection, ConnectionChannel>();
  private readonly closedListeners: ((channel: ConnectionChannel) => void)[] = [];
  private readonly subscription: Subscription;
  private nextId = 0;

  constructor(
    server: RemotingServer,
    private readonly label: string,
    private readonly logger: EmbeddedLogger,
  ) {
    this.subscription = server.events$.subscribe((event) => this.onEvent(event));
  }

  /** The channel of `connection` (created on first use). */
  of(connection: Connection): ConnectionChannel {
    let channel = this.channels.get(connection);
    if (channel === undefined) {
      channel = new ConnectionChannel(`${this.label}#${++this.nextId}`, connection, this.logger);
      this.channels.set(connection, channel);
      const ch = channel;
      connection.closed$.subscribe(() => this.onClosed(connection, ch));
    }
    return channel;
  }

  /** Calls `listener` with each channel whose connection closed. */
  onChannelClosed(listener: (channel: ConnectionChannel) => void): void {
    this.closedListeners.push(listener);
  }

  dispose(): void {
    this.subscription.unsubscribe();
  }

  private onEvent(event: ServerEvent): void {
    switch (event.type) {
      case 'connection':
        this.of(event.connection);
        return;
      case 'connection-event':
        return this.onConnectionEvent(event.connection, event.event);
      case 'tls-error':
        return this.logger.warn(`TLS handshake failed: ${describeError(event.error)}`);
      case 'server-error':
        return this.logger.error('server socket error', event.error);
    }
  }

  private onConnectionEvent(connection: Connection, event: Extract<ServerEvent, { type: 'connection-event' }>['event']): void {
    const from = connection.remoteAddress;
    if (event.type === 'protocol-error') this.logger.warn(`closed the connection from ${from}: ${describeError(event.error)}`);
    else if (event.type === 'processor-error') this.logger.error(`request ${event.code} from ${from} failed`, event.error);
    else if (event.type === 'respond-failed') this.logger.warn(`response to ${from} not sent: ${describeError(event.error)}`);
  }

  private onClosed(connection: Connection, channel: ConnectionChannel): void {
    this.channels.delete(connection);
    for (const listener of this.closedListeners) {
      try {
        listener(channel);
      } catch (error) {
        this.logger.error(`closing channel ${channel.id} failed`, error);
      }
    }
  }
}
