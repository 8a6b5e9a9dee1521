import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestCode, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { decodeTopicRoute } from '../../../adapters/remoting/protocol/body/route.js';
import { decodeOffsetMessageId } from '../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessages } from '../../../adapters/remoting/protocol/message/stored-message.js';
import { runCli, stop, type CliProcess } from './cli-process.js';
import { client, pullRequest, Resources, sendV2, startBroker, type RawClient } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmqrx-durable-'));
  resources.add({ close: () => rmSync(dir, { recursive: true, force: true }) });
  return dir;
}

interface Acked {
  body: string;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
}

async function sendAcked(c: RawClient, topic: string, body: string, queueId: number): Promise<Acked> {
  const res = await c.call(sendV2({ topic, body, queueId, tags: 'Durable' }));
  expect(res.code).toBe(ResponseCode.SUCCESS);
  return { body, queueId, queueOffset: Number(res.extFields!['queueOffset']), physicalOffset: decodeOffsetMessageId(res.extFields!['msgId']!).physicalOffset };
}

const commit = (c: RawClient, topic: string, queueId: number, commitOffset: number) =>
  c.call({ code: RequestCode.UPDATE_CONSUMER_OFFSET, extFields: { consumerGroup: 'DurableGroup', topic, queueId: String(queueId), commitOffset: String(commitOffset) } });

/** Every acknowledged message is back at its queue and physical offset, and each queue's committed offset survived. */
async function expectRecovered(c: RawClient, topic: string, acked: Acked[], committed: Map<number, number>): Promise<void> {
  for (const queueId of new Set(acked.map((a) => a.queueId))) {
    const expected = acked.filter((a) => a.queueId === queueId).sort((a, b) => a.queueOffset - b.queueOffset);
    const found = [];
    for (let offset = 0; found.length < expected.length; ) {
      const res = await c.call(pullRequest({ group: 'Reader', topic, queueId, queueOffset: offset }));
      expect(res.code, `queue ${queueId} from ${offset}`).toBe(ResponseCode.SUCCESS);
      const messages = decodeStoredMessages(res.body!);
      found.push(...messages);
      offset = Number(res.extFields!['nextBeginOffset']);
    }
    expect(found.slice(0, expected.length).map((m) => [m.body.toString(), m.queueOffset, m.physicalOffset])).toEqual(
      expected.map((a) => [a.body, a.queueOffset, a.physicalOffset]),
    );
  }
  for (const [queueId, offset] of committed) {
    const res = await c.call({ code: RequestCode.QUERY_CONSUMER_OFFSET, extFields: { consumerGroup: 'DurableGroup', topic, queueId: String(queueId) } });
    expect(res.extFields).toEqual({ offset: String(offset) });
  }
}

describe('with a data dir', () => {
  it('keeps messages, committed offsets and topics across close and restart (on another port)', async () => {
    const dir = dataDir();
    const { mq } = await startBroker(resources, { dataDir: dir, queues: 2 });
    const c = await client(resources, mq.address);
    const acked: Acked[] = [];
    for (let i = 0; i < 20; i++) acked.push(await sendAcked(c, 'DurableTopic', `m${i}`, i % 2));
    expect((await commit(c, 'DurableTopic', 0, 7)).code).toBe(ResponseCode.SUCCESS);
    await mq.close();

    const { mq: again } = await startBroker(resources, { dataDir: dir, queues: 2 });
    expect(again.dataDir).toBe(dir);
    const c2 = await client(resources, again.address);
    const route = decodeTopicRoute((await c2.call({ code: RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields: { topic: 'DurableTopic' } })).body!);
    expect(route.queueDatas[0]).toMatchObject({ readQueueNums: 2, writeQueueNums: 2 });
    await expectRecovered(c2, 'DurableTopic', acked, new Map([[0, 7]]));
    const next = await sendAcked(c2, 'DurableTopic', 'after', 0);
    expect(next.queueOffset).toBe(10);
  });

  it('keeps every acknowledged message and committed offset after kill -9 of the broker process', async () => {
    const dir = dataDir();
    const proc: CliProcess = runCli(['broker', '--port', '0', '--data-dir', dir]);
    resources.add({ close: () => stop(proc) });
    const [, address] = await proc.line(/^rocketmq-rx broker listening on (\S+)$/);
    await proc.line(/^data dir: /);
    const c = await client(resources, address!);
    const acked: Acked[] = [];
    const committed = new Map<number, number>();
    for (let i = 0; i < 60; i++) acked.push(await sendAcked(c, 'KillTopic', `k${i}`, i % 4));
    for (const q of [0, 1, 2, 3]) {
      expect((await commit(c, 'KillTopic', q, 3 + q)).code).toBe(ResponseCode.SUCCESS);
      committed.set(q, 3 + q);
    }
    // More sends in flight when the process dies: those acknowledged must survive too.
    const inFlight = Array.from({ length: 40 }, (_, i) => sendAcked(c, 'KillTopic', `late${i}`, i % 4));
    const first = await Promise.race(inFlight);
    proc.child.kill('SIGKILL');
    expect((await proc.exited).signal).toBe('SIGKILL');
    const settled = await Promise.allSettled(inFlight);
    const late = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(late).toContainEqual(first);

    const { mq } = await startBroker(resources, { dataDir: dir });
    const c2 = await client(resources, mq.address);
    await expectRecovered(c2, 'KillTopic', [...acked, ...late], committed);
  });
});
