/**
 * Entries keyed by queue offset, iterated in offset order. Offsets mostly arrive in increasing order and
 * leave in any order, so this keeps a Map for lookups plus a sorted array of offsets with lazy deletion:
 * appending a larger offset is O(1), removing is O(1) (the array is trimmed at its ends and compacted
 * once stale entries outnumber live ones), an out-of-order insert costs a binary search and a splice.
 */
export class OffsetIndex<V> {
  readonly #entries = new Map<number, V>();
  /** Sorted, unique; a superset of the map's keys from `#head` on. */
  #offsets: number[] = [];
  #head = 0;

  get size(): number {
    return this.#entries.size;
  }

  has(offset: number): boolean {
    return this.#entries.has(offset);
  }

  get(offset: number): V | undefined {
    return this.#entries.get(offset);
  }

  /** Adds or replaces; returns true when the offset was not held before. */
  set(offset: number, value: V): boolean {
    const isNew = !this.#entries.has(offset);
    this.#entries.set(offset, value);
    if (isNew) this.#insertOffset(offset);
    return isNew;
  }

  /** Removes; returns the removed value. */
  delete(offset: number): V | undefined {
    const value = this.#entries.get(offset);
    if (value === undefined && !this.#entries.has(offset)) return undefined;
    this.#entries.delete(offset);
    this.#tidy();
    return value;
  }

  /** Smallest held offset, or undefined. */
  first(): number | undefined {
    return this.#entries.size === 0 ? undefined : this.#offsets[this.#head];
  }

  /** Largest held offset, or undefined. */
  last(): number | undefined {
    return this.#entries.size === 0 ? undefined : this.#offsets[this.#offsets.length - 1];
  }

  /** Entries in offset order. */
  *entries(): IterableIterator<[number, V]> {
    for (let i = this.#head; i < this.#offsets.length; i++) {
      const offset = this.#offsets[i]!;
      if (this.#entries.has(offset)) yield [offset, this.#entries.get(offset) as V];
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#offsets = [];
    this.#head = 0;
  }

  #insertOffset(offset: number): void {
    const arr = this.#offsets;
    if (this.#head === arr.length || offset > arr[arr.length - 1]!) {
      arr.push(offset);
      return;
    }
    let lo = this.#head;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (arr[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    if (arr[lo] === offset) return; // a stale slot for this offset is still in place
    if (lo === this.#head && this.#head > 0) arr[--this.#head] = offset;
    else arr.splice(lo, 0, offset);
  }

  /** Drops stale offsets at both ends; compacts when stale entries dominate. */
  #tidy(): void {
    const arr = this.#offsets;
    if (this.#entries.size === 0) {
      this.clear();
      return;
    }
    while (!this.#entries.has(arr[this.#head]!)) this.#head++;
    while (!this.#entries.has(arr[arr.length - 1]!)) arr.pop();
    const span = arr.length - this.#head;
    if (span > 2 * this.#entries.size + 32 || this.#head > 1024) {
      this.#offsets = arr.slice(this.#head).filter((o) => this.#entries.has(o));
      this.#head = 0;
    }
  }
}
