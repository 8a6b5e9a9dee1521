import { afterEach, describe, expect, it } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { MemoryStore } from '../../../adapters/embedded/store/memory-store.js';
import type { PullResult } from '../../../adapters/embedded/engine/pull-types.js';
import { consumerHeartbeat, FakeChannel, pulled, pullRequest, sendRequest, startBroker, type TestBroker } from './helpers.js';

const FAQ = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';
const client = new FakeChannel('c1', '127.0.0.1:50002');
let t: TestBroker;

afterEach(async () => {
  await t?.broker.close();
});

async function sendTags(...tags: string[]): Promise<void> {
  for (const tag of tags) {
    const out = await t.broker.send(sendRequest({ props: { TAGS: tag, KEYS: tag } }), client);
    expect(out.code).toBe(0);
  }
}

async function pull(overrides: Parameters<typeof pullRequest>[0] = {}): Promise<PullResult> {
  return (await t.broker.pull(pullRequest(overrides), client)) as PullResult;
}

describe('pull: the §4.2 table, row by row (master, no SUSPEND)', () => {
  it('topic unknown → TOPIC_NOT_EXIST', async () => {
    t = await startBroker();
    expect(await t.broker.pull(pullRequest({ topic: 'Nope' }), client)).toEqual({
      code: ResponseCode.TOPIC_NOT_EXIST,
      remark: `topic[Nope] not exist, apply first please! ${FAQ}`,
    });
  });

  it('queueId ≥ readQueueNums (or negative) → SYSTEM_ERROR', async () => {
    t = await startBroker();
    await t.broker.createTopic('TopicTest', 4);
    expect(await t.broker.pull(pullRequest({ queueId: 4 }), client)).toEqual({
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'queueId[4] is illegal, topic:[TopicTest] topicConfig.readQueueNums:[4] consumer:[127.0.0.1:50002]',
    });
    expect((await t.broker.pull(pullRequest({ queueId: -1 }), client))?.code).toBe(ResponseCode.SYSTEM_ERROR);
  });

  it('queue never held a message, offset 0 → PULL_NOT_FOUND, next 0', async () => {
    t = await startBroker();
    await t.broker.createTopic('TopicTest', 4);
    expect(await pull()).toEqual({
      code: ResponseCode.PULL_NOT_FOUND, remark: 'NO_MESSAGE_IN_QUEUE', suggestWhichBrokerId: 0,
      nextBeginOffset: 0, minOffset: 0, maxOffset: 0, messageCount: 0,
    });
  });

  it('queue never held a message, offset ≠ 0 → PULL_OFFSET_MOVED, next 0', async () => {
    t = await startBroker();
    await t.broker.createTopic('TopicTest', 4);
    expect(await pull({ queueOffset: 5 })).toMatchObject({ code: ResponseCode.PULL_OFFSET_MOVED, nextBeginOffset: 0, remark: 'NO_MESSAGE_IN_QUEUE' });
  });

  it('offset < minOffset → PULL_OFFSET_MOVED, next minOffset', async () => {
    t = await startBroker({}, { store: new MemoryStore({ maxBytes: 400 }) });
    await sendTags('A', 'B', 'C', 'D', 'E');
    const r = await pull({ queueOffset: 0 });
    expect(r.minOffset).toBeGreaterThan(0);
    expect(r).toMatchObject({ code: ResponseCode.PULL_OFFSET_MOVED, remark: 'OFFSET_TOO_SMALL', nextBeginOffset: r.minOffset, maxOffset: 5 });
  });

  it('offset = maxOffset → PULL_NOT_FOUND, next = offset (caught up)', async () => {
    t = await startBroker();
    await sendTags('A', 'B');
    expect(await pull({ queueOffset: 2 })).toMatchObject({ code: ResponseCode.PULL_NOT_FOUND, remark: 'OFFSET_OVERFLOW_ONE', nextBeginOffset: 2, maxOffset: 2 });
  });

  it('offset > maxOffset → PULL_OFFSET_MOVED, next maxOffset', async () => {
    t = await startBroker();
    await sendTags('A', 'B');
    expect(await pull({ queueOffset: 9 })).toMatchObject({ code: ResponseCode.PULL_OFFSET_MOVED, remark: 'OFFSET_OVERFLOW_BADLY', nextBeginOffset: 2 });
  });

  it('entries scanned, some matched → SUCCESS, next = scan end (not last returned + 1)', async () => {
    t = await startBroker();
    await sendTags('TagA', 'TagB', 'TagA');
    const r = await pull({ subscription: 'TagB' });
    expect(r).toMatchObject({ code: ResponseCode.SUCCESS, remark: 'FOUND', nextBeginOffset: 3, minOffset: 0, maxOffset: 3, messageCount: 1 });
    expect(pulled(r).map((m) => m.queueOffset)).toEqual([1]);
  });

  it('entries scanned, none matched → PULL_RETRY_IMMEDIATELY, next = scan end', async () => {
    t = await startBroker();
    await sendTags('TagA', 'TagA');
    expect(await pull({ subscription: 'TagC' })).toMatchObject({ code: ResponseCode.PULL_RETRY_IMMEDIATELY, remark: 'NO_MATCHED_MESSAGE', nextBeginOffset: 2 });
  });
});

