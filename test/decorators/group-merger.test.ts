import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  Consumer,
  ConsumerGroup,
  DecoratorError,
  explore,
  mergeGroups,
  OnBatch,
  OnMessage,
  OnStream,
  planProducers,
  Producer,
  CheckTransaction,
  routeMessage,
  type Constructor,
} from '../../decorators/index.js';
import { allocateAveragely } from '../../core/strategies/allocate/averagely.js';

function handlersOf(...classes: Constructor[]) {
  const c = new Container();
  for (const cls of classes) c.bind(cls).toSelf();
  return explore(c);
}

function decoratorError(run: () => unknown): DecoratorError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DecoratorError);
    return e as DecoratorError;
  }
  throw new Error('expected a DecoratorError');
}

@injectable()
@Consumer('OrderEvents', 'created', { group: 'orders', consumeConcurrency: 8 })
class Created {
  onMessage(): void {}
}
@injectable()
@Consumer('OrderEvents', 'paid || refunded', { group: 'orders', consumeConcurrency: 8 })
class Paid {
  onMessage(): void {}
}
@injectable()
@ConsumerGroup({ group: 'orders', consumeConcurrency: 8 })
class Others {
  @OnMessage('OrderEvents')
  rest(): void {}
  @OnMessage('Payments', 'card')
  card(): void {}
}
@injectable()
@Consumer('Inventory', '*', { group: 'inventory' })
class InventoryConsumer {
  onMessage(): void {}
}

describe('group merger', () => {
  it('merges the members of a group into one plan with a combined subscription per topic', () => {
    const plans = mergeGroups(handlersOf(Created, Paid, Others, InventoryConsumer).handlers);
    expect(plans.map((p) => [p.group, p.form, p.members.length])).toEqual([
      ['orders', 'message', 4],
      ['inventory', 'message', 1],
    ]);
    const orders = plans[0]!;
    expect(Object.fromEntries([...orders.topics].map(([t, p]) => [t, p.expression]))).toEqual({ OrderEvents: '*', Payments: 'card' });
    expect(orders.options).toMatchObject({ group: 'orders', consumeConcurrency: 8 });
  });

  it('routes by topic and exact tag, with the * member taking the tags nobody named', () => {
    const [orders] = mergeGroups(handlersOf(Created, Paid, Others).handlers);
    const route = (topic: string, tags?: string) => {
      const h = routeMessage(orders!, topic, tags);
      return h && `${h.className}.${h.method}`;
    };
    expect(route('OrderEvents', 'created')).toBe('Created.onMessage');
    expect(route('OrderEvents', 'refunded')).toBe('Paid.onMessage');
    expect(route('OrderEvents', 'shipped')).toBe('Others.rest');
    expect(route('OrderEvents')).toBe('Others.rest');
    expect(route('Payments', 'card')).toBe('Others.card');
    expect(route('Payments', 'cash')).toBeUndefined();
    expect(route('Unknown', 'card')).toBeUndefined();
  });

  it('without a * member the subscription is the union of the named tags', () => {
    const [orders] = mergeGroups(handlersOf(Created, Paid).handlers);
    expect(orders!.topics.get('OrderEvents')!.expression).toBe('created || paid || refunded');
  });

  it('mismatched group options fail with an error naming both classes and the differences', () => {
    @injectable()
    @Consumer('OrderEvents', 'x', { group: 'orders', orderly: true })
    class Orderly {
      onMessage(): void {}
    }
    const e = decoratorError(() => mergeGroups(handlersOf(Created, Orderly).handlers));
    expect(e.kind).toBe('group-options-mismatch');
    expect(e.message).toContain('Created.onMessage');
    expect(e.message).toContain('Orderly.onMessage');
    expect(e.message).toContain("'orders'");
    expect(e.context.differences).toEqual(['consumeConcurrency (8 vs 20)', 'orderly (false vs true)']);
  });

  it('defaults count: an option left out equals its default, functions and codecs compare by identity / name', () => {
    @injectable()
    @Consumer('A', '*', { group: 'g', messageModel: 'CLUSTERING', codec: 'raw', allocateStrategy: allocateAveragely })
    class Explicit {
      onMessage(): void {}
    }
    @injectable()
    @Consumer('B', '*', { group: 'g' })
    class Implicit {
      onMessage(): void {}
    }
    expect(mergeGroups(handlersOf(Explicit, Implicit).handlers)).toHaveLength(1);
    @injectable()
    @Consumer('C', '*', { group: 'g', codec: 'json' })
    class Json {
      onMessage(): void {}
    }
    expect(decoratorError(() => mergeGroups(handlersOf(Implicit, Json).handlers)).context.differences).toEqual(['codec ("raw" vs "json")']);
  });

  it('two members claiming one tag, or both taking *, are duplicate handlers', () => {
    @injectable()
    @Consumer('OrderEvents', 'paid', { group: 'orders', consumeConcurrency: 8 })
    class AlsoPaid {
      onMessage(): void {}
    }
    const e = decoratorError(() => mergeGroups(handlersOf(Paid, AlsoPaid).handlers));
    expect(e.kind).toBe('duplicate-handler');
    expect(e.message).toMatch(/Paid\.onMessage and AlsoPaid\.onMessage both handle tag 'paid' of OrderEvents/);
    @injectable()
    @ConsumerGroup({ group: 'orders', consumeConcurrency: 8 })
    class AllToo {
      @OnMessage('OrderEvents')
      all(): void {}
    }
    expect(decoratorError(() => mergeGroups(handlersOf(Others, AllToo).handlers)).message).toContain('all tags (*)');
  });

  it('picks the group form and rejects combinations one group consumer cannot run', () => {
    @injectable()
    @ConsumerGroup({ group: 's' })
    class Streams {
      @OnStream('A')
      a(): void {}
      @OnMessage('B')
      b(): void {}
    }
    expect(mergeGroups(handlersOf(Streams).handlers)[0]!.form).toBe('stream');
    @injectable()
    @ConsumerGroup({ group: 'o', orderly: true })
    class OrderlyStream {
      @OnStream('A')
      a(): void {}
    }
    expect(decoratorError(() => mergeGroups(handlersOf(OrderlyStream).handlers)).kind).toBe('unsupported-handler');
    @injectable()
    @ConsumerGroup({ group: 'b' })
    class Batches {
      @OnBatch('A')
      a(): void {}
      @OnMessage('B')
      b(): void {}
    }
    expect(mergeGroups(handlersOf(Batches).handlers)[0]!.form).toBe('batch');
    @injectable()
    @ConsumerGroup({ group: 'b2' })
    class BatchSharing {
      @OnBatch('A', 'x')
      a(): void {}
      @OnMessage('A', 'y')
      b(): void {}
    }
    expect(decoratorError(() => mergeGroups(handlersOf(BatchSharing).handlers)).message).toContain('must be alone on its topic');
    @injectable()
    @ConsumerGroup({ group: 'sb' })
    class StreamAndBatch {
      @OnBatch('A')
      a(): void {}
      @OnStream('B')
      b(): void {}
    }
    expect(decoratorError(() => mergeGroups(handlersOf(StreamAndBatch).handlers)).kind).toBe('unsupported-handler');
  });
});

