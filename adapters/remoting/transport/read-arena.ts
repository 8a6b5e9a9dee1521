import { Buffer } from 'node:buffer';
import type { OnReadOpts } from 'node:net';

/** Bytes of each arena a socket reads into. */
export const READ_ARENA_SIZE = 128 * 1024;
/** Smallest window offered to a read (Node reads up to 64 KiB at a time into its own buffers). */
export const MIN_READ_WINDOW = 64 * 1024;

/**
 * Where a TCP socket's reads land (Node's `onread`): windows of one large arena, each read placed right after the
 * previous one, so the byte stream lies contiguous in memory and a frame split across reads is still one span of
 * it (the frame decoder then returns a view instead of copying, see `FrameDecoder`). When fewer than
 * {@link MIN_READ_WINDOW} bytes are left, reading moves on to a fresh arena; the old one is freed once nothing
 * decoded from it (a message body, say) is referenced any more. Nothing is ever written twice into an arena, so
 * views handed out stay valid.
 *
 * Compared with Node's default reading, which allocates a zero-filled buffer per read and copies the data into it,
 * this saves the allocation, the fill and the copy for every read.
 */
export class ReadArena {
  #arena: Buffer;
  #filled = 0;
  #sink: ((chunk: Buffer) => void) | undefined;
  /** Reads that arrived before a sink was attached (views into the arenas, which stay untouched). */
  #early: Buffer[] = [];

  constructor(
    private readonly arenaSize = READ_ARENA_SIZE,
    private readonly minWindow = MIN_READ_WINDOW,
  ) {
    if (!(minWindow > 0 && arenaSize >= minWindow)) throw new RangeError(`arena ${arenaSize} must be at least the window ${minWindow}`);
    this.#arena = Buffer.allocUnsafeSlow(arenaSize);
  }

  /** The `onread` option of `net.connect` for this arena. */
  readonly onread: OnReadOpts = {
    buffer: () => this.window(),
    callback: (nread: number, window: Uint8Array) => this.received(nread, window),
  };

  /** Sends every read (and those that came before) to `sink`, as views into the arenas. */
  attach(sink: (chunk: Buffer) => void): void {
    this.#sink = sink;
    const early = this.#early;
    this.#early = [];
    for (const chunk of early) sink(chunk);
  }

  /** Stops delivering reads (the connection is closing). */
  detach(): void {
    this.#sink = undefined;
    this.#early = [];
  }

  /** The space the next read goes into: the rest of the current arena, or a fresh arena when too little is left. */
  window(): Buffer {
    if (this.arenaSize - this.#filled < this.minWindow) {
      this.#arena = Buffer.allocUnsafeSlow(this.arenaSize);
      this.#filled = 0;
    }
    return this.#arena.subarray(this.#filled);
  }

  private received(nread: number, window: Uint8Array): boolean {
    const chunk = Buffer.from(window.buffer, window.byteOffset, nread);
    // The next window starts after these bytes only if this read went into the current arena's window.
    if (window.buffer === this.#arena.buffer) this.#filled = window.byteOffset - this.#arena.byteOffset + nread;
    const sink = this.#sink;
    if (sink !== undefined) sink(chunk);
    else this.#early.push(chunk);
    return true;
  }
}
