import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import {
  CheckTransaction,
  Consumer,
  ConsumerGroup,
  DecoratorError,
  InjectProducer,
  LocalTransaction,
  METADATA_KEYS,
  OnBatch,
  OnMessage,
  OnStream,
  Producer,
  UseInterceptors,
  type ConsumerClassMetadata,
  type HandlerInterceptor,
  type HandlerMethodMetadata,
} from '../../decorators/index.js';
import { isRocketMQError } from '../../core/errors.js';

/** Runs `declare` (which defines a decorated class) and returns the DecoratorError it throws. */
function misuse(declare: () => unknown): DecoratorError {
  try {
    declare();
  } catch (error) {
    expect(error).toBeInstanceOf(DecoratorError);
    expect(isRocketMQError(error)).toBe(true);
    return error as DecoratorError;
  }
  throw new Error('expected a DecoratorError');
}

const own = <T>(key: string, target: object, property?: string) =>
  (property === undefined ? Reflect.getOwnMetadata(key, target) : Reflect.getOwnMetadata(key, target, property)) as T | undefined;

describe('@Consumer records metadata only', () => {
  it('records topic, normalised tag expression, handler method, form and options under a namespaced key', () => {
    @Consumer('OrderEvents', ' created || paid ', { group: 'orders', orderly: true, maxReconsumeTimes: 3 })
    class OrderConsumer {
      onMessage(): void {}
    }
    const meta = own<ConsumerClassMetadata>(METADATA_KEYS.consumer, OrderConsumer)!;
    expect(METADATA_KEYS.consumer.startsWith('rocketmq-rx:')).toBe(true);
    expect(meta).toMatchObject({ topic: 'OrderEvents', tagExpression: 'created || paid', method: 'onMessage', form: 'message' });
    expect(meta.options).toEqual({ group: 'orders', orderly: true, maxReconsumeTimes: 3 });
    expect(Object.isFrozen(meta)).toBe(true);
  });

  it('defaults the tag expression to * and infers the form from onStream / onBatch', () => {
    @Consumer('Clicks', undefined, { group: 'g' })
    class Streamer {
      onStream(): void {}
    }
    @Consumer('Clicks', '', { group: 'g2' })
    class Batcher {
      onBatch(): void {}
    }
    expect(own<ConsumerClassMetadata>(METADATA_KEYS.consumer, Streamer)).toMatchObject({ tagExpression: '*', method: 'onStream', form: 'stream' });
    expect(own<ConsumerClassMetadata>(METADATA_KEYS.consumer, Batcher)).toMatchObject({ tagExpression: '*', method: 'onBatch', form: 'batch' });
  });

  it('takes a named handler method and form, including an inherited one', () => {
    class Base {
      process(): void {}
    }
    @Consumer('T', '*', { group: 'g', handler: 'process', form: 'stream' })
    class Derived extends Base {}
    expect(own<ConsumerClassMetadata>(METADATA_KEYS.consumer, Derived)).toMatchObject({ method: 'process', form: 'stream' });
  });

  it('does not run getters while looking for the handler', () => {
    let touched = false;
    const e = misuse(() => {
      @Consumer('T', '*', { group: 'g', handler: 'onMessage' })
      class WithGetter {
        get onMessage(): () => void {
          touched = true;
          return () => undefined;
        }
      }
      return WithGetter;
    });
    expect(e.kind).toBe('not-a-method');
    expect(touched).toBe(false);
  });
});

