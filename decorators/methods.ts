/** How a name resolves on a prototype chain, without running getters. */
export type MemberKind = 'method' | 'accessor' | 'value' | 'missing';

/** Looks `name` up along the prototype chain of `proto` (stopping before `Object.prototype`). */
export function memberKind(proto: object, name: string | symbol): MemberKind {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d === undefined) continue;
    if (d.get !== undefined || d.set !== undefined) return 'accessor';
    return typeof d.value === 'function' ? 'method' : 'value';
  }
  return 'missing';
}

/** Whether a method decorator's descriptor is a plain method (not a getter/setter). */
export function isMethodDescriptor(descriptor: PropertyDescriptor | undefined): boolean {
  return descriptor !== undefined && typeof descriptor.value === 'function' && descriptor.get === undefined && descriptor.set === undefined;
}
