import type { Writable } from 'node:stream';
import { bufferView } from '../protocol/buffer-view.js';

/** Called once per frame: with no argument when the stream took it, with an error when it did not. */
export type WriteDone = (error?: Error | null) => void;

/** A queued frame's handle: `cancel` drops it if it has not reached the stream yet. */
export interface WriteTicket {
  /** True when the frame was still queued and is now dropped (its `done` is never called). */
  cancel(): boolean;
}

interface QueuedFrame {
  readonly bytes: Buffer;
  readonly done: WriteDone | undefined;
}

const WRITTEN: WriteTicket = Object.freeze({ cancel: () => false });

/**
 * Ordered writes with back-pressure. While the stream accepts writes, frames go straight through (the frames of one
 * tick coalesced into one system call).
 * Once `write` returns false, later frames wait here (in order) until `'drain'`, bounded by
 * `maxQueuedBytes`; a frame that would pass the bound is refused so memory stays bounded.
 */
export class WriteQueue {
  private readonly queue: QueuedFrame[] = [];
  private bytes = 0;
  private waitingForDrain = false;
  private readonly onDrain = (): void => this.flush();
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.writeSpan();
    this.stream.uncork();
  };
  /**
   * Frames of this tick without a callback that lie back to back in memory (a producer's sends, cut one after the
   * other from one slab): handed to the stream as one chunk when the tick ends or a frame that does not follow
   * them comes. Node's stream costs about a quarter of a microsecond per chunk it takes; one chunk per tick instead
   * of one per frame saves that per send.
   */
  private spanMemory: ArrayBufferLike | undefined = undefined;
  private spanStart = 0;
  private spanEnd = 0;
  private readonly spanLimit: number;

  constructor(
    private readonly stream: Writable,
    private readonly maxQueuedBytes: number,
  ) {
    this.spanLimit = stream.writableHighWaterMark;
    stream.on('drain', this.onDrain);
  }

  /** Bytes waiting for `'drain'` (not counting what the stream itself buffers). */
  get queuedBytes(): number {
    return this.bytes;
  }

  /**
   * Writes or queues `bytes`; `null` when the queue is full (then `done` is never called). Without `done`, a failed
   * write is only heard of through the stream's own `'error'` (which ends its connection).
   */
  write(bytes: Buffer, done?: WriteDone): WriteTicket | null {
    if (!this.waitingForDrain) {
      this.corkUntilNextTick();
      if (done === undefined) {
        if (this.spanned(bytes.buffer, bytes.byteOffset, bytes.length)) return WRITTEN;
      } else {
        this.writeSpan();
        if (!this.waitingForDrain) {
          this.waitingForDrain = !this.stream.write(bytes, done);
          return WRITTEN;
        }
      }
    }
    return this.enqueue(bytes, done);
  }

  /**
   * {@link write} without a callback, of the `length` bytes of `memory` from `start` (a frame cut from a slab): no
   * Buffer is made over them unless they must wait for `'drain'`.
   */
  writeRange(memory: ArrayBufferLike, start: number, length: number): WriteTicket | null {
    if (!this.waitingForDrain) {
      this.corkUntilNextTick();
      if (this.spanned(memory, start, length)) return WRITTEN;
    }
    return this.enqueue(bufferView(memory, start, length), undefined);
  }

  /** Adds the bytes to this tick's span (handing over the span before when they do not follow it); false when they must wait. */
  private spanned(memory: ArrayBufferLike, start: number, length: number): boolean {
    if (memory === this.spanMemory && start === this.spanEnd) {
      this.spanEnd = start + length;
      // A span is handed over once it reaches the stream's mark, so back-pressure starts where it did.
      if (this.spanEnd - this.spanStart >= this.spanLimit) this.writeSpan();
      return true;
    }
    this.writeSpan();
    // The span's first frame may have made the stream ask for a drain: later frames queue behind it.
    if (this.waitingForDrain) return false;
    this.spanMemory = memory;
    this.spanStart = start;
    this.spanEnd = start + length;
    return true;
  }

  /** Queues a frame until `'drain'`; `null` when the queue is full. */
  private enqueue(bytes: Buffer, done: WriteDone | undefined): WriteTicket | null {
    if (this.bytes + bytes.length > this.maxQueuedBytes) return null;
    const frame: QueuedFrame = { bytes, done };
    this.queue.push(frame);
    this.bytes += bytes.length;
    return { cancel: () => this.remove(frame) };
  }

  /** Drops every queued frame, failing each with `error`, and stops listening for `'drain'`. */
  dispose(error: Error): void {
    this.stream.off('drain', this.onDrain);
    this.spanMemory = undefined;
    const dropped = this.queue.splice(0);
    this.bytes = 0;
    for (const frame of dropped) frame.done?.(error);
  }

  /**
   * Frames written in the same tick leave in one `writev` (one system call) instead of one write each: the stream
   * is corked at the first write of a tick and uncorked on the next tick.
   */
  private corkUntilNextTick(): void {
    if (this.corked) return;
    this.corked = true;
    this.stream.cork();
    process.nextTick(this.uncork);
  }

  /** Hands the span of frames gathered this tick to the stream as one chunk. */
  private writeSpan(): void {
    const memory = this.spanMemory;
    if (memory === undefined) return;
    this.spanMemory = undefined;
    this.waitingForDrain = !this.stream.write(bufferView(memory, this.spanStart, this.spanEnd - this.spanStart));
  }

  private flush(): void {
    this.waitingForDrain = false;
    if (this.queue.length > 0) this.corkUntilNextTick();
    while (this.queue.length > 0 && !this.waitingForDrain) {
      const frame = this.queue.shift() as QueuedFrame;
      this.bytes -= frame.bytes.length;
      this.waitingForDrain = !this.stream.write(frame.bytes, frame.done);
    }
  }

  private remove(frame: QueuedFrame): boolean {
    const index = this.queue.indexOf(frame);
    if (index < 0) return false;
    this.queue.splice(index, 1);
    this.bytes -= frame.bytes.length;
    return true;
  }
}
