import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { describe, expect, it, vi } from 'vitest';
import { boundClasses, boundResolver, type BoundClass } from '../../decorators/container-bindings.js';
import { AppError } from '../../decorators/errors.js';
import { InstanceCache } from '../../decorators/instances.js';

@injectable()
class First {}

@injectable()
class Second {}

@injectable()
class Third {}

function boundOf(container: Container, cls: new () => object): BoundClass {
  const bound = boundClasses(container).find((b) => b.cls === cls);
  if (bound === undefined) throw new Error(`${cls.name} not found`);
  return bound;
}

describe('bound class resolution', () => {
  it('classes sharing a service id are picked from one getAll per id, each its own instance', () => {
    const c = new Container();
    c.bind('handlers').to(First).inSingletonScope();
    c.bind('handlers').to(Second).inSingletonScope();
    c.bind('handlers').to(Third).inSingletonScope();
    const getAll = vi.spyOn(c, 'getAll');
    const resolve = boundResolver(c);
    const first = resolve<First>(boundOf(c, First));
    const second = resolve<Second>(boundOf(c, Second));
    const third = resolve<Third>(boundOf(c, Third));
    expect(first).toBeInstanceOf(First);
    expect(second).toBeInstanceOf(Second);
    expect(third).toBeInstanceOf(Third);
    expect(getAll).toHaveBeenCalledTimes(1);
    expect(getAll).toHaveBeenCalledWith('handlers');
  });

  it('a single binding is resolved with get', () => {
    const c = new Container();
    c.bind(First).toSelf().inSingletonScope();
    expect(boundResolver(c)<First>(boundOf(c, First))).toBe(c.get(First));
  });

  it('throws instance-not-found naming the class when no instance of the id is of it', () => {
    const c = new Container();
    // An activation handler replaces First's instance, so getAll('handlers') holds no First.
    c.bind('handlers').to(First).onActivation(() => new Second());
    c.bind('handlers').to(Second);
    const bound = boundOf(c, First);
    expect(bound.siblings).toBe(2);
    let error: unknown;
    try {
      boundResolver(c)(bound);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'instance-not-found', context: { target: 'First', serviceId: 'handlers' } });
    expect((error as AppError).message).toContain('First');
  });

  it('the instance cache reports the failure as start-failed with the typed error as its cause', () => {
    const c = new Container();
    c.bind('handlers').to(First).onActivation(() => new Second());
    c.bind('handlers').to(Second);
    let error: unknown;
    try {
      new InstanceCache(c).get(boundOf(c, First));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ kind: 'start-failed', context: { target: 'First' } });
    expect((error as AppError).cause).toBeInstanceOf(AppError);
    expect((error as AppError).cause).toMatchObject({ kind: 'instance-not-found' });
  });
});
