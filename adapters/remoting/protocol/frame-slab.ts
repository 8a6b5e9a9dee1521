/**
 * Bytes for encoded frames, cut from 64 KiB slabs. `Buffer.allocUnsafe` of a 1.5 KiB frame takes a fifth of Node's
 * 8 KiB pool, so every few frames it makes a new pool (an ArrayBuffer through C++): about 250 ns per frame in all.
 * A slab serves some forty such frames, each cut as a view. A frame keeps its slab alive only as long as the frame
 * itself is referenced (until its write completes), as a pooled Buffer keeps Node's pool; the bytes of a cut are
 * all overwritten by the encoder before the frame leaves it. Frames over 16 KiB get their own allocation. A frame
 * whose length is known only once written (a send's header written straight from its fields) is written in place in
 * the room the slab has left, then cut.
 */
import { Buffer } from 'node:buffer';
import { bufferView } from './buffer-view.js';

const SLAB_SIZE = 64 * 1024;
const LARGEST_CUT = 16 * 1024;

let slab: Buffer | undefined;
/** The slab's memory and where the slab starts in it (read once: `buffer` of a typed array is a call into V8). */
let slabMemory: ArrayBufferLike = new ArrayBuffer(0);
let slabOffset = 0;
let used = SLAB_SIZE;

/** `n` bytes for one frame, not initialized (the caller writes every one). */
export function frameBytes(n: number): Buffer {
  if (n > LARGEST_CUT) return Buffer.allocUnsafe(n);
  roomFor(n);
  return takeRoom(n);
}

/**
 * A slab with at least `n` free bytes from {@link roomStart} (a new one when the current slab has less left), for a
 * frame written in place whose length is known only once written; {@link takeRoom} then cuts it. `n` ≤ 16 KiB.
 */
export function roomFor(n: number): Buffer {
  if (slab === undefined || used + n > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabMemory = slab.buffer;
    slabOffset = slab.byteOffset;
    used = 0;
  }
  return slab;
}

/** Where a frame written into {@link roomFor}'s slab starts. */
export function roomStart(): number {
  return used;
}

/** Cuts the `n` bytes written from {@link roomStart} as one frame (within the room asked of {@link roomFor}). */
export function takeRoom(n: number): Buffer {
  cutRoom(n);
  return bufferView(cutMemory, cutStart, n);
}

/** The memory and offset in it of the last frame cut by {@link cutRoom} (valid until the next cut). */
export let cutMemory: ArrayBufferLike = slabMemory;
export let cutStart = 0;

/**
 * Cuts the `n` bytes written from {@link roomStart} as one frame without a Buffer over them: the frame lies at
 * {@link cutMemory}/{@link cutStart} (for a writer that takes ranges of memory).
 */
export function cutRoom(n: number): void {
  cutMemory = slabMemory;
  cutStart = slabOffset + used;
  // Back to back, not aligned: the frames of a tick then lie in one span the connection writes as one chunk.
  used += n;
}
