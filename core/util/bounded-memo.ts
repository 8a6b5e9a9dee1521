/**
 * Values remembered by a string key, at most `max` of them: when a new key would pass the bound, everything
 * remembered is forgotten and the memo starts over. For values that depend only on their key and are asked for
 * again and again with a few distinct keys (a broker's peer addresses, the key sets of its headers), where an odd
 * caller with ever-new keys must not grow memory. No I/O; not an LRU (the bound is a guard, not a working set).
 */
export class BoundedMemo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The value remembered for `key`, if any. */
  get(key: string): V | undefined {
    return this.values.get(key);
  }

  /** Remembers `value` for `key` and returns it. */
  remember(key: string, value: V): V {
    if (this.values.size >= this.max) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
