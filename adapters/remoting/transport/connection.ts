import type { Duplex } from 'node:stream';
import { AsyncSubject, Subject, type Observable } from 'rxjs';
import { isRocketMQError } from '../../../core/errors.js';
import type { Cancelable } from '../../../core/ports/broker-port.js';
import { Deadlines } from '../../../core/util/deadlines.js';
import { FLAG_ONEWAY, FLAG_RESPONSE, isResponse, type RemotingCommand } from '../protocol/command.js';
import { FrameDecoder } from '../protocol/frame.js';
import { socketAddress } from './address.js';
import { systemClock, type Clock } from './clock.js';
import { connectionErrors } from './connection-errors.js';
import {
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_QUEUED_BYTES,
  type ConnectionOptions,
  type ReadSource,
  type RequestOptions,
} from './connection-options.js';
import { dispatchRequest } from './dispatch.js';
import type { TransportError } from './errors.js';
import type { CloseReason, ConnectionClosed, ConnectionEvent, ConnectionStats } from './events.js';
import { IdleWatch } from './idle.js';
import { InFlightTable } from './in-flight.js';
import { OpaqueCounter } from './opaque.js';
import { Outbound, requestFrame, type RequestFrame } from './outbound.js';
import { ProcessorRegistry, type Processor } from './processors.js';
import { failLater, GuardedRequest, NOT_STARTED, type RequestOwner, type RequestSink } from './request-guard.js';

/**
 * One remoting connection over any `Duplex` (TCP socket, TLS socket, in-memory pipe). It owns its
 * opaque counter, in-flight table, frame decoder, write queue and idle timer; nothing is shared
 * between connections. Requests are multiplexed and matched to responses by opaque; requests pushed by
 * the peer are dispatched to processors by code.
 */
export class Connection {
  /** The peer, as `host:port` (or the label given in the options). */
  readonly remoteAddress: string;
  private readonly clock: Clock;
  private readonly guards: RequestOwner;
  /** The timeouts of the requests in flight. */
  private readonly deadlines: Deadlines;
  private readonly processors: ProcessorRegistry;
  private readonly table = new InFlightTable();
  private readonly opaques: OpaqueCounter;
  private readonly decoder: FrameDecoder;
  private readonly outbound: Outbound;
  private readonly idle: IdleWatch | undefined;
  private readonly eventSubject = new Subject<ConnectionEvent>();
  private readonly closedSubject = new AsyncSubject<ConnectionClosed>();
  private readonly counters = { requestsSent: 0, responsesReceived: 0, unknownResponses: 0, requestsReceived: 0, timeouts: 0 };
  private ending: ConnectionClosed | undefined;
  private readonly whenClosed: Promise<void>;
  private readonly onDataEvent = (chunk: Buffer): void => this.onData(chunk);
  private readonly reads: ReadSource | undefined;
  private readonly onEndEvent = (): void => this.terminate('peer');
  private readonly onErrorEvent = (error: Error): void => this.terminate('socket-error', error);
  private readonly onCloseEvent = (): void => this.onSocketClosed();
  /** Whether an opaque is still waiting for its response (made once, not per request). */
  private readonly isOpaqueTaken = (opaque: number): boolean => this.table.has(opaque);

  /** Connection events (`idle`, `protocol-error`, `processor-error`, `respond-failed`, `closed`); completes after `closed`. */
  readonly events$: Observable<ConnectionEvent>;
  /** Emits once when the socket is fully closed, then completes; late subscribers still get it. */
  readonly closed$: Observable<ConnectionClosed>;

  constructor(
    private readonly socket: Duplex,
    options: ConnectionOptions = {},
  ) {
    this.remoteAddress = options.address ?? socketAddress(socket);
    this.clock = options.clock ?? systemClock;
    this.deadlines = new Deadlines(this.clock);
    this.guards = this.requestOwner();
    this.processors = new ProcessorRegistry(options.processors);
    this.opaques = new OpaqueCounter(options.initialOpaque);
    this.decoder = new FrameDecoder(options.maxFrameSize === undefined ? {} : { maxFrameSize: options.maxFrameSize });
    this.outbound = new Outbound(socket, options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES, this.remoteAddress);
    this.events$ = this.eventSubject.asObservable();
    this.closed$ = this.closedSubject.asObservable();
    this.whenClosed = new Promise((resolve) => this.closedSubject.subscribe({ complete: () => resolve() }));
    this.reads = options.reads;
    if (this.reads === undefined) socket.on('data', this.onDataEvent);
    else this.reads.attach(this.onDataEvent);
    socket.on('end', this.onEndEvent).on('error', this.onErrorEvent).on('close', this.onCloseEvent);
    const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.idle = idleMs > 0 ? new IdleWatch(this.clock, idleMs, (ms) => this.onIdle(ms)) : undefined;
    if (socket.closed) this.onSocketClosed();
  }