describe('pull: tag filtering', () => {
  it('`*` matches everything, `a || b` matches either tag, untagged messages only `*`', async () => {
    t = await startBroker();
    await sendTags('TagA', 'TagB', 'TagC');
    await t.broker.send(sendRequest({ props: { KEYS: 'none' } }), client);
    expect(pulled(await pull()).map((m) => m.tags)).toEqual(['TagA', 'TagB', 'TagC', undefined]);
    expect(pulled(await pull({ subscription: 'TagA || TagC' })).map((m) => m.tags)).toEqual(['TagA', 'TagC']);
    expect(pulled(await pull({ subscription: ' TagB ||' })).map((m) => m.tags)).toEqual(['TagB']);
  });

  it('filters by hash only: colliding tags both pass, the exact re-check is the client’s (§8.6)', async () => {
    t = await startBroker();
    await sendTags('Aa', 'BB', 'Cc'); // "Aa" and "BB" share the Java hash 2112
    const { matchesTagExactly, buildSubscription } = await import('../../../adapters/embedded/engine/subscription.js');
    const got = pulled(await pull({ subscription: 'Aa' }));
    expect(got.map((m) => m.tags)).toEqual(['Aa', 'BB']);
    const sub = buildSubscription('TopicTest', 'Aa', 'TAG');
    expect(got.filter((m) => matchesTagExactly(sub, m.tags)).map((m) => m.tags)).toEqual(['Aa']);
  });

  it('scans past the first batch of entries for matches, and at most 800 entries a pull (Java: 16,000 bytes)', async () => {
    t = await startBroker();
    await sendTags(...Array.from({ length: 40 }, () => 'TagA'), 'TagB', ...Array.from({ length: 810 }, () => 'TagA'), 'TagB');
    // The first match sits after more entries than one batch (32) holds; the scan then runs to its end (800 entries).
    const first = await pull({ subscription: 'TagB' });
    expect(first).toMatchObject({ code: ResponseCode.SUCCESS, nextBeginOffset: 800, messageCount: 1 });
    expect(pulled(first).map((m) => m.queueOffset)).toEqual([40]);
    // 800 entries without a match: nothing found, the next pull starts after them.
    expect(await pull({ subscription: 'TagB', queueOffset: 41 })).toMatchObject({ code: ResponseCode.PULL_RETRY_IMMEDIATELY, nextBeginOffset: 841 });
    const last = await pull({ subscription: 'TagB', queueOffset: 841 });
    expect(last).toMatchObject({ code: ResponseCode.SUCCESS, nextBeginOffset: 852, messageCount: 1 });
    expect(pulled(last).map((m) => m.queueOffset)).toEqual([851]);
  });

  it('refuses an unparseable or unsupported expression', async () => {
    t = await startBroker();
    await sendTags('TagA');
    expect(await t.broker.pull(pullRequest({ expressionType: 'SQL92', subscription: '' }), client)).toEqual({
      code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: "parse the consumer's subscription failed",
    });
    expect(await t.broker.pull(pullRequest({ expressionType: 'SQL92', subscription: 'a > 1' }), client)).toEqual({
      code: ResponseCode.SYSTEM_ERROR, remark: 'The broker does not support consumer to filter message by SQL92',
    });
  });
});

