import 'reflect-metadata';
import { inject, injectable } from 'inversify';
import { bufferTime, defer, filter, map, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../adapters/embedded/index.js';
import {
  AppError,
  CheckTransaction,
  Consumer,
  ConsumerGroup,
  DecoratorError,
  InjectProducer,
  LocalTransaction,
  OnMessage,
  Producer,
  UseInterceptors,
  validationInterceptor,
  type AppEvent,
  type HandlerInterceptor,
  type PayloadCodec,
  type BoundProducer,
  type ReceivedMessage,
  type RocketMQApp,
  type StreamAck,
  type TransactionState,
} from '../../index.js';
import { appWith, first, inspector, Journal } from './support.js';

type Order = { id: string; step: string };

@injectable()
@Producer({ group: 'int-order-producer', topic: 'IntOrders' })
class OrderPublisher {
  constructor(@InjectProducer() readonly producer: BoundProducer<Order>) {}
  publish(order: Order): Promise<unknown> {
    return this.producer.send(order, { tags: order.step, keys: order.id });
  }
}

@injectable()
@Consumer('IntOrders', 'created', { group: 'int-orders' })
class CreatedHandler {
  constructor(@inject(Journal) private readonly journal: Journal) {}
  onMessage(m: ReceivedMessage<Order>): void {
    this.journal.add(`created:${m.payload.id}:${m.tags}:${m.keys.join(',')}`);
  }
}

@injectable()
@ConsumerGroup({ group: 'int-orders' })
class OtherSteps {
  constructor(@inject(Journal) private readonly journal: Journal) {}
  @OnMessage('IntOrders', 'paid || shipped')
  progress(m: ReceivedMessage<Order>): void {
    this.journal.add(`progress:${m.payload.id}:${m.tags}`);
  }
  @OnMessage('IntAudit')
  audit(m: ReceivedMessage<string>): void {
    this.journal.add(`audit:${m.payload}`);
  }
}

@injectable()
@Consumer('IntOrders', '*', { group: 'int-everything', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' })
class Everything {
  constructor(@inject(Journal) private readonly journal: Journal) {}
  onMessage(m: ReceivedMessage<Order>): void {
    this.journal.add(`all:${m.payload.id}:${m.tags}`);
  }
}

describe('decorated classes on the embedded broker', () => {
  let mq: EmbeddedBroker;
  let apps: RocketMQApp[];
  beforeEach(async () => {
    mq = await startEmbeddedBroker({ port: 0, engine: { transactionTimeoutMs: 200, transactionCheckIntervalMs: 100 } });
    apps = [];
  });
  afterEach(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await mq.close();
  });
  const make = (...args: Parameters<typeof appWith>) => {
    const made = appWith(...args);
    apps.push(made.app);
    return made;
  };

  it('messages reach the right handlers, with injected dependencies; a merged group dispatches by topic and tag', async () => {
    const { app, container } = make([CreatedHandler, OtherSteps, Everything, OrderPublisher, Journal], { nameServer: mq.address, autoCreateTopics: true });
    expect(app.describe().consumers).toEqual([
      { group: 'int-orders', subscriptions: { IntOrders: 'created || paid || shipped', IntAudit: '*' }, handlers: ['CreatedHandler.onMessage', 'OtherSteps.progress', 'OtherSteps.audit'] },
      { group: 'int-everything', subscriptions: { IntOrders: '*' }, handlers: ['Everything.onMessage'] },
    ]);
    await app.start();
    const publisher = container.get(OrderPublisher);
    for (const step of ['created', 'paid', 'cancelled', 'shipped']) await publisher.publish({ id: 'o1', step });
    await app.producer<string>(OrderPublisher).send('a1', { topic: 'IntAudit' });
    const journal = container.get(Journal);
    await journal.waitFor(4, (e) => !e.startsWith('all:'));
    await journal.waitFor(4, (e) => e.startsWith('all:'));
    expect(journal.list.filter((e) => !e.startsWith('all:')).sort()).toEqual(['audit:a1', 'created:o1:created:o1', 'progress:o1:paid', 'progress:o1:shipped']);
    expect(journal.list.filter((e) => e.startsWith('all:')).sort()).toEqual(['all:o1:cancelled', 'all:o1:created', 'all:o1:paid', 'all:o1:shipped']);
  });

  it('stop drains in-flight handlers, commits their offsets, and a restarted app does not redeliver', async () => {
    const gate = { open: () => undefined as void, opened: Promise.resolve() };
    gate.opened = new Promise<void>((resolve) => (gate.open = resolve));
    @injectable()
    @Consumer('IntDrain', '*', { group: 'int-drain' })
    class Slow {
      constructor(@inject(Journal) private readonly journal: Journal) {}
      async onMessage(m: ReceivedMessage<string>): Promise<void> {
        this.journal.add(`start:${m.payload}`);
        await gate.opened;
        this.journal.add(`end:${m.payload}`);
      }
    }
    @injectable()
    @Producer({ group: 'int-drain-producer', topic: 'IntDrain' })
    class Pub {
      constructor(@InjectProducer() readonly producer: BoundProducer<string>) {}
    }
    const { app, container } = make([Slow, Pub, Journal], { nameServer: mq.address, autoCreateTopics: true });
    const order: string[] = [];
    app.events$.subscribe((e) => {
      if (e.type === 'stopping' || e.type === 'stopped') order.push(e.type);
    });
    await app.start();
    for (const n of ['m1', 'm2', 'm3']) await container.get(Pub).producer.send(n);
    const journal = container.get(Journal);
    await journal.waitFor(3, (e) => e.startsWith('start:'));
    const stopping = first(app.events$, (e: AppEvent) => e.type === 'stopping').then(() => {
      order.push('gate');
      gate.open();
    });
    await app.stop();
    await stopping;
    expect(order).toEqual(['stopping', 'gate', 'stopped']);
    expect(journal.list.filter((e) => e.startsWith('end:')).sort()).toEqual(['end:m1', 'end:m2', 'end:m3']);
    const broker = inspector(mq);
    try {
      expect(await broker.committed('int-drain', 'IntDrain')).toBe(3);
    } finally {
      await broker.close();
    }
    const again = make([Slow, Pub, Journal], { nameServer: mq.address });
    await again.app.start();
    await again.container.get(Pub).producer.send('m4');
    const next = again.container.get(Journal);
    await next.waitFor(1, (e) => e.startsWith('end:'));
    expect(next.list).toEqual(['start:m4', 'end:m4']);
  });

  it('a transactional producer commits, rolls back and answers the check-back with its decorated methods', async () => {
    @injectable()
    @Producer({ group: 'int-tx', topic: 'IntTx' })
    class Payments {
      readonly checked: string[] = [];
      constructor(@InjectProducer() readonly producer: BoundProducer<{ id: string; decide: TransactionState }>) {}
      @LocalTransaction()
      local(m: { payload: { decide: TransactionState } }): TransactionState {
        return m.payload.decide;
      }
      @CheckTransaction()
      check(m: ReceivedMessage<{ id: string }>): TransactionState {
        this.checked.push(m.payload.id);
        return 'COMMIT';
      }
    }
    @injectable()
    @Consumer('IntTx', '*', { group: 'int-tx-consumer' })
    class Settled {
      constructor(@inject(Journal) private readonly journal: Journal) {}
      onMessage(m: ReceivedMessage<{ id: string }>): void {
        this.journal.add(m.payload.id);
      }
    }
    const { app, container } = make([Payments, Settled, Journal], { nameServer: mq.address, autoCreateTopics: true });
    await app.start();
    const payments = container.get(Payments);
    const results = [];
    for (const [id, decide] of [['commit', 'COMMIT'], ['rollback', 'ROLLBACK'], ['unknown', 'UNKNOWN']] as const) {
      results.push(await payments.producer.sendInTransaction({ id, decide }));
    }
    expect(results.map((r) => r.localTransactionState)).toEqual(['COMMIT', 'ROLLBACK', 'UNKNOWN']);
    const journal = container.get(Journal);
    const got = await journal.waitFor(2);
    expect(got.sort()).toEqual(['commit', 'unknown']);
    expect(payments.checked).toContain('unknown');
    expect(journal.list).not.toContain('rollback');
  });

  it('a stream handler batches with bufferTime and acknowledges per batch; stop flushes the last batch', async () => {
    @injectable()
    @Consumer('IntStream', '*', { group: 'int-stream' })
    class Batcher {
      readonly batches: string[][] = [];
      constructor(@inject(Journal) private readonly journal: Journal) {}
      onStream(messages$: Observable<ReceivedMessage<string>>): Observable<StreamAck> {
        return messages$.pipe(
          bufferTime(50, null, 4),
          filter((b) => b.length > 0),
          map((batch) => {
            this.batches.push(batch.map((m) => m.payload));
            for (const m of batch) this.journal.add(m.payload);
            return batch;
          }),
        );
      }
    }
    @injectable()
    @Producer({ topic: 'IntStream' })
    class Pub {
      constructor(@InjectProducer() readonly producer: BoundProducer<string>) {}
    }
    const { app, container } = make([Batcher, Pub, Journal], { nameServer: mq.address, autoCreateTopics: true });
    await app.start();
    const all = Array.from({ length: 10 }, (_, i) => `s${i}`);
    await container.get(Pub).producer.sendBatch(all);
    await container.get(Journal).waitFor(10);
    const batcher = container.get(Batcher);
    expect(batcher.batches.flat().sort()).toEqual([...all].sort());
    expect(Math.max(...batcher.batches.map((b) => b.length))).toBeLessThanOrEqual(4);
    await app.stop();
    const broker = inspector(mq);
    try {
      expect(await broker.committed('int-stream', 'IntStream')).toBe(10);
    } finally {
      await broker.close();
    }
  });

  it('interceptors from the module, the class and the decorator wrap handlers; a codec object given to @Producer round-trips', async () => {
    const reversed: PayloadCodec = {
      name: 'reversed-json',
      encode: (v) => Buffer.from(JSON.stringify(v).split('').reverse().join(''), 'utf8'),
      decode: (b) => JSON.parse(b.toString('utf8').split('').reverse().join('')),
    };
    const trail = new Journal();
    const mark = (name: string): HandlerInterceptor => (ctx) => (source) =>
      defer(() => {
        if (ctx.form === 'message') trail.add(`${name}:${(ctx.message.payload as { n: number }).n}`);
        return source;
      });
    @injectable()
    @UseInterceptors(mark('class'))
    @Consumer('IntIntercept', '*', { group: 'int-intercept', interceptors: [validationInterceptor((p) => (p as { n: number }).n >= 0, { onInvalid: 'skip' })] })
    class Checked {
      constructor(@inject(Journal) private readonly journal: Journal) {}
      onMessage(m: ReceivedMessage<{ n: number }>): void {
        this.journal.add(`n=${m.payload.n} via ${m.systemProperties.rmqrx_codec}`);
      }
    }
    @injectable()
    @Producer({ topic: 'IntIntercept', codec: reversed })
    class Pub {
      constructor(@InjectProducer() readonly producer: BoundProducer<{ n: number }>) {}
    }
    const { app, container } = make([Checked, Pub, Journal], { nameServer: mq.address, autoCreateTopics: true, interceptors: [mark('module')] });
    await app.start();
    const pub = container.get(Pub).producer;
    await pub.send({ n: -1 });
    await pub.send({ n: 7 });
    await container.get(Journal).waitFor(1);
    await trail.waitFor(4);
    expect(container.get(Journal).list).toEqual(['n=7 via reversed-json']);
    expect(trail.list.filter((t) => t.endsWith(':7'))).toEqual(['module:7', 'class:7']);
    expect(trail.list.filter((t) => t.endsWith(':-1'))).toEqual(['module:-1', 'class:-1']);
  });

  it('misuse: mismatched group options name both classes; use before start and start after stop fail clearly', async () => {
    @injectable()
    @Consumer('IntOrders', 'paid', { group: 'int-orders', orderly: true })
    class OrderlyPaid {
      onMessage(): void {}
    }
    let thrown: unknown;
    try {
      make([CreatedHandler, OrderlyPaid, Journal], { nameServer: mq.address });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DecoratorError);
    expect((thrown as DecoratorError).kind).toBe('group-options-mismatch');
    expect((thrown as Error).message).toMatch(/CreatedHandler\.onMessage and OrderlyPaid\.onMessage/);

    const { app, container } = make([OrderPublisher], { nameServer: mq.address });
    await expect(container.get(OrderPublisher).publish({ id: 'x', step: 'created' })).rejects.toMatchObject({ kind: 'producer-not-started' });
    await app.start();
    await app.stop();
    await expect(container.get(OrderPublisher).publish({ id: 'x', step: 'created' })).rejects.toMatchObject({ kind: 'producer-not-started' });
    await expect(app.start()).rejects.toBeInstanceOf(AppError);
    await expect(app.start()).rejects.toMatchObject({ kind: 'app-stopped' });
    expect(app.state).toBe('stopped');
  });
});