  /** True until the connection starts closing. */
  get isOpen(): boolean {
    return this.ending === undefined;
  }

  /** Requests waiting for a response. */
  get inFlight(): number {
    return this.table.size;
  }

  /** Bytes waiting in the write queue for the socket to drain. */
  get queuedBytes(): number {
    return this.outbound.queuedBytes;
  }

  /** A snapshot of this connection's counters. */
  get stats(): ConnectionStats {
    return { ...this.counters };
  }

  /** Handles requests with `code` pushed by the peer (overrides a pool's or server's processor). */
  setProcessor(code: number, processor: Processor): void {
    this.processors.set(code, processor);
  }

  /** Handles pushed requests whose code has no processor; `undefined` restores "not supported". */
  setDefaultProcessor(processor: Processor | undefined): void {
    this.processors.setDefault(processor);
  }

  /**
   * Sends `command` as a request under a fresh opaque and resolves with the matching response.
   * Rejects with `request-timeout`, `request-aborted`, `connection-closed` (also for a socket whose write failed: the
   * socket closes, and its error is the cause), `protocol-error` or `write-failed` (the write queue is full).
   */
  request(command: RemotingCommand, options: RequestOptions): Promise<RemotingCommand> {
    return new Promise((resolved, rejected) => this.requestTo(command, options, undefined, { resolved, rejected }));
  }

  /**
   * {@link request} without a Promise: the outcome goes to `sink` (the response, or what `map` makes of it — a throw of
   * `map` fails it — or the error), once, and never from inside this call (a failure found at once is delivered on a
   * microtask).
   */
  requestTo<T>(command: RemotingCommand, options: RequestOptions, map: ((response: RemotingCommand) => T) | undefined, sink: RequestSink<T>): void {
    const signal = options.signal;
    if (signal?.aborted === true && this.ending === undefined) {
      return failLater(sink, connectionErrors.aborted(this.remoteAddress, command.code, undefined, signal.reason));
    }
    this.start(command, options.timeoutMs, signal, map, sink as RequestSink);
  }

  /**
   * {@link requestTo} without an options object or a signal: the request is bounded by `timeoutMs` and abandoned
   * through what this returns (a producer's send: no signal to read, watch and leave per request).
   */
  requestWithin(command: RemotingCommand, timeoutMs: number, sink: RequestSink): Cancelable {
    return this.start(command, timeoutMs, undefined, undefined, sink);
  }

  /** Sends a request and tracks it; the connection closing, or a frame that cannot be encoded, fails `sink` after this call. */
  private start(
    command: RemotingCommand,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    map: ((response: RemotingCommand) => unknown) | undefined,
    sink: RequestSink,
  ): Cancelable {
    if (this.ending !== undefined) {
      failLater(sink, this.closedError(command.code, undefined));
      return NOT_STARTED;
    }
    const opaque = this.opaques.next(this.isOpaqueTaken);
    let frame: RequestFrame;
    try {
      frame = requestFrame(command, opaque);
    } catch (error) {
      failLater(sink, error);
      return NOT_STARTED;
    }
    // One clock read for the request's deadline and the connection's activity.
    const now = this.clock.now();
    const call = new GuardedRequest(this.guards, command.code, opaque, timeoutMs, signal, map, sink, now);
    this.table.add(call);
    this.counters.requestsSent++;
    this.idle?.touchAt(now);
    const ticket = this.outbound.writeRequest(frame);
    // A frame the full queue refuses fails its request now (delivered after this call, as `starting` is still set).
    if (ticket === null) this.table.reject(opaque, this.outbound.refused(call, frame));
    else call.ticket = ticket;
    call.starting = false;
    return call;
  }

  /** Sends `command` as a oneway request (never answered); resolves once the socket took the frame. */
  oneway(command: RemotingCommand): Promise<void> {
    if (this.ending !== undefined) return Promise.reject(this.closedError(command.code, undefined));
    const opaque = this.opaques.next(this.isOpaqueTaken);
    const flag = (command.flag & ~FLAG_RESPONSE) | FLAG_ONEWAY;
    this.counters.requestsSent++;
    return this.send(command, opaque, flag);
  }

