import type { Writable } from 'node:stream';
import { FLAG_ONEWAY, FLAG_RESPONSE, type RemotingCommand } from '../protocol/command.js';
import { encodeFrameInSlab, encodeFrameNotInSlab, encodeFrameUnder } from '../protocol/frame-codec.js';
import { cutMemory, cutStart } from '../protocol/frame-slab.js';
import { connectionErrors } from './connection-errors.js';
import type { TransportError } from './errors.js';
import { WriteQueue, type WriteTicket } from './write-queue.js';

/**
 * A connection's outbound side: frames written in order through a bounded {@link WriteQueue}, with
 * failures (socket error, queue full) turned into `write-failed` errors naming the peer and the command.
 */
export class Outbound {
  private readonly queue: WriteQueue;

  constructor(
    stream: Writable,
    maxQueuedBytes: number,
    private readonly address: string,
  ) {
    this.queue = new WriteQueue(stream, maxQueuedBytes);
  }

  /** Bytes waiting for the stream to drain. */
  get queuedBytes(): number {
    return this.queue.queuedBytes;
  }

  /** Encodes `command` under `opaque` and `flag` and writes it; resolves when the stream took the frame. */
  send(command: RemotingCommand, opaque: number, flag: number): Promise<void> {
    let frame: Buffer;
    try {
      frame = encodeFrameUnder(command, opaque, flag);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.write(frame, { code: command.code, opaque }, (error) => (error === undefined ? resolve() : reject(error)));
    });
  }

  /**
   * Writes an encoded frame for `command`. `done` gets no argument once the stream took it, or the
   * `write-failed` error; it is never called if the returned ticket cancels the frame first.
   */
  write(frame: Buffer, command: Pick<RemotingCommand, 'code' | 'opaque'>, done: (error?: TransportError) => void): WriteTicket {
    const { code, opaque } = command;
    const ticket = this.queue.write(frame, (error) => {
      done(error ? connectionErrors.writeFailed(this.address, code, opaque, error) : undefined);
    });
    if (ticket !== null) return ticket;
    done(this.refused(command, frame));
    return { cancel: () => false };
  }

  /**
   * Writes the frame of a request, which its connection settles by its answer, its timeout or its close: no callback
   * per write (a socket whose write fails errors and closes, and the connection then fails its requests with the
   * socket's error as the cause). `null` when the queue is full.
   */
  writeRequest(frame: RequestFrame): WriteTicket | null {
    // A frame just cut from the slab goes as a range of its memory: no Buffer over it unless it must wait.
    return typeof frame === 'number' ? this.queue.writeRange(cutMemory, cutStart, frame) : this.queue.write(frame);
  }

  /** The `write-failed` error of a frame of `command` the full queue refused. */
  refused(command: Pick<RemotingCommand, 'code' | 'opaque'>, frame: RequestFrame): TransportError {
    const bytes = typeof frame === 'number' ? frame : frame.length;
    return connectionErrors.queueFull(this.address, command.code, command.opaque, bytes, this.queue.queuedBytes);
  }

  /** Fails every queued frame with `error` and stops listening to the stream. */
  dispose(error: Error): void {
    this.queue.dispose(error);
  }
}

/**
 * A request's frame: its bytes, or the length of the frame just cut from the frame slab (at its `cutMemory` and
 * `cutStart`, valid until the next cut: written by {@link Outbound.writeRequest} before anything else is encoded).
 */
export type RequestFrame = Buffer | number;

/** The frame of a request under `opaque` (its flag without the response and oneway bits). */
export function requestFrame(command: RemotingCommand, opaque: number): RequestFrame {
  const flag = command.flag & ~(FLAG_RESPONSE | FLAG_ONEWAY);
  const inSlab = encodeFrameInSlab(command, opaque, flag);
  // Declined: the frame is made apart, without trying the slab (and a send's header writer) a second time.
  return inSlab >= 0 ? inSlab : encodeFrameNotInSlab(command, opaque, flag);
}
