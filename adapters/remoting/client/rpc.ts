import type { CallOptions, Cancelable } from '../../../core/ports/broker-port.js';
import type { RemotingCommand, SerializeType } from '../protocol/command.js';
import type { EncodeOptions, KeyOrder } from '../protocol/headers/field-spec.js';
import type { Connection } from '../transport/connection.js';
import type { RequestOptions } from '../transport/connection-options.js';
import type { ConnectionPool } from '../transport/pool.js';
import { failLater, NOT_STARTED, type RequestSink } from '../transport/request-guard.js';
import { refusedHeader, type CommandDefaults } from '../protocol/send-v2-command.js';
import type { RequestHook } from './acl-hook.js';
import { PendingCall } from './pending-call.js';

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
  /** The serialization, language and version of this client's requests. */
  readonly defaults: CommandDefaults;

  constructor(private readonly options: RpcOptions) {
    this.defaults = Object.freeze({ serializeType: options.serializeType, language: options.language, version: options.version });
  }

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
  invoke(address: string, command: RemotingCommand, opts?: CallOptions): Promise<RemotingCommand> {
    return new Promise((resolved, rejected) => this.invokeTo(address, command, opts, undefined, { resolved, rejected }));
  }

  /**
   * {@link invoke} without a Promise: the response, or what `map` makes of it, or the error, goes to `sink` once,
   * never from inside this call. An open connection is written to at once; a connect goes through the pool.
   */
  invokeTo<T>(address: string, command: RemotingCommand, opts: CallOptions | undefined, map: ((response: RemotingCommand) => T) | undefined, sink: RequestSink<T>): void {
    const requestOptions = this.requestOptions(opts);
    const open = this.options.pool.current(address);
    if (open !== undefined) return this.requestHooked(open, command, requestOptions, map, sink);
    const refused = refusedHeader(command);
    if (refused !== undefined) return failLater(sink, refused);
    this.options.pool.get(address).then(
      (connection) => this.requestHooked(connection, command, requestOptions, map, sink),
      (error: unknown) => sink.rejected(error),
    );
  }

  /**
   * {@link invokeTo} bounded by `timeoutMs`, without options or a signal: abandoned through what it returns (a
   * producer's send). Cancelled while its connection opens, it fails `sink` at once and is never sent.
   */
  callTo(address: string, command: RemotingCommand, timeoutMs: number, sink: RequestSink): Cancelable {
    const open = this.options.pool.current(address);
    if (open !== undefined) return this.callHooked(open, command, timeoutMs, sink);
    const refused = refusedHeader(command);
    if (refused !== undefined) {
      failLater(sink, refused);
      return NOT_STARTED;
    }
    const pending = new PendingCall(address, command.code, sink);
    this.options.pool.get(address).then(
      (connection) => {
        if (!pending.cancelled) pending.started(this.callHooked(connection, command, timeoutMs, pending));
      },
      (error: unknown) => pending.rejected(error),
    );
    return pending;
  }

  /** The call's options as the connection takes them: the caller's own object when it names a timeout (one per send). */
  private requestOptions(opts: CallOptions | undefined): RequestOptions {
    if (opts?.timeoutMs !== undefined) return opts as RequestOptions;
    const timeoutMs = this.options.requestTimeoutMs;
    return opts?.signal === undefined ? { timeoutMs } : { timeoutMs, signal: opts.signal };
  }

  /** Sends `command` to `address` as a oneway request; resolves once it is written. A hook that throws rejects. */
  oneway(address: string, command: RemotingCommand): Promise<void> {
    const open = this.options.pool.current(address);
    if (open !== undefined) return this.onewayHooked(open, command);
    const refused = refusedHeader(command);
    if (refused !== undefined) return Promise.reject(refused);
    return this.options.pool.get(address).then((connection) => this.onewayHooked(connection, command));
  }

  /** `invokeTo` on `connection`; a hook that throws fails the sink on a microtask. */
  private requestHooked<T>(connection: Connection, command: RemotingCommand, options: RequestOptions, map: ((response: RemotingCommand) => T) | undefined, sink: RequestSink<T>): void {
    const hooked = this.hooked(command, sink);
    if (hooked !== undefined) connection.requestTo(hooked, options, map, sink);
  }

  /** `callTo` on `connection`; a hook that throws fails the sink on a microtask. */
  private callHooked(connection: Connection, command: RemotingCommand, timeoutMs: number, sink: RequestSink): Cancelable {
    const hooked = this.hooked(command, sink);
    return hooked === undefined ? NOT_STARTED : connection.requestWithin(hooked, timeoutMs, sink);
  }

  /** `command` as the request hook makes it; `undefined` when the hook throws (then `sink` fails on a microtask). */
  private hooked(command: RemotingCommand, sink: RequestSink<never>): RemotingCommand | undefined {
    try {
      return this.options.hook(command);
    } catch (error) {
      failLater(sink, error);
      return undefined;
    }
  }

  private onewayHooked(connection: Connection, command: RemotingCommand): Promise<void> {
    let hooked: RemotingCommand;
    try {
      hooked = this.options.hook(command);
    } catch (error) {
      return Promise.reject(error);
    }
    return connection.oneway(hooked);
  }
}
