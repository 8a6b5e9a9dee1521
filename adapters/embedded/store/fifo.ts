/** An append-at-tail, drop-at-head list with O(1) amortised `shift` and indexed access. */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The item at index `i` from the head, or undefined. */
  at(i: number): T | undefined {
    return i < 0 || i >= this.length ? undefined : this.items[this.head + i];
  }

  /** Items [start, end) counted from the head. */
  slice(start: number, end: number): T[] {
    return this.items.slice(this.head + Math.max(0, start), this.head + Math.max(0, end));
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
