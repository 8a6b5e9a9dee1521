import type { Duplex } from 'node:stream';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { createRequest, createResponse, type RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { encodeFrame, FrameDecoder } from '../../adapters/remoting/protocol/frame.js';
import { systemClock, type Clock, type TimerHandle } from '../../adapters/remoting/transport/clock.js';
import type { ConnectionOptions } from '../../adapters/remoting/transport/connection-options.js';
import { Connection } from '../../adapters/remoting/transport/connection.js';
import { createMemoryPair } from '../../adapters/remoting/transport/memory.js';

/** Two connections joined by an in-memory pipe: `client` and `server` are just labels here. */
export function memoryConnections(
  options: { client?: ConnectionOptions; server?: ConnectionOptions; highWaterMark?: number } = {},
): { client: Connection; server: Connection; closeBoth: () => Promise<void> } {
  const pair = createMemoryPair(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark });
  const client = new Connection(pair[0], { address: 'server:1', idleTimeoutMs: 0, ...options.client });
  const server = new Connection(pair[1], { address: 'client:1', idleTimeoutMs: 0, ...options.server });
  return { client, server, closeBoth: async () => void (await Promise.all([client.close(), server.close()])) };
}

/**
 * A peer that speaks raw frames over one end of a memory pipe: every frame it receives is decoded
 * into `received`, and `send` writes whatever command (or bytes) the test wants.
 */
export class RawPeer {
  readonly received: RemotingCommand[] = [];
  private readonly decoder = new FrameDecoder();
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(readonly end: Duplex) {
    end.on('data', (chunk: Buffer) => {
      this.received.push(...this.decoder.push(chunk));
      for (const waiter of this.waiters.filter((w) => this.received.length >= w.count)) waiter.resolve();
    });
  }

  /** Resolves once `count` frames in total have arrived. */
  frames(count: number): Promise<RemotingCommand[]> {
    if (this.received.length >= count) return Promise.resolve(this.received.slice(0, count));
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.received.slice(0, count)) }));
  }

  send(command: RemotingCommand | Buffer): void {
    this.end.write(Buffer.isBuffer(command) ? command : encodeFrame(command));
  }

  respond(request: RemotingCommand, code = 0, remark?: string): void {
    this.send(createResponse(request, remark === undefined ? { code } : { code, remark }));
  }
}

/** A connection on one end of a memory pipe and a {@link RawPeer} on the other. */
export function connectionWithRawPeer(options: ConnectionOptions = {}, highWaterMark?: number): { connection: Connection; peer: RawPeer } {
  const [a, b] = createMemoryPair(highWaterMark === undefined ? {} : { highWaterMark });
  return { connection: new Connection(a, { address: 'peer:1', idleTimeoutMs: 0, ...options }), peer: new RawPeer(b) };
}

export const request = (code: number, extFields?: Record<string, string>, body?: Buffer): RemotingCommand =>
  createRequest({ code, ...(extFields === undefined ? {} : { extFields }), ...(body === undefined ? {} : { body }) });

/** The first value of `source` that satisfies `predicate`. */
export function first<T, S extends T>(source: Observable<T>, predicate: (value: T) => value is S): Promise<S>;
export function first<T>(source: Observable<T>, predicate?: (value: T) => boolean): Promise<T>;
export function first<T>(source: Observable<T>, predicate: (value: T) => boolean = () => true): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate)));
}

/** A settable promise. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The real timers, counting the ones still armed, so a test can check that nothing was left running. */
export class CountingClock implements Clock {
  private readonly active = new Set<TimerHandle>();

  get armed(): number {
    return this.active.size;
  }

  now(): number {
    return systemClock.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = systemClock.setTimeout(() => {
      this.active.delete(handle);
      fn();
    }, ms);
    this.active.add(handle);
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.active.delete(handle);
    systemClock.clearTimeout(handle);
  }
}