describe('misuse fails when the decorator runs', () => {
  it('missing topic', () => {
    for (const topic of ['', '   ', undefined as unknown as string]) {
      const e = misuse(() => Consumer(topic, '*', { group: 'g' })(class X { onMessage() {} }));
      expect(e.kind).toBe('missing-topic');
      expect(e.message).toContain('X');
    }
  });

  it('invalid topic name', () => {
    const e = misuse(() => Consumer('bad topic!', '*', { group: 'g' })(class Y { onMessage() {} }));
    expect(e.kind).toBe('invalid-topic');
    expect(e.cause).toBeDefined();
  });

  it('invalid tag expressions, with the subscription error as cause', () => {
    for (const expression of ['a | b', '* || a', '||', ' || || ']) {
      const e = misuse(() => Consumer('T', expression, { group: 'g' })(class Z { onMessage() {} }));
      expect(e.kind).toBe('invalid-tag-expression');
      expect(e.context.expression).toBe(expression);
    }
    expect(misuse(() => OnMessage('T', 'x|y')(class W { m() {} }.prototype, 'm', { value: () => undefined })).kind).toBe('invalid-tag-expression');
  });

  it('a handler that is not a method: a field, a missing name, an accessor, no conventional method, a static', () => {
    expect(misuse(() => Consumer('T', '*', { group: 'g' })(class NoHandler {})).kind).toBe('not-a-method');
    expect(misuse(() => Consumer('T', '*', { group: 'g', handler: 'nope' })(class Missing { onMessage() {} })).kind).toBe('not-a-method');
    const field = misuse(() => {
      class WithField {
        handle = 1;
      }
      Object.defineProperty(WithField.prototype, 'handle', { value: 42 });
      return Consumer('T', '*', { group: 'g', handler: 'handle' })(WithField);
    });
    expect(field.kind).toBe('not-a-method');
    expect(field.message).toContain('WithField.handle');
    const onField = misuse(() => {
      class Props {
        @(OnMessage('T', '*', { group: 'g' }) as PropertyDecorator)
        declare handler: unknown;
      }
      return Props;
    });
    expect(onField.kind).toBe('not-a-method');
    const onStatic = misuse(() => {
      class Statics {
        @OnMessage('T', '*', { group: 'g' })
        static handle(): void {}
      }
      return Statics;
    });
    expect(onStatic.kind).toBe('not-a-method');
    const onGetter = misuse(() => {
      class Getters {
        @LocalTransaction()
        get state(): string {
          return 'COMMIT';
        }
      }
      return Getters;
    });
    expect(onGetter.kind).toBe('not-a-method');
  });

  it('two conventional handlers without a choice', () => {
    const e = misuse(() => Consumer('T', '*', { group: 'g' })(class Both { onMessage() {} onStream() {} }));
    expect(e.kind).toBe('invalid-options');
    expect(e.message).toMatch(/onMessage and onStream/);
  });

  it('decorating twice', () => {
    const twice = misuse(() => {
      @Consumer('A', '*', { group: 'g' })
      @Consumer('B', '*', { group: 'g' })
      class Twice {
        onMessage(): void {}
      }
      return Twice;
    });
    expect(twice.kind).toBe('decorated-twice');
    expect(twice.message).toContain('Twice');
    const P = class P {};
    Producer()(P);
    expect(misuse(() => Producer()(P)).kind).toBe('decorated-twice');
    const method = misuse(() => {
      class M {
        @OnMessage('A', '*', { group: 'g' })
        @OnStream('B', '*', { group: 'g' })
        both(): void {}
      }
      return M;
    });
    expect(method.kind).toBe('decorated-twice');
    expect(method.message).toContain('M.both');
    const tx = misuse(() => {
      class T2 {
        @LocalTransaction() a(): string {
          return 'COMMIT';
        }
        @LocalTransaction() b(): string {
          return 'COMMIT';
        }
      }
      return T2;
    });
    expect(tx.kind).toBe('decorated-twice');
    expect(tx.message).toMatch(/T2\.a.*T2\.b/);
  });

  it('a subclass may decorate again', () => {
    @Consumer('A', '*', { group: 'g' })
    class Base {
      onMessage(): void {}
    }
    @Consumer('B', '*', { group: 'g2' })
    class Sub extends Base {}
    expect(own<ConsumerClassMetadata>(METADATA_KEYS.consumer, Sub)!.topic).toBe('B');
    expect(own<ConsumerClassMetadata>(METADATA_KEYS.consumer, Base)!.topic).toBe('A');
  });

  it('bad option values, unknown options and bad group names, checked as the core consumer will', () => {
    const cases: [object, RegExp][] = [
      [{ group: 'g', consumeConcurrency: 0 }, /consumeConcurrency/],
      [{ group: 'g', messageModel: 'BOTH' }, /messageModel/],
      [{ group: 'g', pullThresholdForQueue: 'many' }, /pullThresholdForQueue/],
      [{ group: 'g', colour: 'red' }, /colour/],
      [{ group: 'has space' }, /group/],
      [{ group: 'DEFAULT_CONSUMER' }, /DEFAULT_CONSUMER/],
      [{ group: 'g', codec: 42 }, /codec/],
      [{ group: 'g', interceptors: ['x'] }, /interceptors/],
    ];
    for (const [options, pattern] of cases) {
      const e = misuse(() => Consumer('T', '*', options as never)(class Opt { onMessage() {} }));
      expect(e.kind).toBe('invalid-options');
      expect(e.message).toMatch(pattern);
    }
    expect(misuse(() => Producer({ sendTimeoutMs: -1 })(class P2 {})).kind).toBe('invalid-options');
    expect(misuse(() => Producer({ topic: 'no spaces allowed' })(class P3 {})).kind).toBe('invalid-topic');
    expect(misuse(() => ConsumerGroup({} as never)(class G {})).kind).toBe('missing-group');
  });
});

