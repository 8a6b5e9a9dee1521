/** `obj[key] = value`, also for the key `__proto__` (which plain assignment would treat as the prototype). */
export function setOwn(obj: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
