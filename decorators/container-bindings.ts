import type { Container, ServiceIdentifier } from 'inversify';
import { AppError } from './errors.js';
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

/** Resolves bound classes to their instances; see {@link boundResolver}. */
export type BoundResolver = <T>(bound: BoundClass) => T;

/**
 * Resolves bound classes from `container` (a singleton stays one; a transient binding makes a new one). A class
 * sharing its service id with other bindings is picked by class from that id's `getAll`, which runs once per id
 * however many of its classes are resolved. Throws an `AppError('instance-not-found')` naming the class when none
 * of those instances is of it.
 */
export function boundResolver(container: Container): BoundResolver {
  const shared = new Map<ServiceIdentifier, readonly unknown[]>();
  const allOf = (serviceId: ServiceIdentifier): readonly unknown[] => {
    let all = shared.get(serviceId);
    if (all === undefined) {
      all = container.getAll<unknown>(serviceId);
      shared.set(serviceId, all);
    }
    return all;
  };
  return <T>(bound: BoundClass): T => {
    if (bound.siblings <= 1) return container.get<T>(bound.serviceId as ServiceIdentifier<T>);
    const match = allOf(bound.serviceId).find((instance) => instance instanceof (bound.cls as unknown as abstract new () => unknown));
    if (match === undefined) {
      const serviceId = typeof bound.serviceId === 'function' ? bound.serviceId.name : String(bound.serviceId);
      throw new AppError('instance-not-found', `no instance of ${bound.cls.name} among the ${bound.siblings} bindings of ${serviceId}`, { target: bound.cls.name, serviceId });
    }
    return match as T;
  };
}
