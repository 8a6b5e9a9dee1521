import type { CallOptions } from '../../../core/ports/broker-port.js';
import { createRequest, type RemotingCommand, type SerializeType } from '../protocol/command.js';
import type { EncodeOptions, KeyOrder } from '../protocol/headers/field-spec.js';
import type { Connection } from '../transport/connection.js';
import type { ConnectionPool } from '../transport/pool.js';
import type { RequestHook } from './acl-hook.js';

/** What every request this client sends has in common. */
export interface RpcOptions {
  readonly pool: ConnectionPool;
  readonly serializeType: SerializeType;
  readonly language: string;
  readonly version: number;
  readonly requestTimeoutMs: number;
  /** Applied to every outgoing request (ACL signing). */
  readonly hook: RequestHook;
}

/**
 * Builds requests with the client's header defaults and sends them through the connection pool: `invoke` waits for
 * the response (transport errors and timeouts reject with the transport's typed errors), `oneway` only for the write.
 */
export class Rpc {
  constructor(private readonly options: RpcOptions) {}

  /** A request with this client's serialization, language and version. */
  command(code: number, extFields?: Record<string, string>, body?: Buffer): RemotingCommand {
    const { serializeType, language, version } = this.options;
    return createRequest({
      code,
      serializeType,
      language,
      version,
      ...(extFields === undefined ? {} : { extFields }),
      ...(body === undefined ? {} : { body }),
    });
  }

  /**
   * Header encode options giving a Java peer's key order for this client's serialization: a `FastCodesHeader`
   * (SEND_MESSAGE_V2, PULL_MESSAGE) is written in declaration order in binary frames, everything else in HashMap order.
   */
  headerOrder(codec: { readonly binaryOrder: KeyOrder }): EncodeOptions {
    return { order: this.options.serializeType === 'ROCKETMQ' ? codec.binaryOrder : 'java' };
  }

  /** Sends `command` to `address` and resolves with the response, whatever its code. */
  invoke(address: string, command: RemotingCommand, opts: CallOptions = {}): Promise<RemotingCommand> {
    // An open connection is used at once; only a connect (or a closed pool) goes through the pool's Promise.
    const open = this.options.pool.current(address);
    if (open !== undefined) return this.request(open, command, opts);
    return this.options.pool.get(address).then((connection) => this.request(connection, command, opts));
  }

  private request(connection: Connection, command: RemotingCommand, opts: CallOptions): Promise<RemotingCommand> {
    const timeoutMs = opts.timeoutMs ?? this.options.requestTimeoutMs;
    let hooked: RemotingCommand;
    try {
      hooked = this.options.hook(command);
    } catch (error) {
      return Promise.reject(error);
    }
    return connection.request(hooked, opts.signal === undefined ? { timeoutMs } : { timeoutMs, signal: opts.signal });
  }

  /** Sends `command` to `address` as a oneway request. */
  async oneway(address: string, command: RemotingCommand): Promise<void> {
    const connection = await this.options.pool.get(address);
    await connection.oneway(this.options.hook(command));
  }
}
