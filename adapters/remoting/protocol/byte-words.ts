/**
 * Comparing bytes eight at a time: a frame's bytes read as little-endian doubles through a `DataView` of its memory,
 * against the doubles of constant bytes made once (`header-json-shape.ts`). No I/O; the one view is reused from
 * call to call (reading is synchronous).
 */

/**
 * A view of the bytes under `buf` for reading eight at a time, and where `buf` starts in it. Frames of one read share
 * their arena's bytes, so the view is made again only when those change.
 */
export interface BytesView {
  /** The Buffer the view was last asked for: frames decoded where they lie in one read share it. */
  source: Buffer | undefined;
  bytes: ArrayBufferLike | undefined;
  data: DataView;
  offset: number;
}

const view: BytesView = { source: undefined, bytes: undefined, data: new DataView(new ArrayBuffer(0)), offset: 0 };

export function viewOf(buf: Buffer): BytesView {
  if (buf === view.source) return view;
  view.source = buf;
  const bytes = buf.buffer;
  if (bytes !== view.bytes) {
    view.bytes = bytes;
    view.data = new DataView(bytes);
  }
  view.offset = buf.byteOffset;
  return view;
}

/**
 * The whole eight-byte words of `bytes` (constant bytes of a shape), each read as a little-endian double. A shape's
 * constant bytes are printable ASCII, so each such word is a finite normal non-zero double, and a double equals it
 * exactly when its eight bytes are the same: comparing the frame's words with these is comparing bytes, eight at a
 * time (a NaN or zero read from a frame never equals one).
 */
export function wordsOf(bytes: Uint8Array): Float64Array {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const words = new Float64Array(bytes.length >> 3);
  for (let k = 0; k < words.length; k++) words[k] = data.getFloat64(8 * k, true);
  return words;
}

/** Whether `buf` holds `bytes` at `at` (before `end`): by their {@link wordsOf} `words`, then the bytes left. */
export function bytesMatch(buf: Buffer, v: BytesView, at: number, bytes: Uint8Array, words: Float64Array, end: number): boolean {
  const n = bytes.length;
  if (at + n > end) return false;
  const data = v.data;
  const base = v.offset + at;
  const w = words.length;
  for (let k = 0; k < w; k++) if (data.getFloat64(base + 8 * k, true) !== words[k]) return false;
  for (let k = 8 * w; k < n; k++) if (buf[at + k] !== bytes[k]) return false;
  return true;
}

