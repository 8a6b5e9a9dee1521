/**
 * Helpers for string records that come from the wire: keys are data, so `__proto__` or
 * `toString` must behave as ordinary keys, never reach `Object.prototype`.
 */

/**
 * Defines an own enumerable property, so that a key such as `__proto__` stays an ordinary entry. Only `__proto__`
 * needs `defineProperty` (assignment to any other key of a plain object creates or overwrites an own data property,
 * even `toString`); plain assignment keeps the record in V8's fast mode, which matters per frame.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/** The record's own value for `key`, ignoring anything inherited. */
export function getOwn(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