describe('pull: batch bounds', () => {
  it('returns at most maxMsgNums and moves next to the last taken', async () => {
    t = await startBroker();
    await sendTags('A', 'B', 'C', 'D', 'E');
    expect(await pull({ maxMsgNums: 2 })).toMatchObject({ messageCount: 2, nextBeginOffset: 2 });
  });

  it('stops at the per-answer byte and count bounds (the first message always goes)', async () => {
    t = await startBroker({ maxTransferBytesPerPull: 300, maxTransferCountPerPull: 32 });
    await sendTags('A', 'B', 'C', 'D');
    const r = await pull();
    expect(r.messageCount).toBeGreaterThanOrEqual(1);
    expect(r.messageCount).toBeLessThan(4);
    expect(r.body!.length).toBeLessThanOrEqual(300);
    expect(r.nextBeginOffset).toBe(r.messageCount);
    await t.broker.close();
    t = await startBroker({ maxTransferCountPerPull: 3 });
    await sendTags('A', 'B', 'C', 'D');
    expect(await pull()).toMatchObject({ messageCount: 3, nextBeginOffset: 3 });
  });
});

describe('pull: where the subscription comes from', () => {
  const REGISTERED = { sysFlag: 0, subscription: undefined, subVersion: 5 };

  it('SUBSCRIPTION_NOT_EXIST without a heartbeat, then for a topic the group does not subscribe', async () => {
    t = await startBroker();
    await sendTags('TagA');
    expect(await t.broker.pull(pullRequest(REGISTERED), client)).toEqual({
      code: ResponseCode.SUBSCRIPTION_NOT_EXIST, remark: `the consumer's group info not exist${FAQ}`,
    });
    await t.broker.heartbeat(consumerHeartbeat('cid-1', 'CG', 'Other', '*', 5), client);
    expect(await t.broker.pull(pullRequest(REGISTERED), client)).toEqual({
      code: ResponseCode.SUBSCRIPTION_NOT_EXIST, remark: `the consumer's subscription not exist${FAQ}`,
    });
  });

  it('SUBSCRIPTION_NOT_LATEST when the pull’s subVersion is newer; the registered filter applies', async () => {
    t = await startBroker();
    await sendTags('TagA', 'TagB');
    await t.broker.heartbeat(consumerHeartbeat('cid-1', 'CG', 'TopicTest', 'TagB', 5), client);
    expect(await t.broker.pull(pullRequest({ ...REGISTERED, subVersion: 6 }), client)).toEqual({
      code: ResponseCode.SUBSCRIPTION_NOT_LATEST, remark: "the consumer's subscription not latest",
    });
    expect(pulled(await t.broker.pull(pullRequest(REGISTERED), client)).map((m) => m.tags)).toEqual(['TagB']);
  });

  it('SUBSCRIPTION_GROUP_NOT_EXIST for an unknown group when auto-creation is off', async () => {
    t = await startBroker({ autoCreateSubscriptionGroup: false });
    await sendTags('TagA');
    expect(await t.broker.pull(pullRequest({ consumerGroup: 'Ghost' }), client)).toEqual({
      code: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
      remark: `subscription group [Ghost] does not exist, ${FAQ}`,
    });
    await t.broker.updateSubscriptionGroup({ groupName: 'Ghost' });
    expect((await t.broker.pull(pullRequest({ consumerGroup: 'Ghost' }), client))?.code).toBe(0);
  });
});

describe('pull: commit offset piggy-back', () => {
  it('stores commitOffset when COMMIT_OFFSET is set, not otherwise', async () => {
    t = await startBroker();
    await sendTags('A', 'B', 'C');
    await pull({ sysFlag: 4, commitOffset: 2 });
    expect(t.store.committedOffset('CG', 'TopicTest', 0)).toBeUndefined();
    await pull({ sysFlag: 5, commitOffset: 2 });
    expect(t.store.committedOffset('CG', 'TopicTest', 0)).toBe(2);
  });

  it('answers SYSTEM_ERROR for a malformed header and keeps working', async () => {
    t = await startBroker();
    await sendTags('A');
    expect(await t.broker.pull(pullRequest({ queueOffset: Number.NaN }), client)).toEqual({
      code: ResponseCode.SYSTEM_ERROR, remark: 'the custom field <queueOffset> is not an integer: NaN',
    });
    expect((await pull()).code).toBe(0);
  });
});
