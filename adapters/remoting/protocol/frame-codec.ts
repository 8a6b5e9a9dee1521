/**
 * Frames (shared/protocol §1.2): `LENGTH int32 | TYPE int8 + HEADER_LEN int24 | header | body`, where LENGTH
 * counts everything after itself, TYPE is 0 (JSON header) or 1 (ROCKETMQ binary header), and the body is what
 * is left of the frame. Pure functions; the incremental decoder is in `frame-decoder.ts`.
 */
import { Buffer } from 'node:buffer';
import type { RemotingCommand, SerializeType } from './command.js';
import { ProtocolError } from './errors.js';
import { binaryHeaderBound, binaryHeaderSize, decodeBinaryHeaderIn, writeBinaryHeader } from './header-binary.js';
import { decodeJsonHeader, jsonHeaderText, type CommandHeader } from './header-json.js';
import { scanJsonHeader } from './header-json-scan.js';
import { learnJsonHeaderShape, readJsonHeaderByShape } from './header-json-shape.js';
import { cutMemory, cutRoom, cutStart, frameBytes, roomFor, roomStart } from './frame-slab.js';
import { SendV2Command } from './send-v2-command.js';
import { writeSendV2JsonHeader } from './send-v2-json-header.js';
import { learnSendV2JsonHeader, readSendV2JsonHeader } from './send-v2-json-header-read.js';
import { bufferView, subview } from './buffer-view.js';

// Hot path: module-local aliases (some loaders, tsx among them, make every access to an imported binding a call).
const scanJson = scanJsonHeader;
const decodeJson = decodeJsonHeader;
const jsonText = jsonHeaderText;
const binarySize = binaryHeaderSize;
const binaryBound = binaryHeaderBound;
const writeBinary = writeBinaryHeader;
const decodeBinaryIn = decodeBinaryHeaderIn;
const writeSendJson = writeSendV2JsonHeader;
const readSendJson = readSendV2JsonHeader;
const learnSendJson = learnSendV2JsonHeader;
const readShape = readJsonHeaderByShape;
const learnShape = learnJsonHeaderShape;
const bytesFor = frameBytes;

/** Java's default maximum frame, counting the 4-byte LENGTH field (`com.rocketmq.remoting.frameMaxLength`). */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** Largest header the 24-bit HEADER_LEN can announce. */
export const MAX_HEADER_LENGTH = 0xffffff;

const TYPE_OF: Record<SerializeType, number> = { JSON: 0, ROCKETMQ: 1 };

/** Where binary headers and sends' JSON headers up to 16 KiB are written before being copied into their frame (encoding is synchronous). */
const HEADER_SCRATCH = Buffer.allocUnsafeSlow(16 * 1024);

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
  if (type === 0 && (headerLen = writeSendJson(cmd, HEADER_SCRATCH)) >= 0) {
    // A send's header, written from its template into the scratch bytes (the same bytes as its text).
    frame = allocFrame(type, headerLen, bodyLen);
    HEADER_SCRATCH.copy(frame, 8, 0, headerLen);
  } else if (type === 0) {
    const text = jsonText(cmd);
    headerLen = Buffer.byteLength(text, 'utf8');
    frame = allocFrame(type, headerLen, bodyLen);
    frame.write(text, 8, headerLen, 'utf8');
  } else if (binaryBound(cmd) <= HEADER_SCRATCH.length) {
    // One pass: written into the scratch bytes, then copied behind the frame's prefix (no measuring pass first).
    headerLen = writeBinary(cmd, HEADER_SCRATCH, 0);
    frame = allocFrame(type, headerLen, bodyLen);
    HEADER_SCRATCH.copy(frame, 8, 0, headerLen);
  } else {
    headerLen = binarySize(cmd);
    frame = allocFrame(type, headerLen, bodyLen);
    writeBinary(cmd, frame, 8);
  }
  if (cmd.body) cmd.body.copy(frame, 8 + headerLen);
  return frame;
}

/** Bytes a send's header may take when it is written in place (a longer one is written the general way). */
const IN_PLACE_HEADER_ROOM = 4 * 1024;
/** Bodies up to this size have their frame written in place: prefix, header room and body within a 16 KiB cut. */
const IN_PLACE_BODY_MAX = 16 * 1024 - 8 - IN_PLACE_HEADER_ROOM;

/**
 * The frame of `cmd` sent under `opaque` and `flag` (a request under the opaque its connection picked), as
 * `encodeFrame({ ...cmd, opaque, flag })` gives it. A {@link SendV2Command} that can write its header (JSON or
 * binary) straight from its fields does so, in place in the frame's bytes; any other command is copied with the two
 * values.
 */
export function encodeFrameUnder(cmd: RemotingCommand, opaque: number, flag: number): Buffer {
  const length = encodeFrameInSlab(cmd, opaque, flag);
  return length >= 0 ? bufferView(cutMemory, cutStart, length) : encodeFrameNotInSlab(cmd, opaque, flag);
}

/**
 * {@link encodeFrameUnder} of a command {@link encodeFrameInSlab} declined (-1), without trying the slab again: a
 * send too large for it, or whose header must be written the general way, or any other command.
 */
