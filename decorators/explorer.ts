import type { Container } from 'inversify';
import { parseTagExpression } from '../core/consumer/subscription.js';
import { type BoundClass, boundClasses } from './container-bindings.js';
import type { Exploration, HandlerDefinition, ProducerDefinition } from './definitions.js';
import { DecoratorError, describeTarget } from './errors.js';
import type { HandlerInterceptor } from './interceptor-types.js';
import {
  type ConsumerClassMetadata,
  type Constructor,
  getInherited,
  getOwn,
  type HandlerMethodMetadata,
  type ProducerClassMetadata,
  type TransactionMetadata,
} from './metadata.js';
import { METADATA_KEYS } from './metadata-keys.js';
import type { ConsumerGroupOptions, HandlerForm } from './options.js';

/** Options of {@link explore}. */
export interface ExploreOptions {
  /**
   * Classes that must take part even if the binding table does not show them as classes (e.g. bound with
   * `toDynamicValue`); each must be bound (`container.isBound(cls)`), else `not-bound`.
   */
  readonly include?: readonly Constructor[];
}

/**
 * Finds the decorated classes bound in `container` (NestJS's "discover" step): their consumer handlers (class
 * `@Consumer` and method `@OnMessage`/`@OnStream`/`@OnBatch`) and `@Producer`s. Throws `DecoratorError` for
 * declarations that cannot work (`missing-group`, `missing-producer`, `not-bound`).
 */
export function explore(container: Container, opts: ExploreOptions = {}): Exploration {
  const classes = withIncluded(container, boundClasses(container), opts.include ?? []);
  checkInjectedDecorated(container, classes);
  const handlers: HandlerDefinition[] = [];
  const producers: ProducerDefinition[] = [];
  for (const bound of classes) {
    handlers.push(...handlersOf(bound));
    const producer = producerOf(bound);
    if (producer) producers.push(producer);
  }
  return { handlers, producers };
}

function withIncluded(container: Container, found: BoundClass[], include: readonly Constructor[]): BoundClass[] {
  const out = [...found];
  for (const cls of include) {
    if (out.some((b) => b.cls === cls)) continue;
    if (!container.isBound(cls)) {
      throw new DecoratorError('not-bound', `${describeTarget(cls)} is decorated but not bound in the container: container.bind(${describeTarget(cls)}).toSelf().inSingletonScope()`, {
        target: describeTarget(cls),
      });
    }
    out.push({ serviceId: cls, cls, siblings: 1 });
  }
  return out;
}

const DECLARING_KEYS = [METADATA_KEYS.consumer, METADATA_KEYS.handlers, METADATA_KEYS.producer] as const;

function isDecorated(value: unknown): value is Constructor {
  return typeof value === 'function' && DECLARING_KEYS.some((key) => getInherited(key, value) !== undefined);
}

/**
 * A decorated class injected (by constructor type) into a bound class must be bound itself: inversify would only
 * fail when resolving it, and its handlers or producer would silently not exist.
 */
function checkInjectedDecorated(container: Container, classes: readonly BoundClass[]): void {
  for (const { cls } of classes) {
    const params = (Reflect.getMetadata('design:paramtypes', cls) as unknown[] | undefined) ?? [];
    for (const type of params) {
      if (!isDecorated(type) || classes.some((b) => b.cls === type) || container.isBound(type)) continue;
      const name = describeTarget(type);
      throw new DecoratorError('not-bound', `${name} is decorated and injected into ${describeTarget(cls)}, but it is not bound in the container: container.bind(${name}).toSelf().inSingletonScope()`, {
        target: name,
        dependent: describeTarget(cls),
      });
    }
  }
}

function handlersOf(bound: BoundClass): HandlerDefinition[] {
  const { cls } = bound;
  const classInterceptors = getInherited<readonly HandlerInterceptor[]>(METADATA_KEYS.interceptors, cls) ?? [];
  const groupDefaults = getInherited<ConsumerGroupOptions>(METADATA_KEYS.consumerGroup, cls) ?? {};
  const out: HandlerDefinition[] = [];
  const consumer = getInherited<ConsumerClassMetadata>(METADATA_KEYS.consumer, cls);
  if (consumer) out.push(define(bound, consumer, groupDefaults, classInterceptors));
  for (const method of methodHandlers(cls)) out.push(define(bound, method, groupDefaults, classInterceptors));
  return out;
}

/** Method handlers along the prototype chain; a subclass's entry for a method shadows its base class's. */
function methodHandlers(cls: Constructor): HandlerMethodMetadata[] {
  const byMethod = new Map<string, HandlerMethodMetadata>();
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const h of getOwn<readonly HandlerMethodMetadata[]>(METADATA_KEYS.handlers, c) ?? []) {
      if (!byMethod.has(h.method)) byMethod.set(h.method, h);
    }
  }
  return [...byMethod.values()];
}

function define(
  bound: BoundClass,
  meta: ConsumerClassMetadata | HandlerMethodMetadata,
  groupDefaults: ConsumerGroupOptions,
  classInterceptors: readonly HandlerInterceptor[],
): HandlerDefinition {
  const className = describeTarget(bound.cls);
  const options = { ...groupDefaults, ...meta.options };
  const where = `${className}.${meta.method}`;
  if (options.group === undefined) {
    throw new DecoratorError('missing-group', `${where} handles ${meta.topic} but has no group: pass { group } or add @ConsumerGroup({ group }) to ${className}`, {
      target: where,
      topic: meta.topic,
    });
  }
  const methodInterceptors = Reflect.getMetadata(METADATA_KEYS.interceptors, bound.cls.prototype as object, meta.method) as readonly HandlerInterceptor[] | undefined;
  const parsed = parseTagExpression(meta.tagExpression);
  return Object.freeze({
    owner: bound,
    className,
    method: meta.method,
    form: meta.form as HandlerForm,
    topic: meta.topic,
    tagExpression: meta.tagExpression,
    tags: parsed,
    group: options.group,
    groupOptions: Object.freeze({ ...options, group: options.group }),
    interceptors: Object.freeze([...classInterceptors, ...(methodInterceptors ?? []), ...meta.interceptors]),
  });
}

function producerOf(bound: BoundClass): ProducerDefinition | undefined {
  const { cls } = bound;
  const className = describeTarget(cls);
  const meta = getInherited<ProducerClassMetadata>(METADATA_KEYS.producer, cls);
  const token = getInherited<symbol>(METADATA_KEYS.producerToken, cls);
  const transaction = getInherited<TransactionMetadata>(METADATA_KEYS.transaction, cls) ?? {};
  if (meta === undefined) {
    const uses = token !== undefined ? '@InjectProducer()' : transaction.localTransaction ?? transaction.checkTransaction;
    if (uses === undefined) return undefined;
    throw new DecoratorError('missing-producer', `${className} uses ${token !== undefined ? uses : `@LocalTransaction/@CheckTransaction (${uses})`} but has no @Producer(...)`, {
      target: className,
    });
  }
  return Object.freeze({ owner: bound, className, options: meta.options, token: token!, transaction });
}
