import { Duplex } from 'node:stream';

/** Options of {@link createMemoryPair}. */
export interface MemoryPairOptions {
  /**
   * Stream buffer size in bytes on both ends (default 16 KiB, like a socket). A small value makes
   * `write` return false quickly, to exercise back-pressure.
   */
  highWaterMark?: number;
}

/**
 * One end of an in-memory pipe. What is written here is pushed into the peer's readable side; when
 * the peer's reader is full, the write callback waits for the peer to read, so back-pressure
 * propagates from reader to writer as on a socket. `end()` ends the peer's readable side;
 * `destroy()` tears both ends down (like a closed TCP connection).
 */
class MemoryEnd extends Duplex {
  private peer: MemoryEnd | undefined;
  /** The peer's write callback, held while this end's reader is full. */
  private pendingWrite: ((error?: Error) => void) | undefined;

  constructor(highWaterMark: number) {
    super({ highWaterMark, allowHalfOpen: false });
  }

  connect(peer: MemoryEnd): void {
    this.peer = peer;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    if (peer === undefined || peer.destroyed) {
      callback(new Error('memory pipe: peer is closed'));
      return;
    }
    if (peer.push(chunk)) callback();
    else peer.pendingWrite = (error?: Error) => callback(error);
  }

  override _read(): void {
    const resume = this.pendingWrite;
    this.pendingWrite = undefined;
    resume?.();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer?.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    const stalled = this.pendingWrite;
    this.peer = undefined;
    this.pendingWrite = undefined;
    stalled?.(new Error('memory pipe: peer is closed'));
    if (peer !== undefined && !peer.destroyed) peer.destroy();
    callback(error);
  }
}

/**
 * Two connected in-memory duplex streams: bytes written to one are read from the other. The test seam
 * for {@link Connection}: no sockets, no ports, deterministic.
 */
export function createMemoryPair(options: MemoryPairOptions = {}): [Duplex, Duplex] {
  const highWaterMark = options.highWaterMark ?? 16 * 1024;
  const a = new MemoryEnd(highWaterMark);
  const b = new MemoryEnd(highWaterMark);
  a.connect(b);
  b.connect(a);
  return [a, b];
}
