/**
 * Bytes for encoded frames, cut from 64 KiB slabs. `Buffer.allocUnsafe` of a 1.5 KiB frame takes a fifth of Node's
 * 8 KiB pool, so every few frames it makes a new pool (an ArrayBuffer through C++): about 250 ns per frame in all.
 * A slab serves some forty such frames, each cut as a view. A frame keeps its slab alive only as long as the frame
 * itself is referenced (until its write completes), as a pooled Buffer keeps Node's pool; the bytes of a cut are
 * all overwritten by the encoder before the frame leaves it. Frames over 16 KiB get their own allocation.
 */

const SLAB_SIZE = 64 * 1024;
const LARGEST_CUT = 16 * 1024;

let slab: Buffer | undefined;
let used = SLAB_SIZE;

/** `n` bytes for one frame, not initialized (the caller writes every one). */
export function frameBytes(n: number): Buffer {
  if (n > LARGEST_CUT) return Buffer.allocUnsafe(n);
  if (slab === undefined || used + n > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    used = 0;
  }
  const bytes = slab.subarray(used, used + n);
  // Cuts start 8-byte aligned, like Node's pool.
  used += (n + 7) & ~7;
  return bytes;
}
