import { setFlagsFromString } from 'node:v8';

/**
 * Whether objects made by `make` keep one hidden class from call to call, by V8's `%HaveSameMap` (natives syntax is
 * allowed in this worker first). On Node 20 `{ ...fresh, newKey }` and `Object.freeze({ ...fresh })` make a new one
 * on every call after the first few, and every later read of such an object misses V8's inline caches.
 */
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** Calls `make` 200 times (its inline caches settle in the first 20) and says whether the later calls share a class. */
export function keepsOneShape(make: (i: number) => object): boolean {
  let previous = make(0);
  let changes = 0;
  for (let i = 1; i < 200; i++) {
    const next = make(i);
    if (i > 20 && !haveSameMap(previous, next)) changes++;
    previous = next;
  }
  return changes === 0;
}
