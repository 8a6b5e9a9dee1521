import type { CallOptions } from '../../../core/ports/broker-port.js';
import type { RemotingCommand, SerializeType } from '../protocol/command.js';
import type { EncodeOptions, KeyOrder } from '../protocol/headers/field-spec.js';
import type { Connection } from '../transport/connection.js';
import type { RequestOptions } from '../transport/connection-options.js';
import type { ConnectionPool } from '../transport/pool.js';
import type { RequestSink } from '../transport/request-guard.js';
import type { RequestHook } from './acl-hook.js';

/** Writes an (already hooked) request on a connection. */
type Send<T> = (connection: Connection, hooked: RemotingCommand) => Promise<T>;

/** The two key orders a header is written in (shared: one is asked for per request). */
const JAVA_ORDER: EncodeOptions = Object.freeze({ order: 'java' });
const DECLARATION_ORDER: EncodeOptions = Object.freeze({ order: 'declaration' });

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
    // Built as `createRequest` builds it, without spreading a fresh object per optional field (once per request).
    const cmd: RemotingCommand = { code, language, version, opaque: 0, flag: 0, serializeType };
    if (extFields !== undefined) cmd.extFields = extFields;
    if (body !== undefined) cmd.body = body;
    return cmd;
  }

  /**
   * Header encode options giving a Java peer's key order for this client's serialization: a `FastCodesHeader`
   * (SEND_MESSAGE_V2, PULL_MESSAGE) is written in declaration order in binary frames, everything else in HashMap order.
   */
  headerOrder(codec: { readonly binaryOrder: KeyOrder }): EncodeOptions {
    return this.options.serializeType === 'ROCKETMQ' && codec.binaryOrder === 'declaration' ? DECLARATION_ORDER : JAVA_ORDER;
  }

  /** Sends `command` to `address` and resolves with the response, whatever its code. */
  invoke(address: string, command: RemotingCommand, opts?: CallOptions): Promise<RemotingCommand>;
  /** {@link invoke}, resolving with what `map` makes of the response (one Promise, where `.then(map)` makes two). */
  invoke<T>(address: string, command: RemotingCommand, opts: CallOptions | undefined, map: (response: RemotingCommand) => T): Promise<T>;
  invoke(address: string, command: RemotingCommand, opts: CallOptions = {}, map?: (response: RemotingCommand) => unknown): Promise<unknown> {
    const timeoutMs = opts.timeoutMs ?? this.options.requestTimeoutMs;
    const requestOptions = opts.signal === undefined ? { timeoutMs } : { timeoutMs, signal: opts.signal };
    if (map === undefined) return this.through(address, command, (connection, hooked) => connection.request(hooked, requestOptions));
    return this.through(address, command, (connection, hooked) => connection.request(hooked, requestOptions, map));
  }

  /**
   * {@link invoke} without a Promise: what `map` makes of the response, or the error, goes to `sink` once, never from
   * inside this call.
   */
  invokeTo<T>(address: string, command: RemotingCommand, opts: CallOptions | undefined, map: (response: RemotingCommand) => T, sink: RequestSink<T>): void {
    const timeoutMs = opts?.timeoutMs ?? this.options.requestTimeoutMs;
    const requestOptions: RequestOptions = opts?.signal === undefined ? { timeoutMs } : { timeoutMs, signal: opts.signal };
    const open = this.options.pool.current(address);
    if (open !== undefined) return this.requestHooked(open, command, requestOptions, map, sink);
    this.options.pool.get(address).then(
      (connection) => this.requestHooked(connection, command, requestOptions, map, sink),
      (error: unknown) => sink.rejected(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Sends `command` to `address` as a oneway request; resolves once it is written. */
  oneway(address: string, command: RemotingCommand): Promise<void> {
    return this.through(address, command, (connection, hooked) => connection.oneway(hooked));
  }

  /**
   * Applies the hook to `command` and hands it to `send` with the connection to `address`. An open connection is
   * used at once; only a connect (or a closed pool) goes through the pool's Promise. A hook that throws rejects.
   */
  private through<T>(address: string, command: RemotingCommand, send: Send<T>): Promise<T> {
    const open = this.options.pool.current(address);
    if (open !== undefined) return this.sendHooked(open, command, send);
    return this.options.pool.get(address).then((connection) => this.sendHooked(connection, command, send));
  }

  /** `invokeTo` on `connection`; a hook that throws fails the sink on a microtask. */
  private requestHooked<T>(connection: Connection, command: RemotingCommand, options: RequestOptions, map: (response: RemotingCommand) => T, sink: RequestSink<T>): void {
    let hooked: RemotingCommand;
    try {
      hooked = this.options.hook(command);
    } catch (error) {
      queueMicrotask(() => sink.rejected(error instanceof Error ? error : new Error(String(error))));
      return;
    }
    connection.requestTo(hooked, options, map, sink);
  }

  private sendHooked<T>(connection: Connection, command: RemotingCommand, send: Send<T>): Promise<T> {
    let hooked: RemotingCommand;
    try {
      hooked = this.options.hook(command);
    } catch (error) {
      return Promise.reject(error);
    }
    return send(connection, hooked);
  }
}