describe('producer plans', () => {
  it('classes of one producer group share it when their options agree; the default group is the class name', () => {
    @injectable()
    @Producer({ group: 'pg', topic: 'A' })
    class A {}
    @injectable()
    @Producer({ group: 'pg', topic: 'B' })
    class B {}
    @injectable()
    @Producer()
    class Lone$Class {}
    const plans = planProducers(handlersOf(A, B, Lone$Class).producers);
    expect(plans.map((p) => [p.group, p.members.map((m) => m.className)])).toEqual([
      ['pg', ['A', 'B']],
      ['Lone_Class', ['Lone$Class']],
    ]);
  });

  it('mismatched producer options name both classes; two checkers in one group are refused', () => {
    @injectable()
    @Producer({ group: 'pg', sendTimeoutMs: 1000 })
    class Fast {}
    @injectable()
    @Producer({ group: 'pg' })
    class Slow {}
    const e = decoratorError(() => planProducers(handlersOf(Fast, Slow).producers));
    expect(e.kind).toBe('group-options-mismatch');
    expect(e.message).toMatch(/Fast and Slow.*sendTimeoutMs/);
    @injectable()
    @Producer({ group: 'tx' })
    class C1 {
      @CheckTransaction() check(): string {
        return 'COMMIT';
      }
    }
    @injectable()
    @Producer({ group: 'tx' })
    class C2 {
      @CheckTransaction() check(): string {
        return 'COMMIT';
      }
    }
    expect(decoratorError(() => planProducers(handlersOf(C1, C2).producers)).kind).toBe('duplicate-handler');
  });
});
