import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../../adapters/embedded/index.js';
import { createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { ClientRegistry } from '../../../core/client/client-registry.js';
import type { PullConsumerOptions } from '../../../core/consumer/pull/options.js';
import { PullConsumer } from '../../../core/consumer/pull/pull-consumer.js';
import { Message } from '../../../core/message/message.js';
import type { ReceivedMessage } from '../../../core/message/received-message.js';
import { Producer } from '../../../core/producer/producer.js';

const N = 60;

describe('pull consumer against the embedded broker over loopback', () => {
  let mq: EmbeddedBroker;
  let opened: RemotingClient[];
  let registry: ClientRegistry;
  const open = () => {
    const client = createRemotingClient({ nameServers: [mq.address], clientIp: '127.0.0.1' });
    opened.push(client);
    return client;
  };
  const consumer = (options: Partial<PullConsumerOptions> = {}) =>
    new PullConsumer({ group: 'PULL_INT', nameServer: mq.address, clientIp: '127.0.0.1', pollTimeoutMs: 1_000, ...options }, { portFactory: open, registry });

  /** Sends `n` messages `m0…` to `topic` (spread over both brokers' queues). */
  async function produce(topic: string, n: number, from = 0): Promise<void> {
    const producer = new Producer({ group: 'PULL_INT_P', nameServer: mq.address, clientIp: '127.0.0.1' }, { portFactory: open, registry });
    await producer.start();
    for (let i = from; i < from + n; i++) await producer.send(new Message(topic, `m${i}`, { tags: i % 2 === 0 ? 'even' : 'odd' }));
    await producer.shutdown();
  }

  /** Polls until `n` messages came (each poll waits up to 1 s); fails after `maxPolls` polls. */
  async function pollN(c: PullConsumer, n: number, maxPolls = 200): Promise<ReceivedMessage[]> {
    const got: ReceivedMessage[] = [];
    for (let i = 0; i < maxPolls && got.length < n; i++) got.push(...(await c.poll()));
    return got;
  }

  const bodies = (messages: readonly ReceivedMessage[]) => messages.map((m) => m.payload as string);

  beforeEach(async () => {
    mq = await startEmbeddedBroker({ port: 0, brokers: 2 });
    opened = [];
    registry = new ClientRegistry();
  });

  afterEach(async () => {
    await Promise.all(opened.map((c) => c.close()));
    await mq.close();
  });

  it('produce N, poll all, commit, restart: nothing is delivered again; new messages are', async () => {
    await produce('IntPull', N);
    const first = consumer({ consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', autoCommit: false });
    first.subscribe('IntPull');
    await first.start();
    const got = await pollN(first, N);
    expect(bodies(got).sort()).toEqual(Array.from({ length: N }, (_, i) => `m${i}`).sort());
    for (const queue of first.assignment()) {
      const offsets = got.filter((m) => m.queue.brokerName === queue.brokerName && m.queue.queueId === queue.queueId).map((m) => m.queueOffset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
    await first.commit();
    const committed = await Promise.all(first.assignment().map((q) => first.committed(q)));
    expect(committed.reduce((a, b) => a! + b!, 0)).toBe(N);
    await first.shutdown();

    const second = consumer({ consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    second.subscribe('IntPull');
    await second.start();
    expect(await second.poll(1_500)).toEqual([]);
    await produce('IntPull', 4, N);
    const fresh = await pollN(second, 4);
    expect(bodies(fresh).sort()).toEqual(['m60', 'm61', 'm62', 'm63']);
    await second.shutdown(); // auto-commit writes what was polled

    const third = consumer();
    third.subscribe('IntPull');
    await third.start();
    expect(await third.poll(1_500)).toEqual([]);
    await third.shutdown();
  });

  it('seek back re-reads; seekToEnd skips; offsetForTimestamp and a tag filter work against the real protocol', async () => {
    await produce('IntSeek', 20);
    const c = consumer({ consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', autoCommit: false });
    const queues = await (async () => {
      const probe = consumer();
      probe.assign([{ topic: 'IntSeek', brokerName: mq.brokers[0]!.name, queueId: 0 }]);
      await probe.start();
      const all = await probe.fetchMessageQueues('IntSeek');
      await probe.shutdown();
      return all;
    })();
    expect(queues.length).toBeGreaterThan(1);
    await c.assign(queues);
    await c.start();
    const got = await pollN(c, 20);
    expect(got).toHaveLength(20);
    const queue = got[0]!.queue;
    const ofQueue = got.filter((m) => m.queue.brokerName === queue.brokerName && m.queue.queueId === queue.queueId);
    await c.seek(queue, ofQueue[0]!.queueOffset);
    const again = await c.poll();
    expect(bodies(again)).toEqual(bodies(ofQueue).slice(0, again.length));
    await c.seekToEnd(queue);
    expect(await c.poll(500)).toEqual([]);
    expect(await c.offsetForTimestamp(queue, 0)).toBe(0);
    await expect(c.seek(queue, 10_000)).rejects.toMatchObject({ kind: 'seek-offset-out-of-range' });
    await c.shutdown();

    const tagged = consumer({ group: 'PULL_INT_TAGS', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    tagged.subscribe('IntSeek', 'odd');
    await tagged.start();
    const odd = await pollN(tagged, 10);
    expect(bodies(odd).sort()).toEqual(['m1', 'm11', 'm13', 'm15', 'm17', 'm19', 'm3', 'm5', 'm7', 'm9']);
    expect(await tagged.poll(500)).toEqual([]);
    await tagged.shutdown();
  });

  it('two consumers of a group split the queues and between them read every message', async () => {
    await produce('IntSplit', 40);
    const a = consumer({ instanceName: 'a', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    const b = consumer({ instanceName: 'b', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    a.subscribe('IntSplit');
    b.subscribe('IntSplit');
    await a.start();
    await b.start();
    const got: ReceivedMessage[] = [];
    const split = () => a.assignment().length > 0 && b.assignment().length > 0 && a.assignment().length + b.assignment().length === 8;
    for (let i = 0; i < 100 && (got.length < 40 || !split()); i++) {
      const [x, y] = await Promise.all([a.poll(200), b.poll(200)]);
      got.push(...x, ...y);
    }
    expect(split()).toBe(true);
    expect(new Set(bodies(got)).size).toBe(40);
    await Promise.all([a.shutdown(), b.shutdown()]);
  });
});
