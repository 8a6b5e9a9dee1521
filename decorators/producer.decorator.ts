import { inject } from 'inversify';
import { describeTarget } from './errors.js';
import { type Constructor, defineOnce, getOwn, define, type ProducerClassMetadata } from './metadata.js';
import { METADATA_KEYS } from './metadata-keys.js';
import type { ProducerDecoratorOptions } from './options.js';
import { checkProducerOptions } from './validate.js';

/**
 * Marks a class as a producer: the app creates one producer for it with these options (group, default `topic`,
 * codec, send timeouts …) and injects it where the class asks with `@InjectProducer()`. A class with
 * `@LocalTransaction` / `@CheckTransaction` methods is a transactional producer; the broker's check-backs are
 * answered by its `@CheckTransaction` method. Bad options throw a `DecoratorError` at once.
 */
export function Producer(options: ProducerDecoratorOptions = {}): ClassDecorator {
  return (target) => {
    const cls = target as unknown as Constructor;
    const checked = checkProducerOptions(options, describeTarget(cls));
    const metadata: ProducerClassMetadata = Object.freeze({ options: Object.freeze({ ...checked }) });
    defineOnce(METADATA_KEYS.producer, metadata, 'Producer', cls, cls);
    producerTokenOf(cls);
  };
}

/**
 * Injects the class's own producer (a {@link BoundProducer} configured by its `@Producer` options) into a
 * constructor parameter or a property: `constructor(@InjectProducer() private readonly producer: BoundProducer<Order>)`.
 */
export function InjectProducer(): ParameterDecorator & PropertyDecorator {
  return (target: object, propertyKey: string | symbol | undefined, parameterIndex?: number) => {
    const cls = (typeof target === 'function' ? target : target.constructor) as Constructor;
    const token = producerTokenOf(cls);
    const decorate = inject(token) as (t: object, k: string | symbol | undefined, i?: number) => void;
    decorate(target, propertyKey, parameterIndex);
  };
}

/** The injection token of `cls`'s bound producer (created and recorded on the class the first time). */
export function producerTokenOf(cls: Constructor): symbol {
  const existing = getOwn<symbol>(METADATA_KEYS.producerToken, cls);
  if (existing !== undefined) return existing;
  const token = Symbol(`rocketmq-rx producer of ${describeTarget(cls)}`);
  define(METADATA_KEYS.producerToken, token, cls);
  return token;
}
