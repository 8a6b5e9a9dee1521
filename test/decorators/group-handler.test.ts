import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { bufferCount, firstValueFrom, isObservable, map, type Observable, of, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { groupHandler } from '../../decorators/group-handler.js';
import { ConsumerGroup, explore, mergeGroups, OnBatch, OnMessage, OnStream, type HandlerInterceptor } from '../../decorators/index.js';
import type { HandlerDefinition } from '../../decorators/definitions.js';
import type { ReceivedMessage } from '../../core/message/received-message.js';
import type { BatchHandler, MessageHandler, StreamAck, StreamHandler } from '../../core/consumer/push/handlers.js';
import { keepsOneShape } from '../hidden-class.js';
import { received } from './messages.js';

function planOf(cls: new () => object) {
  const c = new Container();
  c.bind(cls).toSelf().inSingletonScope();
  const plan = mergeGroups(explore(c).handlers)[0]!;
  const instance = c.get(cls);
  const unrouted: string[] = [];
  const failed: string[] = [];
  const deps = (interceptors: HandlerInterceptor[] = []) => ({
    plan,
    instanceOf: (_: HandlerDefinition) => instance,
    interceptors,
    onUnrouted: (m: ReceivedMessage) => void unrouted.push(m.msgId),
    onFailed: (d: HandlerDefinition, m: ReceivedMessage) => void failed.push(`${d.method}:${m.msgId}`),
  });
  return { plan, instance, deps, unrouted, failed };
}

async function settle(result: unknown): Promise<unknown> {
  if (isObservable(result)) return firstValueFrom(result as Observable<unknown>, { defaultValue: undefined });
  return result;
}

describe('group handler', () => {
  @injectable()
  @ConsumerGroup({ group: 'orders' })
  class Orders {
    readonly seen: string[] = [];
    @OnMessage('OrderEvents', 'created')
    created(m: ReceivedMessage<{ id: string }>): void {
      this.seen.push(`created:${m.payload.id}`);
    }
    @OnMessage('OrderEvents')
    async other(m: ReceivedMessage<{ id: string }>): Promise<void> {
      this.seen.push(`other:${m.tags}:${m.payload.id}`);
    }
    @OnMessage('Refunds', 'full')
    refund(m: ReceivedMessage<{ id: string }>): Observable<string> {
      if (m.payload.id === 'bad') throw new Error('refund failed');
      this.seen.push(`refund:${m.payload.id}`);
      return of('done');
    }
  }

  it('dispatches each message to its member, with `this` bound and results normalised', async () => {
    const { deps, instance, unrouted } = planOf(Orders);
    const handle = groupHandler(deps()) as MessageHandler;
    expect(typeof handle).toBe('function');
    await settle(handle(received('OrderEvents', 'created', { id: '1' })));
    await settle(handle(received('OrderEvents', 'paid', { id: '2' })));
    await settle(handle(received('Refunds', 'full', { id: '3' })));
    await settle(handle(received('Refunds', 'partial', { id: '4' }, 9)));
    expect((instance as Orders).seen).toEqual(['created:1', 'other:paid:2', 'refund:3']);
    expect(unrouted).toEqual(['Refunds-partial-9']);
    // Without interceptors the method's own outcome comes back as is: here a synchronous throw, which the core
    // consumer counts as a failure like a rejection.
    await expect(Promise.resolve().then(() => settle(handle(received('Refunds', 'full', { id: 'bad' }))))).rejects.toThrow('refund failed');
  });

  it('gives each message an interceptor context of one hidden class', async () => {
    const { deps } = planOf(Orders);
    const contexts: object[] = [];
    const keep: HandlerInterceptor = (ctx) => (s) => {
      contexts.push(ctx);
      return s;
    };
    const handle = groupHandler(deps([keep])) as MessageHandler;
    for (let i = 0; i < 200; i++) await settle(handle(received('OrderEvents', 'created', { id: String(i) })));
    expect(keepsOneShape((i) => contexts[i]!)).toBe(true);
  });

  it('runs the module interceptors outside the handler', async () => {
    const { deps } = planOf(Orders);
    const trail: string[] = [];
    const spy: HandlerInterceptor = (ctx) => (s) => {
      trail.push(`${ctx.className}.${ctx.method}`);
      return s;
    };
    const handle = groupHandler(deps([spy])) as MessageHandler;
    await settle(handle(received('OrderEvents', 'created', { id: '1' })));
    expect(trail).toEqual(['Orders.created']);
  });

  @injectable()
  @ConsumerGroup({ group: 'clicks' })
  class Clicks {
    readonly batches: string[][] = [];
    readonly views: string[] = [];
    @OnStream('Clicks')
    clicks(messages$: Observable<ReceivedMessage<string>>): Observable<StreamAck> {
      return messages$.pipe(
        bufferCount(2),
        map((batch) => {
          this.batches.push(batch.map((m) => m.payload));
          return batch;
        }),
      );
    }
    @OnMessage('Views', 'v')
    view(m: ReceivedMessage<string>): void {
      if (m.payload === 'bad') throw new Error('bad view');
      this.views.push(m.payload);
    }
  }

  it('stream groups fan messages out: stream members get their own messages, message members are acked or nacked', async () => {
    const { deps, instance, failed, unrouted } = planOf(Clicks);
    const handler = groupHandler(deps()) as { stream: StreamHandler };
    expect('stream' in handler).toBe(true);
    const input = new Subject<ReceivedMessage>();
    const acks: StreamAck[] = [];
    const sub = handler.stream(input).subscribe((a) => acks.push(a));
    const c1 = received('Clicks', 'x', 'c1', 1);
    const c2 = received('Clicks', 'y', 'c2', 2);
    const v1 = received('Views', 'v', 'v1', 3);
    const v2 = received('Views', 'v', 'bad', 4);
    const lost = received('Views', 'other', 'l', 5);
    for (const m of [c1, v1, c2, v2, lost]) input.next(m);
    sub.unsubscribe();
    const c = instance as Clicks;
    expect(c.batches).toEqual([['c1', 'c2']]);
    expect(c.views).toEqual(['v1']);
    expect(failed).toEqual(['view:Views-v-4']);
    expect(unrouted).toEqual(['Views-other-5']);
    expect(acks).toEqual([{ messages: v1, success: true }, [c1, c2], { messages: v2, success: false }, { messages: lost, success: true }]);
  });

  it('a stream member that returns no Observable fails its pipeline', async () => {
    @injectable()
    @ConsumerGroup({ group: 's' })
    class Broken {
      @OnStream('A')
      a(): unknown {
        return 42;
      }
    }
    const { deps } = planOf(Broken);
    const handler = groupHandler(deps()) as { stream: StreamHandler };
    await expect(firstValueFrom(handler.stream(new Subject()))).rejects.toThrow('Broken.a must return an Observable');
  });

  @injectable()
  @ConsumerGroup({ group: 'batches' })
  class Batches {
    readonly log: string[] = [];
    @OnBatch('Metrics')
    metrics(ms: readonly ReceivedMessage<number>[]): number {
      this.log.push(`metrics:${ms.map((m) => m.payload).join(',')}`);
      return ms.length - 1;
    }
    @OnMessage('Events', 'e')
    event(m: ReceivedMessage<number>): void {
      if (m.payload < 0) throw new Error('negative');
      this.log.push(`event:${m.payload}`);
    }
  }

  it('batch groups: a batch member gets the whole batch; message members run in order and report leading successes', async () => {
    const { deps, instance } = planOf(Batches);
    const handler = groupHandler(deps()) as { batch: BatchHandler };
    expect(await settle(handler.batch([received('Metrics', 'a', 1), received('Metrics', 'a', 2)]))).toBe(1);
    expect(await settle(handler.batch([received('Events', 'e', 1), received('Events', 'e', 2)]))).toBe(2);
    expect(await settle(handler.batch([received('Events', 'e', 3), received('Events', 'e', -1), received('Events', 'e', 4)]))).toBe(1);
    await expect(settle(handler.batch([received('Events', 'e', -2)]))).rejects.toThrow('negative');
    expect((instance as Batches).log).toEqual(['metrics:1,2', 'event:1', 'event:2', 'event:3']);
  });
});

describe('group handler interceptor chains', () => {
  /** Interceptors whose every spread is counted: the chain of a member is built from them. */
  function countedInterceptors(): { interceptors: HandlerInterceptor[]; spreads: () => number } {
    let spreads = 0;
    const pass: HandlerInterceptor = () => (s) => s;
    const interceptors = new Proxy([pass], {
      get(target, key, receiver) {
        if (key === Symbol.iterator) spreads += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { interceptors, spreads: () => spreads };
  }

  @injectable()
  @ConsumerGroup({ group: 'chained-batches' })
  class ChainedBatches {
    @OnBatch('Metrics')
    metrics(ms: readonly ReceivedMessage<number>[]): number {
      return ms.length;
    }
    @OnMessage('Events', 'e')
    event(): void {}
  }

  @injectable()
  @ConsumerGroup({ group: 'chained-streams' })
  class ChainedStreams {
    @OnStream('Clicks')
    clicks(messages$: Observable<ReceivedMessage>): Observable<StreamAck> {
      return messages$.pipe(map((m) => [m]));
    }
    @OnMessage('Views', 'v')
    view(): void {}
  }

  it('batch groups build each member chain once, not per batch or per message', async () => {
    const { deps } = planOf(ChainedBatches);
    const { interceptors, spreads } = countedInterceptors();
    const handler = groupHandler(deps(interceptors)) as { batch: BatchHandler };
    for (let i = 0; i < 3; i += 1) {
      expect(await settle(handler.batch([received('Metrics', 'a', 1), received('Metrics', 'a', 2)]))).toBe(2);
      expect(await settle(handler.batch([received('Events', 'e', 1), received('Events', 'e', 2)]))).toBe(2);
    }
    expect(spreads()).toBe(2);
  });

  it('stream groups build each member chain once, not per message', () => {
    const { deps } = planOf(ChainedStreams);
    const { interceptors, spreads } = countedInterceptors();
    const handler = groupHandler(deps(interceptors)) as { stream: StreamHandler };
    const input = new Subject<ReceivedMessage>();
    const acks: StreamAck[] = [];
    const sub = handler.stream(input).subscribe((a) => acks.push(a));
    for (let i = 0; i < 3; i += 1) {
      input.next(received('Clicks', 'x', 'c', i));
      input.next(received('Views', 'v', 'v', 10 + i));
    }
    sub.unsubscribe();
    expect(acks).toHaveLength(6);
    expect(spreads()).toBe(2);
  });
});