describe('method handlers, producers, transactions and interceptors', () => {
  it('records one entry per handler method, with its form, options and interceptors', () => {
    const timing: HandlerInterceptor = () => (s) => s;
    @ConsumerGroup({ group: 'audit' })
    class Audit {
      @OnMessage('OrderEvents', 'created')
      created(): void {}
      @UseInterceptors(timing)
      @OnStream('Clicks')
      clicks(): void {}
      @OnBatch('Payments', 'a || b', { group: 'payments', interceptors: [timing] })
      payments(): void {}
    }
    const list = own<HandlerMethodMetadata[]>(METADATA_KEYS.handlers, Audit)!;
    expect(list.map((h) => [h.method, h.form, h.topic, h.tagExpression])).toEqual([
      ['created', 'message', 'OrderEvents', 'created'],
      ['clicks', 'stream', 'Clicks', '*'],
      ['payments', 'batch', 'Payments', 'a || b'],
    ]);
    expect(list[2]!.options).toEqual({ group: 'payments' });
    expect(list[2]!.interceptors).toEqual([timing]);
    expect(own(METADATA_KEYS.interceptors, Audit.prototype, 'clicks')).toEqual([timing]);
    expect(own(METADATA_KEYS.consumerGroup, Audit)).toEqual({ group: 'audit' });
  });

  it('@Producer records options; @InjectProducer uses one token per class; transactions record their methods', () => {
    @Producer({ group: 'tx', topic: 'Payments' })
    class Payments {
      constructor(@InjectProducer() readonly producer: unknown) {}
      @LocalTransaction() local(): string {
        return 'COMMIT';
      }
      @CheckTransaction() check(): string {
        return 'COMMIT';
      }
    }
    @Producer()
    class Other {
      @InjectProducer() declare producer: unknown;
    }
    expect(own(METADATA_KEYS.producer, Payments)).toEqual({ options: { group: 'tx', topic: 'Payments' } });
    const a = own<symbol>(METADATA_KEYS.producerToken, Payments);
    const b = own<symbol>(METADATA_KEYS.producerToken, Other);
    expect(typeof a).toBe('symbol');
    expect(a).not.toBe(b);
    expect(own(METADATA_KEYS.transaction, Payments)).toEqual({ localTransaction: 'local', checkTransaction: 'check' });
  });
});
