/**
 * Frames (shared/protocol §1.2): `LENGTH int32 | TYPE int8 + HEADER_LEN int24 | header | body`, where LENGTH
 * counts everything after itself, TYPE is 0 (JSON header) or 1 (ROCKETMQ binary header), and the body is what
 * is left of the frame. Pure functions and an incremental, socket-free decoder.
 */
import { RocketMQError } from '../../../core/errors.js';
import type { RemotingCommand, SerializeType } from './command.js';
import { ProtocolError } from './errors.js';
import { binaryHeaderSize, decodeBinaryHeader, writeBinaryHeader } from './header-binary.js';
import { decodeJsonHeader, jsonHeaderText, type CommandHeader } from './header-json.js';

/** Java's default maximum frame, counting the 4-byte LENGTH field (`com.rocketmq.remoting.frameMaxLength`). */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** Largest header the 24-bit HEADER_LEN can announce. */
export const MAX_HEADER_LENGTH = 0xffffff;

const TYPE_OF: Record<SerializeType, number> = { JSON: 0, ROCKETMQ: 1 };

/**
 * The whole frame for `cmd` (length prefix included), written into one buffer.
 * @throws ProtocolError `unknown-serialize-type`, `header-length-invalid` (header over 16 MiB − 1), or the
 *   header encoder's `invalid-header-field`.
 */
export function encodeFrame(cmd: RemotingCommand): Buffer {
  const type = TYPE_OF[cmd.serializeType];
  if (type === undefined) {
    throw new ProtocolError('unknown-serialize-type', `cannot encode serialization ${String(cmd.serializeType)}`, {
      value: cmd.serializeType,
    });
  }
  const bodyLen = cmd.body ? cmd.body.length : 0;
  let frame: Buffer;
  let headerLen: number;
  if (type === 0) {
    const text = jsonHeaderText(cmd);
    headerLen = Buffer.byteLength(text, 'utf8');
    frame = allocFrame(type, headerLen, bodyLen);
    frame.write(text, 8, headerLen, 'utf8');
  } else {
    headerLen = binaryHeaderSize(cmd);
    frame = allocFrame(type, headerLen, bodyLen);
    writeBinaryHeader(cmd, frame, 8);
  }
  if (cmd.body) cmd.body.copy(frame, 8 + headerLen);
  return frame;
}

function allocFrame(type: number, headerLen: number, bodyLen: number): Buffer {
  if (headerLen > MAX_HEADER_LENGTH) {
    throw new ProtocolError('header-length-invalid', `header of ${headerLen} bytes exceeds ${MAX_HEADER_LENGTH}`, {
      value: headerLen,
    });
  }
  const frame = Buffer.allocUnsafe(8 + headerLen + bodyLen);
  frame.writeInt32BE(4 + headerLen + bodyLen, 0);
  frame.writeUInt32BE(((type << 24) | headerLen) >>> 0, 4);
  return frame;
}

/**
 * Decodes one whole frame (its 4-byte LENGTH included; the buffer must hold exactly that frame).
 * The body is a view into `frame`, not a copy; an empty body is left absent.
 * @throws ProtocolError `frame-too-small` (shorter than 8 bytes or than LENGTH announces), `frame-too-large`
 *   (bytes after the frame), `negative-length`, `header-length-invalid`, `unknown-serialize-type`, or a header
 *   decoder's kind (`invalid-json-header`, `malformed-binary-header`).
 */
export function decodeFrame(frame: Buffer): RemotingCommand {
  if (frame.length < 8) {
    throw new ProtocolError('frame-too-small', `frame of ${frame.length} bytes is shorter than 8`, {
      value: frame.length,
    });
  }
  const length = checkLengthField(frame.readInt32BE(0), Infinity);
  if (length + 4 !== frame.length) {
    const kind = length + 4 > frame.length ? 'frame-too-small' : 'frame-too-large';
    throw new ProtocolError(kind, `buffer of ${frame.length} bytes holds a frame of ${length + 4}`, {
      value: frame.length,
      expected: length + 4,
    });
  }
  return decodeCompleteFrame(frame);
}

/**
 * Checks a LENGTH field: not negative, room for the header word, and `LENGTH + 4 ≤ maxFrameSize`.
 * @returns the length.
 */
export function checkLengthField(length: number, maxFrameSize: number): number {
  if (length < 0) throw new ProtocolError('negative-length', `frame length ${length} is negative`, { value: length });
  if (length < 4) {
    throw new ProtocolError('frame-too-small', `frame length ${length} leaves no room for the header word`, {
      value: length,
    });
  }
  if (length + 4 > maxFrameSize) {
    throw new ProtocolError('frame-too-large', `frame of ${length + 4} bytes exceeds the maximum ${maxFrameSize}`, {
      value: length + 4,
      max: maxFrameSize,
    });
  }
  return length;
}

/** Decodes a frame whose LENGTH was already checked against the buffer. */
function decodeCompleteFrame(frame: Buffer): RemotingCommand {
  const word = frame.readUInt32BE(4);
  const type = word >>> 24;
  const headerLen = word & MAX_HEADER_LENGTH;
  if (headerLen > frame.length - 8) {
    throw new ProtocolError('header-length-invalid', `header length ${headerLen} runs past the frame`, {
      value: headerLen,
      frameLength: frame.length - 4,
    });
  }
  const headerBytes = frame.subarray(8, 8 + headerLen);
  let header: CommandHeader;
  let serializeType: SerializeType;
  if (type === 0) {
    header = decodeJsonHeader(headerBytes);
    serializeType = 'JSON';
  } else if (type === 1) {
    header = decodeBinaryHeader(headerBytes);
    serializeType = 'ROCKETMQ';
  } else {
    throw new ProtocolError('unknown-serialize-type', `unknown serialization type ${type}`, { value: type });
  }
  const cmd = header as RemotingCommand;
  cmd.serializeType = serializeType;
  if (frame.length > 8 + headerLen) cmd.body = frame.subarray(8 + headerLen);
  return cmd;
}

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest accepted frame in bytes, counting the 4-byte LENGTH field. Default 16 MiB, as Java. */
  maxFrameSize?: number;
}

/**
 * Incremental frame decoder: feed it the bytes of one direction of a connection in any chunking and it returns
 * the commands completed so far. Pure (no socket). A frame inside one chunk is decoded in place (its body is a
 * view into that chunk); a frame split across chunks is copied once.
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
      for (let frame = this.nextFrame(); frame !== undefined; frame = this.nextFrame()) {
        out.push(decodeCompleteFrame(frame));
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

  private nextFrame(): Buffer | undefined {
    if (this.need < 0) {
      if (this.held < 4) return undefined;
      this.need = checkLengthField(this.peekInt32(), this.maxFrameSize) + 4;
    }
    if (this.held < this.need) return undefined;
    const frame = this.take(this.need);
    this.need = -1;
    return frame;
  }

  private peekInt32(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length - this.offset >= 4) return first.readInt32BE(this.offset);
    const four = Buffer.allocUnsafe(4);
    this.copyOut(four, 4);
    return four.readInt32BE(0);
  }

  /** Removes and returns the next `n` bytes (a view when they lie in one chunk, else one copy). */
  private take(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    let frame: Buffer;
    if (first.length - this.offset >= n) {
      frame = first.subarray(this.offset, this.offset + n);
    } else {
      frame = Buffer.allocUnsafe(n);
      this.copyOut(frame, n);
    }
    this.consume(n);
    return frame;
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
