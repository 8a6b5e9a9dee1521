import type { Container } from 'inversify';
import { type BoundClass, type BoundResolver, boundResolver } from './container-bindings.js';
import { AppError } from './errors.js';
import type { Constructor } from './metadata.js';
import { errorText } from './validate.js';

/**
 * The instances of decorated classes, resolved from the container once per class when the app starts (so
 * constructor injection happens there, and a class that cannot be built fails the start naming it).
 */
export class InstanceCache {
  private readonly instances = new Map<Constructor, object>();
  private readonly resolve: BoundResolver;

  constructor(container: Container) {
    this.resolve = boundResolver(container);
  }

  /** The instance of `bound`'s class (resolved on first use). */
  get(bound: BoundClass): object {
    const known = this.instances.get(bound.cls);
    if (known !== undefined) return known;
    let instance: object;
    try {
      instance = this.resolve<object>(bound);
    } catch (cause) {
      throw new AppError('start-failed', `could not get ${bound.cls.name} from the container: ${errorText(cause)}`, { target: bound.cls.name }, { cause });
    }
    this.instances.set(bound.cls, instance);
    return instance;
  }
}
