/**
 * Buffers that view bytes of a larger allocation (a frame cut from a slab, a message body inside a read), made
 * without `Buffer#subarray`. `subarray` looks up the species constructor on every call and costs about 50 ns in
 * Node 20; constructing a typed array subclass whose prototype chain holds `Buffer.prototype` costs about 20. The
 * result is a `Buffer` in every way callers see: `Buffer.isBuffer`, `instanceof Buffer`, its `constructor`, every
 * Buffer method, how it prints.
 */

/** A Uint8Array whose prototype chain holds `Buffer.prototype`: a Buffer made by a plain typed array construction. */
class ViewBuffer extends Uint8Array {
  // Its own constructor: the implicit one spreads its arguments, which costs more where a call is not inlined.
  constructor(memory: ArrayBuffer, offset: number, length: number) {
    super(memory, offset, length);
  }
}
Object.setPrototypeOf(ViewBuffer.prototype, Buffer.prototype);
// Its constructor is Buffer's, as a Buffer's own is: equality checks that compare constructors see a Buffer, and
// `subarray`/`slice` go through Buffer's species (plain Buffers).
Object.defineProperty(ViewBuffer.prototype, 'constructor', { value: Buffer, writable: true, enumerable: false, configurable: true });

/** A Buffer over `length` bytes of `memory` from `offset` (both within it: the caller's own bounds). */
export function bufferView(memory: ArrayBufferLike, offset: number, length: number): Buffer {
  return new ViewBuffer(memory as ArrayBuffer, offset, length) as unknown as Buffer;
}

/** A Buffer over `buf[start..end)` (within `buf`), sharing its memory. */
export function subview(buf: Uint8Array, start: number, end: number): Buffer {
  return new ViewBuffer(buf.buffer as ArrayBuffer, buf.byteOffset + start, end - start) as unknown as Buffer;
}