  /** Sends a response to a request the peer pushed (keep the request's opaque, e.g. via `createResponse`). */
  respond(response: RemotingCommand): Promise<void> {
    if (this.ending !== undefined) return Promise.reject(this.closedError(response.code, response.opaque));
    return this.send(response, response.opaque, response.flag | FLAG_RESPONSE);
  }

  /**
   * Closes the connection: rejects everything in flight with `connection-closed`, drops queued writes,
   * clears timers and destroys the socket. Idempotent; resolves when the socket is closed.
   */
  close(): Promise<void> {
    this.terminate('local');
    return this.whenClosed;
  }

  private send(command: RemotingCommand, opaque: number, flag: number): Promise<void> {
    this.idle?.touch();
    return this.outbound.send(command, opaque, flag);
  }

  private onData(chunk: Buffer): void {
    if (this.ending !== undefined) return;
    this.idle?.touch();
    let commands: RemotingCommand[];
    try {
      commands = this.decoder.push(chunk);
    } catch (error) {
      // Frames completed before the bad one are delivered first, as a per-frame decoder would have.
      for (const command of decodedBefore(error)) this.onCommand(command);
      const cause = error instanceof Error ? error : new Error(String(error));
      this.eventSubject.next({ type: 'protocol-error', error: cause });
      this.terminate('protocol-error', cause);
      return;
    }
    for (const command of commands) this.onCommand(command);
  }

  private onCommand(command: RemotingCommand): void {
    if (isResponse(command)) {
      if (this.table.resolve(command)) this.counters.responsesReceived++;
      else this.counters.unknownResponses++;
      return;
    }
    this.counters.requestsReceived++;
    void this.dispatch(command);
  }

  private async dispatch(request: RemotingCommand): Promise<void> {
    const outcome = await dispatchRequest(request, this.processors.lookup(request.code), this);
    const { code, opaque } = request;
    if ('error' in outcome) this.eventSubject.next({ type: 'processor-error', code, opaque, error: outcome.error });
    if (outcome.response === undefined) return;
    await this.respond(outcome.response).catch((error: Error) => {
      this.eventSubject.next({ type: 'respond-failed', code, opaque, error });
    });
  }

  /** How the requests in flight reach back to this connection when their timeout or abort signal fires. */
  private requestOwner(): RequestOwner {
    return {
      deadlines: this.deadlines,
      timedOut: (call) => {
        const error = connectionErrors.timeout(this.remoteAddress, call.code, call.opaque, call.timeoutMs);
        if (this.table.reject(call.opaque, error)) this.counters.timeouts++;
      },
      aborted: (call, reason) => {
        this.table.reject(call.opaque, connectionErrors.aborted(this.remoteAddress, call.code, call.opaque, reason));
      },
    };
  }

  private onIdle(idleMs: number): void {
    this.eventSubject.next({ type: 'idle', idleMs });
    this.terminate('idle');
  }

  /** Starts closing once: rejects in-flight requests and queued writes, stops the idle timer, destroys the socket. */
  private terminate(reason: CloseReason, cause?: Error): void {
    if (this.ending !== undefined) return;
    this.ending = cause === undefined ? { reason } : { reason, cause };
    this.idle?.stop();
    this.table.rejectAll((opaque, request) => this.closedError(request.code, opaque));
    this.deadlines.dispose();
    this.outbound.dispose(this.closedError(undefined, undefined));
    this.socket.destroy();
  }

  private onSocketClosed(): void {
    this.terminate('peer');
    this.socket.off('data', this.onDataEvent).off('end', this.onEndEvent).off('error', this.onErrorEvent);
    this.socket.off('close', this.onCloseEvent);
    this.reads?.detach();
    const ending = this.ending as ConnectionClosed;
    this.eventSubject.next({ type: 'closed', ...ending });
    this.eventSubject.complete();
    this.closedSubject.next(ending);
    this.closedSubject.complete();
  }

  private closedError(code: number | undefined, opaque: number | undefined): TransportError {
    return connectionErrors.closed(this.remoteAddress, this.ending ?? { reason: 'local' }, code, opaque);
  }
}

function decodedBefore(error: unknown): RemotingCommand[] {
  const decoded = isRocketMQError(error) ? error.context['decoded'] : undefined;
  return Array.isArray(decoded) ? (decoded as RemotingCommand[]) : [];
}
