import type { Container, ServiceIdentifier } from 'inversify';
import type { Constructor } from './metadata.js';

/** A class found behind a binding of the container, with the service id it was bound under. */
export interface BoundClass {
  readonly serviceId: ServiceIdentifier;
  readonly cls: Constructor;
  /** How many bindings share `serviceId` (then the instance is picked from `getAll`). */
  readonly siblings: number;
}

/** The part of an inversify 7 binding the explorer reads (structural, so no internal package is imported). */
interface BindingView {
  readonly type: string;
  readonly implementationType?: unknown;
  readonly value?: unknown;
}

interface BindingServiceView {
  getBoundServices(): Iterable<ServiceIdentifier>;
  get(serviceId: ServiceIdentifier): Iterable<BindingView> | undefined;
}

/** inversify 7 recognises plugins by this global symbol (`@inversifyjs/plugin`'s `isPlugin`). */
const IS_PLUGIN = Symbol.for('@inversifyjs/plugin/isPlugin');

/**
 * Reads the container's binding table through inversify 7's plugin interface (`container.register`), the one
 * public way to enumerate bindings. The plugin defines nothing on the container; it only keeps the context.
 */
function bindingServiceOf(container: Container): BindingServiceView {
  const box: { service?: BindingServiceView } = {};
  class BindingReader {
    readonly [IS_PLUGIN] = true;
    constructor(_container: unknown, context: { bindingService: BindingServiceView }) {
      box.service = context.bindingService;
    }
    load(): void {}
  }
  container.register(BindingReader as never);
  if (box.service === undefined) throw new TypeError('inversify did not hand its binding service to the plugin');
  return box.service;
}

function classOf(binding: BindingView): Constructor | undefined {
  if (binding.type === 'Instance' && typeof binding.implementationType === 'function') return binding.implementationType as Constructor;
  if (binding.type === 'ConstantValue' && typeof binding.value === 'object' && binding.value !== null) {
    const ctor = (binding.value as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function' && ctor !== Object) return ctor as Constructor;
  }
  return undefined;
}

/**
 * Every class bound in `container` (and its parents) as a class (`to`, `toSelf`) or as an instance
 * (`toConstantValue`), once each (the first binding found wins). Dynamic values, factories and redirections are
 * not inspected: name such classes in `include` instead.
 */
export function boundClasses(container: Container): BoundClass[] {
  const service = bindingServiceOf(container);
  const seen = new Set<Constructor>();
  const out: BoundClass[] = [];
  for (const serviceId of service.getBoundServices()) {
    const bindings = [...(service.get(serviceId) ?? [])];
    for (const binding of bindings) {
      const cls = classOf(binding);
      if (cls === undefined || seen.has(cls)) continue;
      seen.add(cls);
      out.push({ serviceId, cls, siblings: bindings.length });
    }
  }
  return out;
}

/** The instance of a bound class (a singleton stays one; a transient binding makes a new one). */
export function resolveBound<T>(container: Container, bound: BoundClass): T {
  if (bound.siblings <= 1) return container.get<T>(bound.serviceId as ServiceIdentifier<T>);
  const all = container.getAll<unknown>(bound.serviceId);
  const match = all.find((instance) => instance instanceof (bound.cls as unknown as abstract new () => unknown));
  return match as T;
}
