import { firstValueFrom, filter, from, mergeMap, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedBroker } from '../../../adapters/embedded/index.js';
import { Message } from '../../../core/message/message.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type { ProducerEvent } from '../../../core/producer/events.js';
import { type SendResult, TransactionStates } from '../../../core/producer/send-result.js';
import { loopback, startEmbeddedBroker } from './loopback.js';

const text = (body: Buffer) => body.toString('utf8');

describe('producer against the embedded broker over loopback', () => {
  let mq: EmbeddedBroker;
  let env: ReturnType<typeof loopback>;

  beforeEach(async () => {
    mq = await startEmbeddedBroker({
      port: 0,
      brokers: 2,
      engine: { messageDelayLevel: '1s 2s', transactionTimeoutMs: 100, transactionCheckIntervalMs: 100 },
    });
    env = loopback(mq);
  });

  afterEach(async () => {
    await env.close();
    await mq.close();
  });

  it('sends in every form and the broker stores what was sent', async () => {
    const producer = env.producer();
    await producer.start();
    const one = await producer.send(new Message('IntAll', 'plain', { tags: 'TagA', keys: ['k1', 'k2'], properties: { p: 'v' } }));
    const two = await firstValueFrom(producer.send$(new Message('IntAll', { n: 2 })));
    await producer.sendOneway(new Message('IntAll', 'oneway'));
    const batch = await producer.sendBatch([new Message('IntAll', 'b1'), new Message('IntAll', 'b2'), new Message('IntAll', 'b3')]);
    const big = await producer.send(new Message('IntAll', 'z'.repeat(10_000)));
    expect([one.status, two.status, batch.status, big.status]).toEqual(['SEND_OK', 'SEND_OK', 'SEND_OK', 'SEND_OK']);
    expect(batch.msgId.split(',')).toHaveLength(3);
    await producer.shutdown();

    const stored = await env.pullTopic('IntAll');
    const byId = new Map(stored.map((m) => [m.properties.UNIQ_KEY, m]));
    expect(stored).toHaveLength(7);
    const first = byId.get(one.msgId)!;
    expect(text(first.body)).toBe('plain');
    expect(first.properties).toMatchObject({ TAGS: 'TagA', KEYS: 'k1 k2', p: 'v', rmqrx_codec: 'text' });
    expect(first.offsetMsgId).toBe(one.offsetMsgId);
    expect(first.queueOffset).toBe(one.queueOffset);
    expect(byId.get(two.msgId)!.properties.rmqrx_codec).toBe('msgpack');
    expect(stored.some((m) => text(m.body) === 'oneway')).toBe(true);
    expect(batch.msgId.split(',').map((id) => text(byId.get(id)!.body))).toEqual(['b1', 'b2', 'b3']);
    const bigStored = byId.get(big.msgId)!;
    expect(bigStored.sysFlag & 0x1).toBe(1);
    expect(text(bigStored.body)).toBe('z'.repeat(10_000));
  });

  it('spreads plain sends over both brokers', async () => {
    const producer = env.producer();
    await producer.start();
    const results: SendResult[] = [];
    for (let i = 0; i < 16; i++) results.push(await producer.send(new Message('IntSpread', `m${i}`)));
    expect(new Set(results.map((r) => r.queue.brokerName))).toEqual(new Set(['broker-a', 'broker-b']));
    await producer.shutdown();
  });

  it('orderly sends land in one queue per key, in order', async () => {
    const producer = env.producer();
    await producer.start();
    const keys = ['order-1', 'order-2', 'order-3', 'order-4'];
    await producer.send(new Message('IntOrder', 'create-topic'));
    await firstValueFrom(
      from(keys.flatMap((key) => Array.from({ length: 10 }, (_, i) => ({ key, i })))).pipe(
        mergeMap(({ key, i }) => producer.sendOrderly$(new Message('IntOrder', `${key}:${i}`), key), 1),
        toArray(),
      ),
    );
    await producer.shutdown();
    const stored = await env.pullTopic('IntOrder');
    for (const key of keys) {
      const mine = stored.filter((m) => text(m.body).startsWith(`${key}:`));
      expect(new Set(mine.map((m) => `${m.storeHost}#${m.queueId}`)).size).toBe(1);
      expect(mine.map((m) => text(m.body))).toEqual(Array.from({ length: 10 }, (_, i) => `${key}:${i}`));
    }
  });

  it('delays a message by its delay level', async () => {
    const producer = env.producer();
    await producer.start();
    const first = (qs: readonly MessageQueue[]) => qs[0];
    const warm = await producer.sendOrderly(new Message('IntDelay', 'warm-up'), first);
    const sentAt = Date.now();
    const result = await producer.sendOrderly(new Message('IntDelay', 'later', { delayLevel: 1 }), first);
    await producer.shutdown();
    expect(result.queue).toEqual(warm.queue);
    const arrived = await env.pullAll(warm.queue, 1, 10_000);
    expect(arrived.map((m) => text(m.body))).toEqual(['later']);
    expect(arrived[0]!.properties.DELAY).toBe('1');
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(900);
  });

  it('commits and rolls back transactions, and answers the broker’s check-back', async () => {
    const events: ProducerEvent[] = [];
    const producer = env.producer({}, { checkListener: (m) => (m.payload === 'unknown-then-commit' ? 'COMMIT' : 'ROLLBACK') });
    producer.events$.subscribe((e) => events.push(e));
    await producer.start();
    await producer.send(new Message('IntTx', 'create-topic'));
    const committed = await producer.sendInTransaction(new Message('IntTx', 'commit-now'), () => 'COMMIT');
    const rolledBack = await producer.sendInTransaction(new Message('IntTx', 'rollback-now'), async () => TransactionStates.ROLLBACK);
    const checked = await producer.sendInTransaction(new Message('IntTx', 'unknown-then-commit'), () => 'UNKNOWN');
    expect([committed.localTransactionState, rolledBack.localTransactionState, checked.localTransactionState]).toEqual(['COMMIT', 'ROLLBACK', 'UNKNOWN']);
    const check = await firstValueFrom(
      producer.events$.pipe(filter((e): e is Extract<ProducerEvent, { type: 'transaction-check' }> => e.type === 'transaction-check' && e.msgId === checked.msgId)),
    );
    expect(check.state).toBe('COMMIT');
    const arrived = await env.waitForMessage(checked.queue, (m) => m.properties.UNIQ_KEY === checked.msgId);
    await env.waitForMessage(committed.queue, (m) => m.properties.UNIQ_KEY === committed.msgId);
    expect(text(arrived.body)).toBe('unknown-then-commit');
    await producer.shutdown();
    const bodies = (await env.pullTopic('IntTx')).map((m) => text(m.body)).sort();
    expect(bodies).toEqual(['commit-now', 'create-topic', 'unknown-then-commit']);
    expect(events.filter((e) => e.type === 'end-transaction-failed')).toEqual([]);
  });

  it('fails over when one of two brokers closes mid-run, and every reported success is stored', async () => {
    const producer = env.producer({ sendTimeoutMs: 1000 });
    const retried: ProducerEvent[] = [];
    producer.events$.pipe(filter((e) => e.type === 'send-attempt-failed')).subscribe((e) => retried.push(e));
    await producer.start();
    const ok: SendResult[] = [];
    const failed: unknown[] = [];
    const send = (i: number) => producer.send(new Message('IntFail', `m${i}`)).then((r) => ok.push(r), (e: unknown) => failed.push(e));
    for (let i = 0; i < 20; i++) await send(i);
    const closedName = 'broker-b';
    const storedOnB = env.pullTopic('IntFail');
    const beforeClose = (await storedOnB).filter((m) => m.storeHost === mq.brokers[1]!.address).map((m) => m.properties.UNIQ_KEY);
    await mq.brokers[1]!.close();
    for (let i = 20; i < 60; i++) await send(i);
    await producer.shutdown();

    expect(failed).toEqual([]);
    expect(ok).toHaveLength(60);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried).toEqual(retried.map(() => expect.objectContaining({ queue: expect.objectContaining({ brokerName: closedName }), retrying: true })));
    expect(ok.slice(20).every((r) => r.queue.brokerName !== closedName)).toBe(true);
    const onA = new Set((await env.pullTopic('IntFail')).map((m) => m.properties.UNIQ_KEY));
    const onB = new Set(beforeClose);
    for (const r of ok) expect(r.queue.brokerName === closedName ? onB.has(r.msgId) : onA.has(r.msgId)).toBe(true);
  });

  it('a shut-down producer leaves no sockets, timers or subscriptions behind', async () => {
    const producer = env.producer({ group: 'PG_GONE' });
    await producer.start();
    await producer.send(new Message('IntGone', 'x'));
    const port = env.clients.at(-1)!;
    expect(port.pool.connections.size).toBeGreaterThan(0);
    await producer.shutdown();
    expect(port.pool.connections.size).toBe(0);
    expect(producer.liveResources).toBe(0);
    expect(env.registry.size).toBe(0);
  });
});
