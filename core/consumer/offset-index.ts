/** Marks a removed slot (values may be anything, `undefined` included). */
const GONE: unique symbol = Symbol('gone');

/**
 * Entries keyed by queue offset, iterated in offset order. Offsets mostly arrive in increasing order and leave in
 * roughly the same order, so this keeps two parallel arrays sorted by offset — no Map, so setting and deleting
 * allocate nothing in the steady state: appending a larger offset is O(1), a lookup is a check of the head and
 * otherwise a binary search, a removal leaves a tombstone that is trimmed at both ends (the arrays are compacted
 * once tombstones outnumber live entries), and an out-of-order insert costs a binary search and a splice.
 */
export class OffsetIndex<V> {
  /** Sorted, unique; slots from `#head` on are live or tombstones (`GONE` in `#values`). */
  #offsets: number[] = [];
  #values: (V | typeof GONE)[] = [];
  #head = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  has(offset: number): boolean {
    return this.#slotOf(offset) >= 0;
  }

  get(offset: number): V | undefined {
    const slot = this.#slotOf(offset);
    return slot < 0 ? undefined : (this.#values[slot] as V);
  }

  /** Adds or replaces; returns true when the offset was not held before. */
  set(offset: number, value: V): boolean {
    const offsets = this.#offsets;
    const end = offsets.length;
    if (this.#head === end || offset > offsets[end - 1]!) {
      offsets.push(offset);
      this.#values.push(value);
      this.#size++;
      return true;
    }
    const at = this.#lowerBound(offset);
    if (at < end && offsets[at] === offset) {
      const isNew = this.#values[at] === GONE;
      this.#values[at] = value;
      if (isNew) this.#size++;
      return isNew;
    }
    if (at === this.#head && this.#head > 0) {
      this.#head--;
      offsets[this.#head] = offset;
      this.#values[this.#head] = value;
    } else {
      offsets.splice(at, 0, offset);
      this.#values.splice(at, 0, value);
    }
    this.#size++;
    return true;
  }

  /** Removes; returns the removed value. */
  delete(offset: number): V | undefined {
    const slot = this.#slotOf(offset);
    if (slot < 0) return undefined;
    const value = this.#values[slot] as V;
    this.#values[slot] = GONE;
    this.#size--;
    this.#tidy();
    return value;
  }

  /** Smallest held offset, or undefined. */
  first(): number | undefined {
    return this.#size === 0 ? undefined : this.#offsets[this.#head];
  }

  /** Largest held offset, or undefined. */
  last(): number | undefined {
    return this.#size === 0 ? undefined : this.#offsets[this.#offsets.length - 1];
  }

  /** Entries in offset order. */
  *entries(): IterableIterator<[number, V]> {
    for (let i = this.#head; i < this.#offsets.length; i++) {
      const value = this.#values[i]!;
      if (value !== GONE) yield [this.#offsets[i]!, value];
    }
  }

  clear(): void {
    this.#offsets = [];
    this.#values = [];
    this.#head = 0;
    this.#size = 0;
  }

  /** The live slot of `offset`, or −1. */
  #slotOf(offset: number): number {
    const head = this.#head;
    let slot: number;
    if (this.#offsets[head] === offset) slot = head;
    else {
      slot = this.#lowerBound(offset);
      if (this.#offsets[slot] !== offset) return -1;
    }
    return slot < this.#offsets.length && this.#values[slot] !== GONE ? slot : -1;
  }

  /** The first slot from `#head` whose offset is not below `offset`. */
  #lowerBound(offset: number): number {
    const offsets = this.#offsets;
    let lo = this.#head;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offsets[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drops tombstones at both ends; compacts when tombstones dominate. */
  #tidy(): void {
    if (this.#size === 0) {
      this.#offsets.length = 0;
      this.#values.length = 0;
      this.#head = 0;
      return;
    }
    const values = this.#values;
    while (values[this.#head] === GONE) this.#head++;
    while (values[values.length - 1] === GONE) {
      values.pop();
      this.#offsets.pop();
    }
    const span = values.length - this.#head;
    if (span > 2 * this.#size + 32 || this.#head > 1024) this.#compact();
  }

  #compact(): void {
    const offsets: number[] = [];
    const values: (V | typeof GONE)[] = [];
    for (let i = this.#head; i < this.#offsets.length; i++) {
      if (this.#values[i] === GONE) continue;
      offsets.push(this.#offsets[i]!);
      values.push(this.#values[i]!);
    }
    this.#offsets = offsets;
    this.#values = values;
    this.#head = 0;
  }
}