export function encodeFrameNotInSlab(cmd: RemotingCommand, opaque: number, flag: number): Buffer {
  if (!(cmd instanceof SendV2Command)) return encodeFrame({ ...cmd, opaque, flag });
  return (cmd.body.length > IN_PLACE_BODY_MAX ? encodeLargeSend(cmd, opaque, flag) : undefined) ?? encodeFrame(cmd.plain(opaque, flag));
}

/**
 * The frame of a send whose body is too large to frame in a slab (an auto batch, say): its header written straight
 * from its fields into the scratch bytes, then header and body copied into a frame of its own; `undefined` when the
 * header must be written the general way.
 */
function encodeLargeSend(cmd: SendV2Command, opaque: number, flag: number): Buffer | undefined {
  const type = TYPE_OF[cmd.serializeType];
  if (type === undefined) return undefined;
  const scratch = HEADER_SCRATCH;
  const headerLen = cmd.writeHeader(opaque, flag, scratch, 0, scratch.length);
  if (headerLen < 0) return undefined;
  const frame = allocFrame(type, headerLen, cmd.body.length);
  scratch.copy(frame, 8, 0, headerLen);
  cmd.body.copy(frame, 8 + headerLen);
  return frame;
}

/**
 * {@link encodeFrameUnder} for a frame written in place in a slab: its length, the frame lying at the slab's last
 * cut (`cutMemory`/`cutStart` of `frame-slab.ts`, until the next cut), with no Buffer made over it; -1 for any other
 * command (a {@link SendV2Command} whose header cannot be written straight from its fields, or too large).
 */
export function encodeFrameInSlab(cmd: RemotingCommand, opaque: number, flag: number): number {
  if (!(cmd instanceof SendV2Command)) return -1;
  const body = cmd.body;
  const type = TYPE_OF[cmd.serializeType];
  if (type === undefined || body.length > IN_PLACE_BODY_MAX) return -1;
  const slab = roomFor(8 + IN_PLACE_HEADER_ROOM + body.length);
  const start = roomStart();
  const end = cmd.writeHeader(opaque, flag, slab, start + 8, start + 8 + IN_PLACE_HEADER_ROOM);
  if (end < 0) return -1;
  const headerLen = end - start - 8;
  writePrefix(slab, start, type, headerLen, body.length);
  body.copy(slab, end);
  const length = 8 + headerLen + body.length;
  cutRoom(length);
  return length;
}

function allocFrame(type: number, headerLen: number, bodyLen: number): Buffer {
  if (headerLen > MAX_HEADER_LENGTH) {
    throw new ProtocolError('header-length-invalid', `header of ${headerLen} bytes exceeds ${MAX_HEADER_LENGTH}`, {
      value: headerLen,
    });
  }
  const frame = bytesFor(8 + headerLen + bodyLen);
  writePrefix(frame, 0, type, headerLen, bodyLen);
  return frame;
}

/** Writes a frame's 8-byte prefix at `at`: LENGTH, then TYPE and HEADER_LEN. */
function writePrefix(into: Buffer, at: number, type: number, headerLen: number, bodyLen: number): void {
  const length = 4 + headerLen + bodyLen;
  into[at] = length >>> 24;
  into[at + 1] = length >>> 16;
  into[at + 2] = length >>> 8;
  into[at + 3] = length;
  into[at + 4] = type;
  into[at + 5] = headerLen >>> 16;
  into[at + 6] = headerLen >>> 8;
  into[at + 7] = headerLen;
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

/** Decodes a frame whose LENGTH was already checked against the buffer (the incremental decoder's step). */
export function decodeCompleteFrame(frame: Buffer): RemotingCommand {
  return decodeFrameIn(frame, 0, frame.length);
}

/**
 * {@link decodeCompleteFrame} of the frame in `buf[at..end)`, without a view of it: the header is read in place and
 * only the body (if any) becomes a view.
 */
export function decodeFrameIn(buf: Buffer, at: number, end: number): RemotingCommand {
  const word = buf.readUInt32BE(at + 4);
  const type = word >>> 24;
  const headerLen = word & MAX_HEADER_LENGTH;
  const headerStart = at + 8;
  const headerEnd = headerStart + headerLen;
  if (headerEnd > end) {
    throw new ProtocolError('header-length-invalid', `header length ${headerLen} runs past the frame`, {
      value: headerLen,
      frameLength: end - at - 4,
    });
  }
  let header: CommandHeader;
  let serializeType: SerializeType;
  if (type === 0) {
    // A send's header from its template, any other by the shape of one like it read before; the first of each
    // kind, and anything neither covers, the general way.
    const known = readSendJson(buf, headerStart, headerEnd) ?? readShape(buf, headerStart, headerEnd);
    if (known !== undefined) header = known;
    else {
      header = scanJson(buf, headerStart, headerEnd) ?? decodeJson(buf.subarray(headerStart, headerEnd));
      learnSendJson(buf, headerStart, headerEnd, header, HEADER_SCRATCH);
      learnShape(buf, headerStart, headerEnd, header);
    }
    serializeType = 'JSON';
  } else if (type === 1) {
    header = decodeBinaryIn(buf, headerStart, headerEnd);
    serializeType = 'ROCKETMQ';
  } else {
    throw new ProtocolError('unknown-serialize-type', `unknown serialization type ${type}`, { value: type });
  }
  const cmd = header as RemotingCommand;
  cmd.serializeType = serializeType;
  if (end > headerEnd) cmd.body = subview(buf, headerEnd, end);
  return cmd;
}
