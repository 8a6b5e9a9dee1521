import { type Observable, scan } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedBrokerError } from '../../../adapters/embedded/errors.js';
import { decodeResetOffsetBody } from '../../../adapters/remoting/protocol/body/reset-offset.js';
import { createRequest } from '../../../adapters/remoting/protocol/command.js';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { encodeResetOffsetRequest } from '../../../adapters/remoting/protocol/headers/reset-offset.js';
import { connect } from '../../../adapters/remoting/transport/connect.js';
import type { Connection } from '../../../adapters/remoting/transport/connection.js';
import { Message } from '../../../core/message/message.js';
import type { ConsumerEvent } from '../../../core/consumer/push/events.js';
import { Loopback, type Recorded, sendToEachQueue, waitFor, waitForCount } from './support.js';

/** Commits every 100 ms, so that the broker holds the group's offsets soon after consumption. */
const FAST_COMMITS = { persistOffsetIntervalMs: 100 };

/** The latest offset the consumer committed per queue id of `topic`, from its `offsets-committed` events. */
function committed$(events$: Observable<ConsumerEvent>, topic: string): Observable<Map<number, number>> {
  return events$.pipe(
    scan((acc, e) => {
      if (e.type !== 'offsets-committed') return acc;
      const next = new Map(acc);
      for (const o of e.offsets) if (o.queue.topic === topic) next.set(o.queue.queueId, o.offset);
      return next;
    }, new Map<number, number>()),
  );
}

/** Waits until the consumer has committed `offset` for each of the topic's `queues` queues. */
function committedAll(r: Recorded, topic: string, queues: number, offset: (queueId: number) => number): Promise<unknown> {
  return waitFor(committed$(r.events$, topic), (m) => Array.from({ length: queues }, (_, q) => m.get(q) === offset(q)).every(Boolean));
}

/** How many times each message id was delivered. */
function deliveries(r: Recorded): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of r.received) counts.set(m.msgId, (counts.get(m.msgId) ?? 0) + 1);
  return counts;
}

describe('reset offset from the broker (INVOKE_BROKER_TO_RESET_OFFSET → RESET_CONSUMER_CLIENT_OFFSET)', () => {
  let env: Loopback;
  let admin: Connection | undefined;

  afterEach(async () => {
    await admin?.close();
    admin = undefined;
    await env?.close();
  });

  it('to the beginning: the running consumer consumes everything once more, then continues with new messages', async () => {
    env = await Loopback.start();
    await env.createTopic('PReset', 2);
    const producer = await env.producer();
    const before = Date.now();
    const first = await sendToEachQueue(producer, 'PReset', 2, 'a');
    const second = await sendToEachQueue(producer, 'PReset', 2, 'b');
    const sent = [...first, ...second];
    const c = env.consumer('GReset', 'PReset', () => undefined, FAST_COMMITS);
    await c.consumer.start();
    await waitForCount(c.received$, 4);
    await committedAll(c, 'PReset', 2, () => 2);

    const offsets = await env.broker.resetOffset({ group: 'GReset', topic: 'PReset', timestamp: before });
    expect(offsets.map((o) => [o.queue.queueId, o.offset]).sort()).toEqual([[0, 0], [1, 0]]);
    await waitFor(c.events$, (e) => e.type === 'offset-reset' && e.offsets.length === 2);
    await waitForCount(c.received$, 8);
    const ends = await sendToEachQueue(producer, 'PReset', 2, 'end');
    await waitForCount(c.received$, 2, (m) => ends.includes(m.msgId));
    await committedAll(c, 'PReset', 2, () => 3);

    const counts = deliveries(c);
    expect(sent.map((id) => counts.get(id))).toEqual([2, 2, 2, 2]);
    expect(ends.map((id) => counts.get(id))).toEqual([1, 1]);
    expect(c.received).toHaveLength(10);
  });

  it('to a time, by an admin over the wire: only what was stored since is consumed again; 206 once no consumer is online', async () => {
    env = await Loopback.start();
    await env.createTopic('PResetT', 2);
    const producer = await env.producer();
    const c = env.consumer('GResetT', 'PResetT', () => undefined, FAST_COMMITS);
    await c.consumer.start();
    const old = await sendToEachQueue(producer, 'PResetT', 2, 'old');
    await waitForCount(c.received$, 2);
    await committedAll(c, 'PResetT', 2, () => 1);
    // Messages stored after the commits above (≥ one persist interval later) have a store time ≥ `cut`.
    const cut = Math.max(...c.received.map((m) => m.storeTimestamp)) + 1;
    const recent = [...(await sendToEachQueue(producer, 'PResetT', 2, 'new')), ...(await sendToEachQueue(producer, 'PResetT', 2, 'newer'))];
    await waitForCount(c.received$, 6);
    await committedAll(c, 'PResetT', 2, () => 3);
    expect(c.received.filter((m) => recent.includes(m.msgId)).every((m) => m.storeTimestamp >= cut)).toBe(true);

    admin = await connect(env.broker.address, { idleTimeoutMs: 0 });
    const invoke = (isForce: boolean) =>
      admin!.request(
        createRequest({
          code: RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
          extFields: encodeResetOffsetRequest({ topic: 'PResetT', group: 'GResetT', timestamp: cut, isForce }),
        }),
        { timeoutMs: 5_000 },
      );
    const answer = await invoke(true);
    expect([answer.code, answer.remark]).toEqual([ResponseCode.SUCCESS, 'not set any response code']);
    expect(decodeResetOffsetBody(answer.body!).map((o) => [o.queue.queueId, o.offset]).sort()).toEqual([[0, 1], [1, 1]]);
    await waitForCount(c.received$, 10);
    await committedAll(c, 'PResetT', 2, () => 3);
    const counts = deliveries(c);
    expect(old.map((id) => counts.get(id))).toEqual([1, 1]);
    expect(recent.map((id) => counts.get(id))).toEqual([2, 2, 2, 2]);

    await c.consumer.shutdown();
    const offline = await invoke(true);
    expect(offline.code).toBe(ResponseCode.CONSUMER_NOT_ONLINE);
    expect(offline.remark).toBe(`Consumer not online, so can not reset offset, Group: GResetT Topic: PResetT Timestamp: ${cut}`);
    const refused = await env.broker.resetOffset({ group: 'GResetT', topic: 'PResetT', timestamp: 0 }).catch((e: EmbeddedBrokerError) => e);
    expect(refused).toMatchObject({ kind: 'reset-offset-failed', context: { code: ResponseCode.CONSUMER_NOT_ONLINE } });
  });

  it('isForce=false leaves offsets that are already behind the target where they are', async () => {
    env = await Loopback.start();
    await env.createTopic('PResetS', 1);
    const producer = await env.producer();
    const c = env.consumer('GResetS', 'PResetS', () => undefined, FAST_COMMITS);
    await c.consumer.start();
    for (let i = 0; i < 3; i++) await producer.send(new Message('PResetS', `m${i}`));
    await waitForCount(c.received$, 3);
    await committedAll(c, 'PResetS', 1, () => 3);
    const offsets = await env.broker.resetOffset({ group: 'GResetS', topic: 'PResetS', timestamp: -1, isForce: false });
    expect(offsets.map((o) => o.offset)).toEqual([3]);
    const back = await env.broker.resetOffset({ group: 'GResetS', topic: 'PResetS', timestamp: 0, isForce: false });
    expect(back.map((o) => o.offset)).toEqual([0]);
    await waitForCount(c.received$, 6);
    expect([...deliveries(c).values()]).toEqual([2, 2, 2]);
  });
});
