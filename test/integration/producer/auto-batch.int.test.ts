import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import type { EmbeddedBroker } from '../../../adapters/embedded/index.js';
import type { PortFactory } from '../../../core/client/client-registry.js';
import { Message } from '../../../core/message/message.js';
import type { SendRequest } from '../../../core/ports/broker-port.js';
import { loopback, startEmbeddedBroker } from './loopback.js';

describe('producer autoBatch against the embedded broker over loopback', () => {
  let mq: EmbeddedBroker;
  let env: ReturnType<typeof loopback>;
  const mine: RemotingClient[] = [];

  beforeEach(async () => {
    mq = await startEmbeddedBroker({ port: 0, brokers: 2 });
    env = loopback(mq);
  });

  afterEach(async () => {
    await Promise.all(mine.splice(0).map((c) => c.close()));
    await env.close();
    await mq.close();
  });

  /** The remoting client, recording the requests it sends. */
  function recordingPort(requests: SendRequest[]): PortFactory {
    return () => {
      const client = createRemotingClient({ nameServers: [mq.address], clientIp: '127.0.0.1' });
      mine.push(client);
      // Both forms: the producer's attempts use sendTo (the callback form) when the port has it.
      const send = client.send.bind(client);
      const sendTo = client.sendTo.bind(client);
      client.send = (addr, req, opts) => {
        requests.push(req);
        return send(addr, req, opts);
      };
      client.sendTo = (addr, req, timeoutMs, reply) => {
        requests.push(req);
        return sendTo(addr, req, timeoutMs, reply);
      };
      return client;
    };
  }

  it('200 concurrent sends land in batches, and each result names where the broker stored its message', async () => {
    const requests: SendRequest[] = [];
    const producer = env.producer({ autoBatch: true, batchMaxBytes: 1024 }, { portFactory: recordingPort(requests) });
    await producer.start();
    await producer.send(new Message('IntAutoBatch', 'create-topic'));
    const sent = Array.from({ length: 200 }, (_, i) =>
      producer.send(new Message('IntAutoBatch', `m${i}:${'x'.repeat(90)}`, { tags: `Tag${i % 3}`, keys: [`k${i}`, 'shared'], properties: { i: String(i) } })),
    );
    const results = await Promise.all(sent);
    await producer.shutdown();

    const batches = requests.filter((r) => r.batch !== undefined);
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.reduce((n, r) => n + r.batch!.length, 0)).toBeGreaterThan(150);
    expect(requests.length).toBeLessThan(100);

    const stored = await env.pullTopic('IntAutoBatch');
    expect(stored).toHaveLength(201);
    const byId = new Map(stored.map((m) => [m.properties.UNIQ_KEY, m]));
    const addrOf = (brokerName: string) => mq.brokers.find((b) => b.name === brokerName)!.address;
    results.forEach((r, i) => {
      expect(r.status).toBe('SEND_OK');
      const m = byId.get(r.msgId)!;
      expect(m.body.toString()).toBe(`m${i}:${'x'.repeat(90)}`);
      expect({ queueId: m.queueId, queueOffset: m.queueOffset, offsetMsgId: m.offsetMsgId, storeHost: m.storeHost }).toEqual({
        queueId: r.queue.queueId,
        queueOffset: r.queueOffset,
        offsetMsgId: r.offsetMsgId,
        storeHost: addrOf(r.queue.brokerName),
      });
      expect(m.properties).toMatchObject({ TAGS: `Tag${i % 3}`, KEYS: `k${i} shared`, i: String(i), rmqrx_codec: 'text' });
    });
    expect(new Set(results.map((r) => r.queue.brokerName))).toEqual(new Set(['broker-a', 'broker-b']));
  });

  it('with the binary (ROCKETMQ) header: single sends, auto batches and a batch send store what was sent', async () => {
    // Frames written straight from the send's fields (and patched send after send) in the binary serialization.
    const binaryPort: PortFactory = () => {
      const client = createRemotingClient({ nameServers: [mq.address], clientIp: '127.0.0.1', serializeType: 'ROCKETMQ' });
      mine.push(client);
      return client;
    };
    const single = env.producer({ group: 'PG_BIN_1', serialization: 'ROCKETMQ' }, { portFactory: binaryPort });
    const batching = env.producer({ group: 'PG_BIN_2', serialization: 'ROCKETMQ', autoBatch: true, batchMaxBytes: 1024 }, { portFactory: binaryPort });
    await single.start();
    await batching.start();
    const text = (i: number) => `b${i}:${'y'.repeat(i % 7)}`;
    const message = (i: number) => new Message('IntBinary', text(i), { tags: `Tag${i % 3}`, keys: [`k${i}`], properties: { i: String(i) } });
    const results = [];
    for (let i = 0; i < 30; i++) results.push(await single.send(message(i)));
    results.push(...(await Promise.all(Array.from({ length: 60 }, (_, k) => batching.send(message(30 + k))))));
    const batch = await single.sendBatch(Array.from({ length: 5 }, (_, k) => message(90 + k)));
    await single.shutdown();
    await batching.shutdown();

    const stored = await env.pullTopic('IntBinary');
    expect(stored).toHaveLength(95);
    const byId = new Map(stored.map((m) => [m.properties.UNIQ_KEY, m]));
    const ids = [...results.map((r) => r.msgId), ...batch.msgId.split(',')];
    ids.forEach((id, i) => {
      const m = byId.get(id);
      expect(m?.body.toString(), `message ${i}`).toBe(text(i));
      expect(m!.properties).toMatchObject({ TAGS: `Tag${i % 3}`, KEYS: `k${i}`, i: String(i) });
    });
    results.forEach((r) => expect(byId.get(r.msgId)!.queueOffset).toBe(r.queueOffset));
  });
});
