import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../adapters/embedded/index.js';
import { Message } from '../../core/message/message.js';
import type { ReceivedMessage } from '../../core/message/received-message.js';
import type { SendResult } from '../../core/producer/send-result.js';
import { consumeProgress, createTopic } from './support/broker-view.js';
import { openTcpHandles } from './support/handles.js';
import { Inbox } from './support/inbox.js';
import { deadAddress, startNameServer, type StandaloneNameServer } from './support/name-servers.js';
import { RxPeer } from './support/rx-peer.js';

/** The remoting client starts with the first name server of the list (its random pick, pinned). */
const FIRST_LISTED = { random: () => 0 };

describe('name-server fail-over end to end', () => {
  let mq: EmbeddedBroker;
  let rx: RxPeer | undefined;
  const nameServers: StandaloneNameServer[] = [];

  beforeEach(async () => {
    mq = await startEmbeddedBroker({ port: 0 });
  });

  afterEach(async () => {
    await rx?.close();
    rx = undefined;
    for (const ns of nameServers.splice(0)) await ns.close();
    await mq.close();
    expect(await openTcpHandles()).toEqual([]);
  });

  /** Name servers that know the broker and `topics` (created first: they learn the broker as it is then). */
  async function nameServersFor(count: number, topics: string[]): Promise<StandaloneNameServer[]> {
    for (const topic of topics) await createTopic(mq.brokers, topic, topic.startsWith('%RETRY%') ? 1 : 4);
    const started = await Promise.all(Array.from({ length: count }, () => startNameServer()));
    nameServers.push(...started);
    for (const ns of started) ns.learn(mq);
    return started;
  }

  it('a producer and a consumer given [dead, live] discover routes through the live one', async () => {
    const [live] = await nameServersFor(1, ['FailoverFirst', '%RETRY%CG_FAILOVER']);
    const dead = await deadAddress();
    rx = new RxPeer(`${dead};${live!.address}`, FIRST_LISTED);
    const producer = rx.producer('PG_FAILOVER');
    await producer.start();
    const results: SendResult[] = [];
    for (let i = 0; i < 8; i++) results.push(await producer.send(new Message('FailoverFirst', `m${i}`)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('SEND_OK'));
    expect(rx.connects[0]).toEqual({ type: 'connect-failed', address: dead });
    expect(rx.connects).toContainEqual({ type: 'connected', address: live!.address });
    expect(live!.routeRequests).toBeGreaterThan(0);

    const inbox = new Inbox<ReceivedMessage>();
    const { consumer } = rx.consumer('CG_FAILOVER', (m) => inbox.push(m));
    consumer.subscribe('FailoverFirst', '*');
    await consumer.start();
    const got = await inbox.waitForCount(results.length, 10_000, 'consumer behind [dead, live]');
    expect(new Set(got.map((m) => m.msgId))).toEqual(new Set(results.map((r) => r.msgId)));
    expect(rx.connects.filter((c) => c.type === 'connected').map((c) => c.address)).not.toContain(dead);
  });

  it('keeps sending when the name server in use stops mid-run, and finds new topics through the other', async () => {
    const [first, second] = await nameServersFor(2, ['FailoverSteady', 'FailoverLate1', 'FailoverLate2']);
    rx = new RxPeer(`${first!.address};${second!.address}`, FIRST_LISTED);
    const producer = rx.producer('PG_FAILOVER_MID', { routeRefreshIntervalMs: 100 });
    await producer.start();

    const steady = new Inbox<SendResult>();
    let running = true;
    const loop = (async () => {
      while (running) steady.push(await producer.send(new Message('FailoverSteady', `s${steady.size}`)));
    })();
    // The race surfaces a failed send at once instead of as a timeout.
    await Promise.race([steady.waitForCount(10, 10_000, 'sends before the stop'), loop]);
    expect(first!.routeRequests).toBeGreaterThan(0);
    expect(second!.routeRequests).toBe(0);

    await first!.close();
    const stoppedAt = steady.size;
    const late = [await producer.send(new Message('FailoverLate1', 'late 1')), await producer.send(new Message('FailoverLate2', 'late 2'))];
    await Promise.race([steady.waitForCount(stoppedAt + 20, 10_000, 'sends after the stop'), loop]);
    running = false;
    await loop;

    expect(late.map((r) => [r.status, r.queue.topic])).toEqual([['SEND_OK', 'FailoverLate1'], ['SEND_OK', 'FailoverLate2']]);
    expect(steady.all.every((r) => r.status === 'SEND_OK')).toBe(true);
    expect(second!.routeRequests).toBeGreaterThanOrEqual(2);
    expect(rx.connects).toContainEqual({ type: 'connected', address: second!.address });
    const stored = await consumeProgress(mq, 'NO_GROUP', 'FailoverSteady');
    expect(stored.reduce((n, q) => n + q.max, 0)).toBe(steady.size);
  });
});
