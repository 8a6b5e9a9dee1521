import { DecoratorError, describeTarget } from './errors.js';
import { type ConsumerClassMetadata, type Constructor, defineOnce } from './metadata.js';
import { METADATA_KEYS } from './metadata-keys.js';
import { memberKind } from './methods.js';
import type { ConsumerDecoratorOptions, ConsumerGroupOptions, HandlerForm } from './options.js';
import { checkGroupOptions, checkInterceptors, checkTagExpression, checkTopic } from './validate.js';

/** The conventional handler method of each form. */
export const CONVENTIONAL_HANDLERS: Readonly<Record<HandlerForm, string>> = Object.freeze({
  message: 'onMessage',
  stream: 'onStream',
  batch: 'onBatch',
});

const FORMS: readonly HandlerForm[] = ['message', 'stream', 'batch'];

/**
 * Marks a class as the consumer of `topic` messages whose tag matches `tagExpression` (`*` — the default — or
 * `a || b`), in the consumer group `options.group`. The class's handler is its `onMessage(message)` (one message;
 * may return nothing, a Promise or an Observable), `onStream(messages$)` (a pipeline returning acknowledgements) or
 * `onBatch(messages)`, or the method named by `options.handler`. The class is resolved from the inversify container
 * (bind it, usually in singleton scope), so its constructor dependencies are injected.
 *
 * Only metadata is recorded here; mistakes that can be seen now (no topic, a bad tag expression, a missing or
 * non-method handler, bad option values, the decorator applied twice) throw a `DecoratorError` at once.
 */
export function Consumer(topic: string, tagExpression = '*', options: ConsumerDecoratorOptions = {}): ClassDecorator {
  return (target) => {
    const cls = target as unknown as Constructor;
    const where = describeTarget(cls);
    const { handler, form, interceptors, ...group } = options;
    const checkedTopic = checkTopic(topic, where);
    const expression = checkTagExpression(tagExpression, where);
    checkGroupOptions(group, where, false);
    const resolved = resolveHandler(cls, handler, form);
    const metadata: ConsumerClassMetadata = {
      topic: checkedTopic,
      tagExpression: expression,
      method: resolved.method,
      form: resolved.form,
      options: Object.freeze({ ...group }) as ConsumerGroupOptions,
      interceptors: checkInterceptors(interceptors, where),
    };
    defineOnce(METADATA_KEYS.consumer, Object.freeze(metadata), 'Consumer', cls, cls);
  };
}

function resolveHandler(cls: Constructor, handler: string | undefined, form: HandlerForm | undefined): { method: string; form: HandlerForm } {
  const proto = cls.prototype as object;
  if (form !== undefined && !FORMS.includes(form)) {
    throw new DecoratorError('invalid-options', `${describeTarget(cls)}: form must be one of ${FORMS.join(', ')}`, { target: describeTarget(cls), form });
  }
  if (handler !== undefined) {
    requireMethod(cls, proto, handler);
    return { method: handler, form: form ?? 'message' };
  }
  if (form !== undefined) {
    requireMethod(cls, proto, CONVENTIONAL_HANDLERS[form]);
    return { method: CONVENTIONAL_HANDLERS[form], form };
  }
  const present = FORMS.filter((f) => memberKind(proto, CONVENTIONAL_HANDLERS[f]) !== 'missing');
  if (present.length === 0) {
    throw new DecoratorError(
      'not-a-method',
      `${describeTarget(cls)} has no handler: add an onMessage(message), onStream(messages$) or onBatch(messages) method, or name one with { handler: 'method' }`,
      { target: describeTarget(cls) },
    );
  }
  if (present.length > 1) {
    const names = present.map((f) => CONVENTIONAL_HANDLERS[f]);
    throw new DecoratorError('invalid-options', `${describeTarget(cls)} has ${names.join(' and ')}: say which one handles messages with { handler }`, {
      target: describeTarget(cls),
      handlers: names,
    });
  }
  const only = present[0]!;
  requireMethod(cls, proto, CONVENTIONAL_HANDLERS[only]);
  return { method: CONVENTIONAL_HANDLERS[only], form: only };
}

function requireMethod(cls: Constructor, proto: object, name: string): void {
  const kind = memberKind(proto, name);
  if (kind === 'method') return;
  const what = kind === 'missing' ? 'does not exist' : kind === 'accessor' ? 'is an accessor' : 'is not a function';
  throw new DecoratorError('not-a-method', `${describeTarget(cls, name)} ${what}; a handler must be a method of the class`, {
    target: describeTarget(cls, name),
    kind,
  });
}
