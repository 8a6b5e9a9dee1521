/**
 * A bounded LRU of fixed-size, aligned blocks of the commit log, so that serving a pull of many small records
 * costs a few reads instead of one per record, while the store's memory stays bounded by `capacityBytes`
 * whatever the backlog. `load(index)` returns the bytes of block `index` that exist (possibly fewer than a block).
 */
export class BlockCache {
  private readonly blocks = new Map<number, Buffer>();
  private held = 0;

  constructor(
    readonly blockSize: number,
    private readonly capacityBytes: number,
    private readonly load: (index: number) => Buffer,
  ) {}

  /** False when the capacity cannot hold a single block (reads should then bypass the cache). */
  get enabled(): boolean {
    return this.capacityBytes >= this.blockSize;
  }

  /** Bytes currently held (whole blocks). */
  get cachedBytes(): number {
    return this.held;
  }

  /** A copy of [position, position + length), or undefined when some of it does not exist. */
  read(position: number, length: number): Buffer | undefined {
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const at = position + done;
      const index = Math.floor(at / this.blockSize);
      const block = this.block(index);
      const from = at - index * this.blockSize;
      if (from >= block.length) return undefined;
      done += block.copy(out, done, from, Math.min(block.length, from + length - done));
    }
    return out;
  }

  /** Forgets the blocks that overlap [from, to) (they were written to). */
  invalidate(from: number, to: number): void {
    const last = Math.floor((to - 1) / this.blockSize);
    for (let i = Math.floor(from / this.blockSize); i <= last; i++) this.forget(i);
  }

  clear(): void {
    this.blocks.clear();
    this.held = 0;
  }

  private block(index: number): Buffer {
    const hit = this.blocks.get(index);
    if (hit) {
      this.blocks.delete(index);
      this.blocks.set(index, hit);
      return hit;
    }
    const loaded = this.load(index);
    if (this.capacityBytes >= this.blockSize && loaded.length > 0) {
      this.blocks.set(index, loaded);
      this.held += this.blockSize;
      for (const i of this.blocks.keys()) {
        if (this.held <= this.capacityBytes) break;
        this.blocks.delete(i);
        this.held -= this.blockSize;
      }
    }
    return loaded;
  }

  private forget(index: number): void {
    if (!this.blocks.delete(index)) return;
    this.held -= this.blockSize;
  }
}
