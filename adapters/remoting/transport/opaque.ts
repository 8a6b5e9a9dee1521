/**
 * A connection's request-id source: a signed int32 that wraps from 2^31−1 to −2^31, as the Java
 * `AtomicInteger` does. Owned by one connection; there is no process-wide counter.
 */
export class OpaqueCounter {
  private value: number;

  constructor(initial = 0) {
    this.value = initial | 0;
  }

  /** Returns the current value and advances, skipping any value for which `taken` answers true. */
  next(taken: (opaque: number) => boolean = () => false): number {
    let candidate = this.advance();
    while (taken(candidate)) candidate = this.advance();
    return candidate;
  }

  private advance(): number {
    const current = this.value;
    this.value = (this.value + 1) | 0;
    return current;
  }
}
