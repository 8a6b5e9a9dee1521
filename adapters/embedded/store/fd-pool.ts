import { closeSync, constants, openSync } from 'node:fs';
import { io } from './fs-io.js';

interface Slot {
  fd: number;
  pins: number;
}

/** A leased file descriptor; `release()` once the (async) work on it is done. */
export interface FdLease {
  readonly fd: number;
  release(): void;
}

/**
 * A bounded LRU of open read-write file descriptors keyed by path, so that thousands of queue files do not
 * exhaust the process's descriptors. Synchronous users call `fd(path)` and use the descriptor before yielding;
 * async users `pin()` it so that eviction cannot close it under an in-flight call. Pinned descriptors are never
 * evicted (the pool may briefly exceed its bound).
 */
export class FdPool {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly maxOpen: number) {}

  /** Number of descriptors currently open. */
  get size(): number {
    return this.slots.size;
  }

  /** The descriptor for `path`, opened (and created when `create`) on demand. Use it before the next await. */
  fd(path: string, create = false): number {
    return this.slot(path, create).fd;
  }

  /** True when a descriptor for `path` is open. */
  has(path: string): boolean {
    return this.slots.has(path);
  }

  /** Pins the descriptor of `path` until `release()` is called. */
  pin(path: string, create = false): FdLease {
    const slot = this.slot(path, create);
    slot.pins++;
    let released = false;
    return {
      fd: slot.fd,
      release: () => {
        if (released) return;
        released = true;
        slot.pins--;
        this.evict();
      },
    };
  }

  /** Closes the descriptor of `path` if open (e.g. before the file is deleted). Refuses while pinned. */
  drop(path: string): void {
    const slot = this.slots.get(path);
    if (!slot || slot.pins > 0) return;
    this.slots.delete(path);
    io('close', path, () => closeSync(slot.fd));
  }

  /** Closes every descriptor. The first failure is thrown after all were attempted. */
  closeAll(): void {
    let first: unknown;
    for (const [path, slot] of this.slots) {
      try {
        io('close', path, () => closeSync(slot.fd));
      } catch (error) {
        first ??= error;
      }
    }
    this.slots.clear();
    if (first) throw first;
  }

  private slot(path: string, create: boolean): Slot {
    let slot = this.slots.get(path);
    if (slot) {
      this.slots.delete(path);
      this.slots.set(path, slot);
      return slot;
    }
    const flags = constants.O_RDWR | (create ? constants.O_CREAT : 0);
    const fd = io('open', path, () => openSync(path, flags, 0o644));
    slot = { fd, pins: 0 };
    this.slots.set(path, slot);
    this.evict();
    return slot;
  }

  private evict(): void {
    if (this.slots.size <= this.maxOpen) return;
    for (const [path, slot] of this.slots) {
      if (this.slots.size <= this.maxOpen) return;
      if (slot.pins > 0) continue;
      this.slots.delete(path);
      io('close', path, () => closeSync(slot.fd));
    }
  }
}
