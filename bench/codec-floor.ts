/**
 * A yardstick for the codec's SEND_MESSAGE_V2 round trip: what it costs with no codec at all, the least any codec
 * could spend on the same inputs (like the raw-socket floor of the producer benchmark). It is not a codec: it knows
 * in advance which of the 64 prepared headers each call carries, so it writes and reads no JSON.
 *
 * Per call, as the codec cases do: the input record is copied (`{ ...fields }`, both sides pay it). Encoding cuts
 * the frame from a slab, writes its 8-byte prefix and copies in the prepared header bytes and the 1 KiB body.
 * Decoding reads the prefix and compares every header byte with the expected one, 4 bytes at a time. It then reads
 * the header as one Latin-1 string and cuts the 13 ext values at their known places. Last come the ext object, the
 * command object and a view of the body.
 *
 * A real codec must also find where each value starts and ends, check its characters, undo the properties'
 * escapes, and write the values that change. The floor does none of that.
 */
import { bufferView } from '../adapters/remoting/protocol/buffer-view.js';
import { createRequest, encodeFrame } from '../adapters/remoting/protocol/index.js';
import { latin1Slice } from '../adapters/remoting/protocol/utf8.js';

const latin1 = latin1Slice;

/** Frames are cut from slabs of this size, as the codec's are (`frame-slab.ts`). */
const SLAB_SIZE = 64 * 1024;

/** The prepared header of one input: its bytes, and the same bytes as little-endian 32-bit words. */
interface PreparedHeader {
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
}

/**
 * The floor's round trip over `inputs` (ext records of one SEND_MESSAGE_V2 producer, all of one header length) with
 * `body`: each call takes the next input, as the codec cases do.
 */
export function sendFloorRoundTrip(inputs: readonly Readonly<Record<string, string>>[], body: Buffer): () => unknown {
  const headers = inputs.map((fields) => prepare(fields, body));
  const headerLen = headers[0]!.bytes.length;
  if (headers.some((h) => h.bytes.length !== headerLen) || (headers.length & (headers.length - 1)) !== 0) {
    throw new Error('the floor needs a power of two of inputs, all of one header length');
  }
  const spans = valueSpans(headers[0]!.bytes);
  const frameLen = 8 + headerLen + body.length;
  if (frameLen > SLAB_SIZE) throw new Error('the floor needs frames that fit a slab');
  let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
  let view = new DataView(slab.buffer);
  let at = 0;
  let n = 0;
  return () => {
    const k = n++ & (headers.length - 1);
    const fields = { ...inputs[k] };
    const header = headers[k]!;
    // Encode.
    if (at + frameLen > slab.length) {
      slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
      view = new DataView(slab.buffer);
      at = 0;
    }
    const start = at;
    view.setInt32(start, frameLen - 4);
    view.setInt32(start + 4, headerLen);
    slab.set(header.bytes, start + 8);
    slab.set(body, start + 8 + headerLen);
    at += frameLen;
    // Decode.
    const hl = view.getInt32(start + 4) & 0xffffff;
    const words = header.words;
    for (let w = 0; w < words.length; w++) {
      if (view.getInt32(start + 8 + 4 * w, true) !== words[w]) throw new Error('header differs');
    }
    for (let b = words.length * 4; b < hl; b++) if (slab[start + 8 + b] !== header.bytes[b]) throw new Error('header differs');
    const text = latin1(slab, start + 8, start + 8 + hl);
    const v = (i: number): string => text.slice(spans[2 * i]!, spans[2 * i + 1]!);
    const extFields = {
      a: v(0), b: v(1), c: v(2), d: v(3), e: v(4), f: v(5), g: v(6), h: v(7), i: v(8), j: v(9), k: v(10), m: v(11), n: v(12),
    };
    return {
      fields,
      command: { code: 310, language: 'JAVA', version: 0, opaque: k, flag: 0, serializeType: 'JSON', extFields },
      body: bufferView(slab.buffer, start + 8 + hl, frameLen - 8 - hl),
    };
  };
}

/** The header our codec writes for `fields`, under a fixed opaque (so every input's header has one length). */
function prepare(fields: Readonly<Record<string, string>>, body: Buffer): PreparedHeader {
  const cmd = createRequest({ code: 310, extFields: { ...fields }, body, serializeType: 'JSON' });
  cmd.opaque = 1;
  const frame = encodeFrame(cmd);
  const bytes = new Uint8Array(frame.subarray(8, 8 + (frame.readUInt32BE(4) & 0xffffff)));
  const words = new Int32Array(bytes.length >>> 2);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let w = 0; w < words.length; w++) words[w] = dv.getInt32(4 * w, true);
  return { bytes, words };
}

/** Where the values of ext keys a…n (without l) lie in a header's text: start and end of each, in key order. */
function valueSpans(bytes: Uint8Array): Int32Array {
  const text = Buffer.from(bytes).toString('latin1');
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n'];
  const spans = new Int32Array(2 * keys.length);
  keys.forEach((key, i) => {
    const start = text.indexOf(`"${key}":"`) + key.length + 4;
    spans[2 * i] = start;
    spans[2 * i + 1] = text.indexOf('"', start);
  });
  return spans;
}
