/**
 * Header keys seen lately, found again by their bytes. Headers of one kind repeat the same few extFields keys; handing
 * back the string made the last time for the same bytes spares a slice and, since V8 keeps the internalized form with
 * that string, the string-table lookup that storing a property under a fresh string costs. Shared by the JSON scanner
 * and the binary header decoder.
 */

/** Slots of the memory (a power of two). */
const SLOTS = 64;
/** Longer keys are not kept (a header's keys are short; a peer's odd one must not stay in memory). */
const MAX_KEPT = 64;
const kept: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/**
 * The key whose bytes are `b[from..to)`, which must be ASCII; `text` is the same bytes read as latin1, starting at
 * byte `textBase` of `b`, and gives the slice when the key was not seen lately.
 */
export function recentKey(b: Buffer, from: number, to: number, text: string, textBase: number): string {
  const len = to - from;
  const slot = len === 0 ? 0 : (len * 31 + (b[from] as number) * 7 + (b[to - 1] as number)) & (SLOTS - 1);
  const known = kept[slot];
  if (known !== undefined && known.length === len) {
    let i = 0;
    while (i < len && known.charCodeAt(i) === b[from + i]) i++;
    if (i === len) return known;
  }
  const key = text.slice(from - textBase, to - textBase);
  if (len <= MAX_KEPT) kept[slot] = key;
  return key;
}
