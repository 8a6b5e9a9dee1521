/**
 * The incremental, socket-free frame decoder (shared/protocol §1.2): bytes in, commands out.
 */
import { Buffer } from 'node:buffer';
import { RocketMQError } from '../../../core/errors.js';
import type { RemotingCommand } from './command.js';
import { ProtocolError } from './errors.js';
import { bufferView } from './buffer-view.js';
import { checkLengthField, decodeCompleteFrame, decodeFrameIn, DEFAULT_MAX_FRAME_SIZE } from './frame-codec.js';

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest accepted frame in bytes, counting the 4-byte LENGTH field. Default 16 MiB, as Java. */
  maxFrameSize?: number;
}

/**
 * Incremental frame decoder: feed it the bytes of one direction of a connection in any chunking and it returns
 * the commands completed so far. Pure (no socket). A frame inside one chunk is decoded in place (its body is a
 * view into that chunk); so is a frame split across chunks that follow each other in memory (views of one
 * `ArrayBuffer`, each starting where the previous ends, as a socket reading into an arena delivers them); any
 * other split frame is copied once.
 *
 * On bad input `push` throws the `ProtocolError` (its `context.decoded` holds the commands completed earlier in
 * the same push), releases what it holds (`buffered` becomes 0) and the decoder is dead: every later `push`
 * throws `decoder-dead`. The connection should then be closed, as Java does.
 */
export class FrameDecoder {
  /** Largest accepted frame, LENGTH field included. */
  readonly maxFrameSize: number;
  private chunks: Buffer[] = [];
  /** Read position in `chunks[0]`. */
  private offset = 0;
  private held = 0;
  /** Size of the frame being assembled (LENGTH + 4), or -1 while its LENGTH has not arrived. */
  private need = -1;
  private failed = false;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    if (!Number.isInteger(max) || max < 8) {
      throw new RocketMQError('invalid-option', `maxFrameSize must be an integer >= 8, got ${String(max)}`, {
        option: 'maxFrameSize',
        value: max,
      });
    }
    this.maxFrameSize = max;
  }

  /** True after a decoding error: the decoder accepts no more input. */
  get dead(): boolean {
    return this.failed;
  }

  /** Bytes received but not yet returned as commands. */
  get buffered(): number {
    return this.held;
  }

  /** Adds `chunk` and returns every command it completes, in order. */
  push(chunk: Buffer): RemotingCommand[] {
    if (this.failed) {
      throw new ProtocolError('decoder-dead', 'frame decoder already failed; close the connection', {
        value: chunk.length,
      });
    }
    const out: RemotingCommand[] = [];
    if (chunk.length === 0) return out;
    this.chunks.push(chunk);
    this.held += chunk.length;
    try {
      for (let n = this.nextLength(); n > 0; n = this.nextLength()) {
        const first = this.chunks[0] as Buffer;
        const at = this.offset;
        // A frame inside the first chunk is decoded where it lies (no view of it); any other is put together first.
        if (first.length - at >= n) {
          this.consume(n);
          out.push(decodeFrameIn(first, at, at + n));
        } else {
          out.push(decodeCompleteFrame(this.take(n)));
        }
      }
    } catch (err) {
      throw this.fail(err, out);
    }
    return out;
  }

  private fail(err: unknown, decoded: RemotingCommand[]): unknown {
    this.failed = true;
    this.chunks = [];
    this.offset = 0;
    this.held = 0;
    if (!(err instanceof ProtocolError)) return err;
    return new ProtocolError(err.kind, err.message, { ...err.context, decoded }, { cause: err });
  }

  /** The length of the next frame once all its bytes are held (then it is no longer awaited); 0 until then. */
  private nextLength(): number {
    if (this.need < 0) {
      if (this.held < 4) return 0;
      this.need = checkLengthField(this.peekInt32(), this.maxFrameSize) + 4;
    }
    if (this.held < this.need) return 0;
    const n = this.need;
    this.need = -1;
    return n;
  }

  private peekInt32(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length - this.offset >= 4) return first.readInt32BE(this.offset);
    const four = Buffer.allocUnsafe(4);
    this.copyOut(four, 4);
    return four.readInt32BE(0);
  }

  /**
   * Removes and returns the next `n` bytes, which run past the first chunk (a frame inside it is decoded where it
   * lies): a view when the chunks holding them are adjacent in memory, else one copy.
   */
  private take(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    let frame: Buffer;
    if (this.adjacent(n)) {
      frame = bufferView(first.buffer, first.byteOffset + this.offset, n);
    } else {
      frame = Buffer.allocUnsafe(n);
      this.copyOut(frame, n);
    }
    this.consume(n);
    return frame;
  }

  /** Whether the next `n` held bytes are one span of memory: the chunks holding them follow each other in one buffer. */
  private adjacent(n: number): boolean {
    const first = this.chunks[0] as Buffer;
    let end = first.byteOffset + first.length;
    let have = first.length - this.offset;
    for (let i = 1; have < n; i++) {
      const chunk = this.chunks[i] as Buffer;
      if (chunk.buffer !== first.buffer || chunk.byteOffset !== end) return false;
      end += chunk.length;
      have += chunk.length;
    }
    return true;
  }

  /** Copies the next `n` held bytes into `target` without consuming them. */
  private copyOut(target: Buffer, n: number): void {
    let written = 0;
    let start = this.offset;
    for (let i = 0; written < n; i++) {
      const chunk = this.chunks[i] as Buffer;
      written += chunk.copy(target, written, start, Math.min(chunk.length, start + n - written));
      start = 0;
    }
  }

  private consume(n: number): void {
    this.held -= n;
    let i = 0;
    let remaining = n + this.offset;
    while (i < this.chunks.length && remaining >= (this.chunks[i] as Buffer).length) {
      remaining -= (this.chunks[i] as Buffer).length;
      i++;
    }
    if (i > 0) this.chunks.splice(0, i);
    this.offset = remaining;
  }
}
