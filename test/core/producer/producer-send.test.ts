import { inflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { Message } from '../../../core/message/message.js';
import type { SendRequest } from '../../../core/ports/broker-port.js';
import { hashIndex } from '../../../core/strategies/select/hash.js';
import { brokerError, transportError } from '../fakes/fake-port.js';
import { A, makeProducer, useFakeTimeFrom } from './harness.js';

describe('Producer sends', () => {
  useFakeTimeFrom(1_800_000_000_000);

  it('builds the request and the result the way the Java producer does', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    const message = new Message('T', { hello: 'world' }, { tags: 'TagA', keys: ['k1', 'k2'], properties: { color: 'red' } });
    const result = await producer.send(message);
    const [{ addr, req, opts }] = port.sends();
    expect(req).toMatchObject({
      producerGroup: 'PG',
      topic: 'T',
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      sysFlag: 0,
      flag: 0,
      bornTimestamp: 1_800_000_000_000,
      reconsumeTimes: 0,
      brokerName: addr === A.addr ? 'broker-a' : 'broker-b',
    });
    expect(req.properties).toEqual({
      TAGS: 'TagA',
      KEYS: 'k1 k2',
      WAIT: 'true',
      UNIQ_KEY: result.msgId,
      color: 'red',
      rmqrx_codec: 'msgpack',
    });
    expect(opts?.timeoutMs).toBe(3000);
    expect(opts?.signal).toBeInstanceOf(AbortSignal);
    expect(result).toMatchObject({
      status: 'SEND_OK',
      queue: { topic: 'T', brokerName: req.brokerName, queueId: req.queueId },
      queueOffset: 0,
      regionId: 'DefaultRegion',
    });
    expect(result.offsetMsgId).toMatch(/^[0-9A-F]{32}$/);
    await producer.shutdown();
  });

  it('send$ is cold: nothing reaches the port before subscription', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    const before = port.calls.length;
    const send$ = producer.send$(new Message('T', 'x'));
    await vi.advanceTimersByTimeAsync(10);
    expect(port.calls.length).toBe(before);
    await new Promise<void>((resolve) => send$.subscribe({ complete: resolve }));
    expect(port.sends()).toHaveLength(1);
    await producer.shutdown();
  });

  it('round-robins across the writable queues of all brokers', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    for (let i = 0; i < 16; i++) await producer.send(new Message('T', `m${i}`));
    const picks = port.sends().map(({ req }) => `${req.brokerName}#${req.queueId}`);
    expect(new Set(picks).size).toBe(8);
    expect(picks.filter((p) => p.startsWith('broker-a'))).toHaveLength(8);
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);
    await producer.shutdown();
  });

  it('retries a retriable failure on the other broker and reports the failed attempt', async () => {
    const { port, producer, events } = makeProducer();
    await producer.start();
    port.sendScript.push({ kind: 'fail', error: brokerError(14, 'service not available') });
    const result = await producer.send(new Message('T', 'x'));
    const [first, second] = port.sends();
    expect(second!.req.brokerName).not.toBe(first!.req.brokerName);
    expect(result.queue.brokerName).toBe(second!.req.brokerName);
    expect(events).toMatchObject([{ type: 'send-attempt-failed', attempt: 1, retrying: true, queue: { brokerName: first!.req.brokerName } }]);
    await producer.shutdown();
  });

  it('fails at once on a code that is not retried, with broker, queue, code, remark and attempts', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    port.sendScript.push({ kind: 'fail', error: brokerError(13, 'the message is illegal') });
    const error = await producer.send(new Message('T', 'x')).catch((e: unknown) => e);
    const [{ req, addr }] = port.sends();
    expect(port.sends()).toHaveLength(1);
    expect(error).toMatchObject({
      kind: 'send-failed',
      brokerName: req.brokerName,
      queue: { topic: 'T', brokerName: req.brokerName, queueId: req.queueId },
      responseCode: 13,
      remark: 'the message is illegal',
      attempts: [{ attempt: 1, brokerAddr: addr }],
    });
    await producer.shutdown();
  });

  it('gives up after 1 + 2 attempts on connection errors, listing each cause', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    port.defaultSend = { kind: 'fail', error: transportError('connection-closed') };
    const error = await producer.send(new Message('T', 'x')).catch((e: unknown) => e);
    expect(port.sends().map((s) => s.req.brokerName)).toEqual(
      expect.arrayContaining(['broker-a', 'broker-b']),
    );
    expect(port.sends()).toHaveLength(3);
    expect(error).toMatchObject({ kind: 'send-failed', attempts: [{ attempt: 1 }, { attempt: 2 }, { attempt: 3 }] });
    await producer.shutdown();
  });

  it('times out each attempt after the per-call timeout, aborts it at the port and retries elsewhere', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    port.sendScript.push({ kind: 'hang' });
    const sent = producer.send(new Message('T', 'x'), { timeoutMs: 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(port.sends()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const result = await sent;
    const [first, second] = port.sends();
    expect(first!.opts?.timeoutMs).toBe(500);
    expect(first!.opts?.signal?.aborted).toBe(true);
    expect(port.abortedSends).toEqual([first!.req]);
    expect(second!.req.brokerName).not.toBe(first!.req.brokerName);
    expect(result.status).toBe('SEND_OK');
    await producer.shutdown();
  });

  it('fails with send-timeout when every attempt times out', async () => {
    const { port, producer } = makeProducer({ sendTimeoutMs: 1000 });
    await producer.start();
    port.defaultSend = { kind: 'hang' };
    const error = producer.send(new Message('T', 'x')).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await error).toMatchObject({ kind: 'send-timeout', attempts: [{ latencyMs: 1000 }, { latencyMs: 1000 }, { latencyMs: 1000 }] });
    expect(port.inFlight).toBe(0);
    await producer.shutdown();
  });

  it('shows stored-but-not-OK statuses in the result', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    port.sendScript.push({ kind: 'ok', response: { status: 'FLUSH_SLAVE_TIMEOUT' } }, { kind: 'ok', response: { status: 'SLAVE_NOT_AVAILABLE' } });
    expect((await producer.send(new Message('T', 'x'))).status).toBe('FLUSH_SLAVE_TIMEOUT');
    expect((await producer.send(new Message('T', 'x'))).status).toBe('SLAVE_NOT_AVAILABLE');
    expect(port.sends()).toHaveLength(2);
    await producer.shutdown();
  });

  it('compresses bodies of 4 KiB and more with zlib, flagged 0x1 | 3 << 8, and not smaller ones', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    const big = Buffer.alloc(4096, 'a');
    const small = Buffer.alloc(4095, 'a');
    await producer.send(new Message('T', big));
    await producer.send(new Message('T', small));
    const [one, two] = port.sends().map((s) => s.req);
    expect(one!.sysFlag).toBe(0x301);
    expect(one!.body.length).toBeLessThan(4096);
    expect(inflateSync(one!.body)).toEqual(big);
    expect(two!.sysFlag).toBe(0);
    expect(two!.body).toEqual(small);
    expect(two!.properties.rmqrx_codec).toBe('raw');
    await producer.shutdown();
  });

  it('rejects an invalid message before any port call', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    const before = port.calls.length;
    await expect(producer.send(new Message('bad topic!', 'x'))).rejects.toMatchObject({ kind: 'invalid-topic', field: 'topic' });
    await expect(producer.send(new Message('T', 'x', { properties: { UNIQ_KEY: 'mine' } }))).rejects.toMatchObject({ kind: 'reserved-property' });
    await expect(producer.send(new Message('T', Buffer.alloc(0)))).rejects.toMatchObject({ kind: 'empty-body' });
    await expect(producer.sendOneway(new Message('T', 'x', { delayLevel: 99 }))).rejects.toMatchObject({ kind: 'invalid-message', field: 'delayLevel' });
    expect(port.calls.length).toBe(before);
    await producer.shutdown();
  });

  it('sends delay levels and maps delivery timestamps to the nearest level not later, or to TIMER_DELIVER_MS', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    const now = Date.now();
    await producer.send(new Message('T', 'x', { delayLevel: 3 }));
    await producer.send(new Message('T', 'x', { deliveryTimestamp: now + 25 * 60_000 }));
    await producer.send(new Message('T', 'x', { deliveryTimestamp: now + 500 }));
    const props = port.sends().map((s) => s.req.properties);
    expect(props.map((p) => p.DELAY)).toEqual(['3', '15', undefined]);
    await producer.shutdown();

    const timer = makeProducer({}, { deliveryTimeMode: 'timer' });
    await timer.producer.start();
    await timer.producer.send(new Message('T', 'x', { deliveryTimestamp: now + 25 * 60_000 }));
    const [{ req }] = timer.port.sends();
    expect(req.properties.TIMER_DELIVER_MS).toBe(String(now + 25 * 60_000));
    expect(req.properties.DELAY).toBeUndefined();
    await timer.producer.shutdown();
  });

  it('sends to an unknown topic on TBW102 queues so the broker auto-creates it', async () => {
    const { port, producer } = makeProducer();
    port.setRoute('TBW102', [{ ...A, queues: 8, perm: 7 }]);
    await producer.start();
    const result = await producer.send(new Message('Fresh', 'x'));
    const [{ req }] = port.sends();
    expect(req).toMatchObject({ topic: 'Fresh', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, brokerName: 'broker-a' });
    expect(req.queueId).toBeLessThan(4);
    expect(result.queue.topic).toBe('Fresh');
    // Later sends take that route at once, as sends to a known topic do (no Promise between the call and the request).
    const next = producer.send(new Message('Fresh', 'y'));
    expect(port.sends()).toHaveLength(2);
    await next;
    await producer.shutdown();
  });

  it('sends to a broker\'s new master address once a refreshed route names it', async () => {
    const { port, producer } = makeProducer();
    port.setRoute('T', [A]);
    await producer.start();
    await producer.send(new Message('T', 'x'));
    await producer.send(new Message('T', 'y'));
    const moved = { name: A.name, addr: '10.0.0.9:10911' };
    port.setRoute('T', [moved]);
    await vi.advanceTimersByTimeAsync(30_000);
    await producer.send(new Message('T', 'z'));
    expect(port.sends().map((s) => s.addr)).toEqual([A.addr, A.addr, moved.addr]);
    await producer.shutdown();
  });

  it('fails with no-route when the topic has no route and auto-creation is impossible', async () => {
    const { producer } = makeProducer();
    await producer.start();
    await expect(producer.send(new Message('Nowhere', 'x'))).rejects.toMatchObject({ kind: 'no-route', context: { topic: 'Nowhere' } });
    await producer.shutdown();
  });

  it('sends oneway once, without waiting for an answer', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    await producer.sendOneway(new Message('T', 'x', { tags: 'a' }));
    const calls = port.callsOf('sendOneway');
    expect(calls).toHaveLength(1);
    expect((calls[0]!.args[0] as SendRequest).properties.TAGS).toBe('a');
    expect(port.sends()).toHaveLength(0);
    await producer.shutdown();
  });

  it('prefixes the topic and group with the namespace on the wire only', async () => {
    const { port, producer } = makeProducer({ namespace: 'ns1' });
    port.setRoute('ns1%T', [A]);
    await producer.start();
    const result = await producer.send(new Message('T', 'x'));
    const [{ req }] = port.sends();
    expect(req).toMatchObject({ topic: 'ns1%T', producerGroup: 'ns1%PG' });
    expect(result.queue.topic).toBe('T');
    await producer.shutdown();
  });

  it('with latency fault avoidance, later sends avoid a broker that just failed', async () => {
    const { port, producer, events } = makeProducer({ sendLatencyFaultEnable: true });
    await producer.start();
    port.sendScript.push({ kind: 'fail', error: transportError('connect-failed') });
    await producer.send(new Message('T', 'x'));
    const failed = port.sends()[0]!.req.brokerName;
    expect(events.some((e) => e.type === 'broker-isolated' && e.brokerName === failed)).toBe(true);
    port.calls.length = 0;
    for (let i = 0; i < 6; i++) await producer.send(new Message('T', 'x'));
    expect(port.sends().map((s) => s.req.brokerName)).not.toContain(failed);
    // 10 minutes later (isolation of a connection failure) the broker is back in the rotation
    await vi.advanceTimersByTimeAsync(600_000);
    port.calls.length = 0;
    for (let i = 0; i < 6; i++) await producer.send(new Message('T', 'x'));
    expect(port.sends().map((s) => s.req.brokerName)).toContain(failed);
    await producer.shutdown();
  });

  it('orderly sends keep one key on one queue and are not retried on another queue', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    for (let i = 0; i < 5; i++) await producer.sendOrderly(new Message('T', `o${i}`), 'order-17');
    for (let i = 0; i < 3; i++) await producer.sendOrderly(new Message('T', `s${i}`, { shardingKey: 'order-18' }));
    const picks = port.sends().map(({ req }) => `${req.brokerName}#${req.queueId}`);
    const queues = ['broker-a#0', 'broker-a#1', 'broker-a#2', 'broker-a#3', 'broker-b#0', 'broker-b#1', 'broker-b#2', 'broker-b#3'];
    expect(new Set(picks.slice(0, 5))).toEqual(new Set([queues[hashIndex('order-17', 8)]]));
    expect(new Set(picks.slice(5))).toEqual(new Set([queues[hashIndex('order-18', 8)]]));

    port.sendScript.push({ kind: 'fail', error: brokerError(14, 'busy') });
    await expect(producer.sendOrderly(new Message('T', 'z'), 'order-17')).rejects.toMatchObject({ kind: 'send-failed', attempts: [{ attempt: 1 }] });
    expect(port.sends()).toHaveLength(9);

    const custom = await producer.sendOrderly(new Message('T', 'c'), (qs, _m, arg: number) => qs[arg], 5);
    expect(custom.queue).toEqual({ topic: 'T', brokerName: 'broker-b', queueId: 1 });
    await expect(producer.sendOrderly(new Message('T', 'x'))).rejects.toMatchObject({ kind: 'invalid-message', field: 'shardingKey' });
    await producer.shutdown();
  });

  it('sends a batch as one request, each item with its own UNIQ_KEY and WAIT', async () => {
    const { port, producer } = makeProducer();
    await producer.start();
    const batch = [new Message('T', 'a', { keys: 'k1' }), new Message('T', 'b'), new Message('T', Buffer.alloc(5000, 1))];
    const result = await producer.sendBatch(batch);
    const [{ req }] = port.sends();
    expect(req.batch).toHaveLength(3);
    expect(req.body.length).toBe(0);
    expect(req.properties).toEqual({ WAIT: 'true' });
    const ids = req.batch!.map((it) => it.properties.UNIQ_KEY);
    expect(new Set(ids).size).toBe(3);
    expect(req.batch!.every((it) => it.properties.WAIT === 'true')).toBe(true);
    expect(req.batch![0]!.properties.KEYS).toBe('k1');
    expect(req.batch![2]!.body.length).toBe(5000);
    expect(req.sysFlag).toBe(0);
    expect(result.msgId).toBe(ids.join(','));
    expect(result.offsetMsgId.split(',')).toHaveLength(3);

    await expect(producer.sendBatch([new Message('T', 'a'), new Message('U', 'b')])).rejects.toMatchObject({ field: 'messages[1].topic' });
    await expect(producer.sendBatch([new Message('T', 'a', { delayLevel: 2 })])).rejects.toMatchObject({ field: 'messages[0].delayLevel' });
    await expect(producer.sendBatch([])).rejects.toMatchObject({ field: 'messages' });
    await expect(producer.sendBatch([new Message('T', 'a'), new Message('T', 'b', { waitStoreMsgOk: false })])).rejects.toMatchObject({
      field: 'messages[1].waitStoreMsgOk',
    });
    expect(port.sends()).toHaveLength(1);
    await producer.shutdown();

    const small = makeProducer({ maxMessageSize: 1000 });
    await small.producer.start();
    const items = Array.from({ length: 3 }, () => new Message('T', Buffer.alloc(400)));
    await expect(small.producer.sendBatch(items)).rejects.toMatchObject({ kind: 'body-too-large', field: 'messages' });
    await small.producer.shutdown();
  });
});
