import { DecoratorError, describeTarget } from './errors.js';
import { type Constructor, defineOnce, getOwn, type HandlerMethodMetadata, define } from './metadata.js';
import { METADATA_KEYS } from './metadata-keys.js';
import { isMethodDescriptor } from './methods.js';
import type { ConsumerGroupOptions, HandlerDecoratorOptions, HandlerForm } from './options.js';
import { checkGroupOptions, checkInterceptors, checkTagExpression, checkTopic } from './validate.js';

/**
 * Group options for the method handlers of a class (`@OnMessage`, `@OnStream`, `@OnBatch`): usually just
 * `{ group }`. A method's own options are laid over these.
 */
export function ConsumerGroup(options: ConsumerGroupOptions): ClassDecorator {
  return (target) => {
    const cls = target as unknown as Constructor;
    const checked = checkGroupOptions(options, describeTarget(cls), true);
    defineOnce(METADATA_KEYS.consumerGroup, Object.freeze({ ...checked }), 'ConsumerGroup', cls, cls);
  };
}

/** A method that handles one message of `topic` whose tag matches `tagExpression`; returns nothing, a Promise or an Observable. */
export function OnMessage(topic: string, tagExpression = '*', options: HandlerDecoratorOptions = {}): MethodDecorator {
  return handlerDecorator('OnMessage', 'message', topic, tagExpression, options);
}

/** A method that receives `Observable<message>` for `topic`/`tagExpression` and returns the acknowledgements. */
export function OnStream(topic: string, tagExpression = '*', options: HandlerDecoratorOptions = {}): MethodDecorator {
  return handlerDecorator('OnStream', 'stream', topic, tagExpression, options);
}

/** A method that handles up to `consumeBatchSize` messages of one queue; may return how many leading ones succeeded. */
export function OnBatch(topic: string, tagExpression = '*', options: HandlerDecoratorOptions = {}): MethodDecorator {
  return handlerDecorator('OnBatch', 'batch', topic, tagExpression, options);
}

function handlerDecorator(name: string, form: HandlerForm, topic: string, tagExpression: string, options: HandlerDecoratorOptions): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const cls = (typeof target === 'function' ? target : target.constructor) as Constructor;
    const where = describeTarget(cls, propertyKey);
    if (typeof target === 'function' || typeof propertyKey !== 'string' || !isMethodDescriptor(descriptor)) {
      throw new DecoratorError('not-a-method', `@${name} on ${where}: only instance methods with a string name can handle messages`, {
        target: where,
        decorator: name,
      });
    }
    const { interceptors, ...group } = options;
    const metadata: HandlerMethodMetadata = Object.freeze({
      topic: checkTopic(topic, where),
      tagExpression: checkTagExpression(tagExpression, where),
      method: propertyKey,
      form,
      options: Object.freeze({ ...checkGroupOptions(group, where, false) }),
      interceptors: checkInterceptors(interceptors, where),
    });
    defineOnce(METADATA_KEYS.handlers, name, 'OnMessage/@OnStream/@OnBatch', cls, target, propertyKey);
    const own = getOwn<readonly HandlerMethodMetadata[]>(METADATA_KEYS.handlers, cls) ?? [];
    define(METADATA_KEYS.handlers, Object.freeze([...own, metadata]), cls);
  };
}
