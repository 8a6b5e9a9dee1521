import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { buildLitePullRequest } from '../../../../core/consumer/pull/lite-pull-request.js';
import { type Batch, ReadyBatches } from '../../../../core/consumer/pull/ready-batches.js';
import { buildSubscription } from '../../../../core/consumer/subscription.js';

interface TestBatch extends Batch {
  readonly name: string;
}

function batch(name: string, size: number, stale = () => false): TestBatch {
  return { name, messages: Array.from({ length: size }, (_, i) => i), stale };
}

describe('ReadyBatches', () => {
  it('keeps batches in arrival order and counts the messages waiting', async () => {
    const ready = new ReadyBatches<TestBatch>();
    let room = 0;
    ready.roomMade$.subscribe(() => room++);
    ready.push(batch('a', 3));
    ready.push(batch('b', 2));
    expect(ready.count).toBe(5);
    expect((await firstValueFrom(ready.take$())).name).toBe('a');
    expect(ready.count).toBe(2);
    expect(room).toBe(1);
    expect((await firstValueFrom(ready.take$())).name).toBe('b');
    expect(ready.count).toBe(0);
  });

  it('hands a batch to the longest-waiting taker; streaming takers share in turn; each batch goes to one', () => {
    const ready = new ReadyBatches<TestBatch>();
    const got: string[] = [];
    ready.take$().subscribe((b) => got.push(`once:${b.name}`));
    ready.stream$().subscribe((b) => got.push(`s1:${b.name}`));
    ready.stream$().subscribe((b) => got.push(`s2:${b.name}`));
    for (const name of ['a', 'b', 'c', 'd', 'e']) ready.push(batch(name, 1));
    expect(got).toEqual(['once:a', 's1:b', 's2:c', 's1:d', 's2:e']);
    expect(ready.count).toBe(0);
  });

  it('skips and drops stale batches; a taker that left gets nothing', async () => {
    const ready = new ReadyBatches<TestBatch>();
    let staleNow = false;
    ready.push(batch('old', 4, () => staleNow));
    ready.push(batch('fresh', 1));
    staleNow = true;
    expect(ready.dropStale()).toBe(4);
    expect(ready.count).toBe(1);
    ready.push(batch('late-stale', 2, () => true));
    expect(ready.count).toBe(1);
    const taken = firstValueFrom(ready.stream$().pipe(take(1), toArray()));
    expect((await taken).map((b) => b.name)).toEqual(['fresh']);
    let left = false;
    ready.take$().subscribe(() => (left = true)).unsubscribe();
    ready.push(batch('next', 2));
    expect(left).toBe(false);
    expect(ready.count).toBe(2);
  });

  it('close ends every taker and refuses later batches', async () => {
    const ready = new ReadyBatches<TestBatch>();
    const waiting = firstValueFrom(ready.take$(), { defaultValue: undefined });
    let streamDone = false;
    ready.stream$().subscribe({ complete: () => (streamDone = true) });
    ready.close();
    expect(await waiting).toBeUndefined();
    expect(streamDone).toBe(true);
    ready.push(batch('after', 1));
    expect(ready.count).toBe(0);
    expect(await firstValueFrom(ready.take$(), { defaultValue: 'none' })).toBe('none');
  });
});

describe('buildLitePullRequest', () => {
  it('carries the subscription, no commit offset, and the subscription version only for SQL92', () => {
    const queue = { topic: 'T', brokerName: 'b', queueId: 1 };
    const tag = buildLitePullRequest({ group: 'G', queue, offset: 5, maxMsgNums: 7, subscription: buildSubscription('T', 'a || b', { subVersion: 99 }), suspendTimeoutMillis: 20_000 });
    expect(tag).toEqual({
      consumerGroup: 'G',
      queue,
      queueOffset: 5,
      maxMsgNums: 7,
      sysFlag: 0x16,
      commitOffset: 0,
      suspendTimeoutMillis: 20_000,
      subscription: 'a || b',
      subVersion: 0,
      expressionType: 'TAG',
    });
    const sql = buildLitePullRequest({ group: 'G', queue, offset: 0, maxMsgNums: 1, subscription: buildSubscription('T', 'a > 1', { type: 'SQL92', subVersion: 99 }), suspendTimeoutMillis: 1 });
    expect(sql).toMatchObject({ subscription: 'a > 1', subVersion: 99, expressionType: 'SQL92' });
  });
});
