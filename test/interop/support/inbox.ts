/**
 * What a test consumer received, with promises that settle on the arrival that completes a condition (no polling,
 * no sleeping). Each wait has an upper bound: past it, it rejects with what had arrived so far.
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters = new Set<{ check: () => boolean; settle: () => void }>();

  /** Everything received so far, in arrival order. */
  get all(): readonly T[] {
    return this.items;
  }

  get size(): number {
    return this.items.length;
  }

  /** Records an arrival and settles the waits it completes. */
  readonly push = (item: T): void => {
    this.items.push(item);
    for (const waiter of [...this.waiters]) if (waiter.check()) waiter.settle();
  };

  /** Resolves with everything received once `count` items have arrived. */
  waitForCount(count: number, timeoutMs = 10_000, label = 'inbox'): Promise<readonly T[]> {
    return this.waitUntil(() => this.items.length >= count, timeoutMs, `${label}: waited for ${count} items`);
  }

  /** Resolves with everything received once `done(all)` holds (checked now and at every arrival). */
  waitUntil(done: (all: readonly T[]) => boolean, timeoutMs = 10_000, what = 'inbox: condition'): Promise<readonly T[]> {
    if (done(this.items)) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => {
      const waiter = {
        check: () => done(this.items),
        settle: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(this.items);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${what}; ${this.items.length} arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

/** Items of `all` whose `key` occurs more than once (duplicates), for exactly-once checks. */
export function duplicates<T>(all: readonly T[], key: (item: T) => string): string[] {
  const seen = new Map<string, number>();
  for (const item of all) seen.set(key(item), (seen.get(key(item)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}
