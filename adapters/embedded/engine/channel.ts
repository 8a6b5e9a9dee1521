/**
 * A client connection as the engine sees it. The remoting server creates one per accepted socket; the engine keeps
 * it in its client registries and uses it for broker → client oneway requests (NOTIFY_CONSUMER_IDS_CHANGED,
 * CHECK_TRANSACTION_STATE). The server must call `Broker.channelClosed(channel)` when the socket closes.
 */
export interface ClientChannel {
  /** Unique per connection for the life of the broker. */
  readonly id: string;
  /** The peer's `ip:port` (`[ipv6]:port` accepted); becomes the BORNHOST of the messages it sends. */
  readonly remoteAddress: string;
  /** True once the connection is gone; a closed channel is never notified or parked on. */
  readonly closed: boolean;
  /**
   * Sends a oneway request to the client (`code` is a RequestCode such as 40 or 39). Must not throw for a
   * connection that went away meanwhile; an exception is reported as an engine event and otherwise ignored.
   */
  notify(code: number, extFields: Record<string, string>, body?: Buffer): void;
  /** Closes the connection (the engine calls it when a client's registration expires). Optional. */
  close?(): void;
}
