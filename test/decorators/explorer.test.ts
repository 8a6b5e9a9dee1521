import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  boundClasses,
  CheckTransaction,
  Consumer,
  ConsumerGroup,
  DecoratorError,
  explore,
  InjectProducer,
  OnMessage,
  OnStream,
  Producer,
  UseInterceptors,
  type HandlerInterceptor,
} from '../../decorators/index.js';

const noop: HandlerInterceptor = () => (s) => s;
const other: HandlerInterceptor = () => (s) => s;

@injectable()
@Consumer('OrderEvents', 'created || paid', { group: 'orders' })
class OrderConsumer {
  onMessage(): void {}
}

@injectable()
@ConsumerGroup({ group: 'audit', consumeConcurrency: 4 })
@UseInterceptors(noop)
class AuditHandlers {
  @OnMessage('OrderEvents', 'created')
  created(): void {}
  @UseInterceptors(other)
  @OnStream('Clicks', '*', { group: 'clicks' })
  clicks(): void {}
}

@injectable()
@Producer({ group: 'order-producer', topic: 'OrderEvents' })
class OrderPublisher {
  constructor(@InjectProducer() readonly producer: unknown) {}
}

@injectable()
class Plain {}

function catchError(run: () => unknown): DecoratorError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DecoratorError);
    return e as DecoratorError;
  }
  throw new Error('expected a DecoratorError');
}

describe('explorer', () => {
  it('finds decorated classes bound with toSelf, to(Class) under a token, and toConstantValue, once each', () => {
    const c = new Container();
    c.bind(OrderConsumer).toSelf();
    c.bind('audit').to(AuditHandlers).inSingletonScope();
    c.bind('publisher').toConstantValue(new OrderPublisher(undefined));
    c.bind(Plain).toSelf();
    c.bind('again').to(OrderConsumer);
    const found = boundClasses(c);
    expect(found.map((b) => b.cls)).toEqual([OrderConsumer, AuditHandlers, OrderPublisher, Plain]);
    expect(found.find((b) => b.cls === AuditHandlers)!.serviceId).toBe('audit');
    const { handlers, producers } = explore(c);
    expect(handlers.map((h) => [h.className, h.method, h.group, h.topic, h.tags])).toEqual([
      ['OrderConsumer', 'onMessage', 'orders', 'OrderEvents', ['created', 'paid']],
      ['AuditHandlers', 'created', 'audit', 'OrderEvents', ['created']],
      ['AuditHandlers', 'clicks', 'clicks', 'Clicks', '*'],
    ]);
    expect(handlers[1]!.groupOptions).toEqual({ group: 'audit', consumeConcurrency: 4 });
    expect(handlers[2]!.groupOptions).toEqual({ group: 'clicks', consumeConcurrency: 4 });
    expect(handlers[1]!.interceptors).toEqual([noop]);
    expect(handlers[2]!.interceptors).toEqual([noop, other]);
    expect(producers).toHaveLength(1);
    expect(producers[0]).toMatchObject({ className: 'OrderPublisher', options: { group: 'order-producer', topic: 'OrderEvents' } });
    expect(typeof producers[0]!.token).toBe('symbol');
  });

  it('sees the bindings of parent containers, and nothing that is not bound', () => {
    const parent = new Container();
    parent.bind(OrderConsumer).toSelf();
    const child = new Container({ parent });
    expect(explore(child).handlers.map((h) => h.className)).toEqual(['OrderConsumer']);
    expect(explore(new Container()).handlers).toEqual([]);
  });

  it('include: a listed class must be bound (not-bound), and may be bound as a dynamic value', () => {
    const c = new Container();
    const e = catchError(() => explore(c, { include: [OrderConsumer] }));
    expect(e.kind).toBe('not-bound');
    expect(e.message).toContain('OrderConsumer');
    expect(e.message).toContain('container.bind(OrderConsumer)');
    c.bind(OrderConsumer).toDynamicValue(() => new OrderConsumer());
    expect(explore(c).handlers).toEqual([]);
    expect(explore(c, { include: [OrderConsumer] }).handlers.map((h) => h.className)).toEqual(['OrderConsumer']);
  });

  it('missing group on a method handler without @ConsumerGroup names the method', () => {
    @injectable()
    class NoGroup {
      @OnMessage('T')
      handle(): void {}
    }
    const c = new Container();
    c.bind(NoGroup).toSelf();
    const e = catchError(() => explore(c));
    expect(e.kind).toBe('missing-group');
    expect(e.message).toContain('NoGroup.handle');
    @injectable()
    @Consumer('T')
    class NoGroupEither {
      onMessage(): void {}
    }
    const c2 = new Container();
    c2.bind(NoGroupEither).toSelf();
    expect(catchError(() => explore(c2)).kind).toBe('missing-group');
  });

  it('@InjectProducer or transaction methods without @Producer', () => {
    @injectable()
    class Forgot {
      constructor(@InjectProducer() readonly p: unknown) {}
    }
    const c = new Container();
    c.bind(Forgot).toSelf();
    const e = catchError(() => explore(c));
    expect(e.kind).toBe('missing-producer');
    expect(e.message).toContain('Forgot');
    @injectable()
    class Checker {
      @CheckTransaction() check(): string {
        return 'COMMIT';
      }
    }
    const c2 = new Container();
    c2.bind(Checker).toSelf();
    expect(catchError(() => explore(c2)).kind).toBe('missing-producer');
  });

  it('a subclass inherits its base class declarations; its own method entries shadow the base ones', () => {
    @ConsumerGroup({ group: 'base' })
    class Base {
      @OnMessage('A')
      a(): void {}
      @OnMessage('B')
      b(): void {}
    }
    @injectable()
    class Sub extends Base {
      @OnMessage('C', 'x')
      override b(): void {}
    }
    const c = new Container();
    c.bind(Sub).toSelf();
    expect(explore(c).handlers.map((h) => [h.method, h.topic, h.group])).toEqual([
      ['b', 'C', 'base'],
      ['a', 'A', 'base'],
    ]);
  });
});

describe('explorer: decorated dependencies', () => {
  it('a decorated class injected into a bound class but not bound itself is not-bound, naming both', () => {
    @injectable()
    class Checkout {
      constructor(readonly publisher: OrderPublisher) {}
    }
    const c = new Container();
    c.bind(Checkout).toSelf();
    const e = catchError(() => explore(c));
    expect(e.kind).toBe('not-bound');
    expect(e.message).toContain('OrderPublisher is decorated and injected into Checkout');
    c.bind('publisher').to(OrderPublisher);
    expect(explore(c).producers.map((p) => p.className)).toEqual(['OrderPublisher']);
  });
});
