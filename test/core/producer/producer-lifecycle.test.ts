import { asyncScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientRegistry } from '../../../core/client/client-registry.js';
import { Message } from '../../../core/message/message.js';
import { Producer } from '../../../core/producer/producer.js';
import { FakePort } from '../fakes/fake-port.js';
import { A, B, makeProducer } from './harness.js';

describe('Producer lifecycle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('validates options eagerly, naming the option', () => {
    const port = new FakePort();
    const runtime = { portFactory: () => port };
    expect(() => new Producer({ sendTimeoutMs: -1 }, runtime)).toThrow(expect.objectContaining({ kind: 'invalid-option', field: 'producer.sendTimeoutMs' }));
    expect(() => new Producer({ group: 'bad group' }, runtime)).toThrow(expect.objectContaining({ kind: 'invalid-group' }));
    expect(() => new Producer({ codec: 'nope' }, runtime)).toThrow(expect.objectContaining({ kind: 'unknown-codec' }));
    expect(() => new Producer({ maxInflightSends: 0 }, runtime)).toThrow(expect.objectContaining({ field: 'producer.maxInflightSends' }));
  });

  it('refuses sends before start and after shutdown', async () => {
    const { port, producer } = makeProducer();
    await expect(producer.send(new Message('T', 'x'))).rejects.toMatchObject({ kind: 'producer-not-started' });
    await producer.start();
    await producer.shutdown();
    await expect(producer.send(new Message('T', 'x'))).rejects.toMatchObject({ kind: 'producer-shut-down' });
    await expect(producer.start()).rejects.toMatchObject({ kind: 'producer-shut-down' });
    expect(port.sends()).toHaveLength(0);
  });

  it('start is idempotent and sends made while starting wait for it', async () => {
    const { port, producer } = makeProducer();
    const starts = [producer.start(), producer.start()];
    const early = producer.send(new Message('T', 'x'));
    await Promise.all(starts);
    await producer.start();
    expect(port.callsOf('setHandlers')).toHaveLength(1);
    expect((await early).status).toBe('SEND_OK');
    expect(producer.clientId).toBe('127.0.0.1@42#1700000000000');
    await producer.shutdown();
  });

  it('shutdown waits for sends in flight, then unregisters the group everywhere and leaves nothing running', async () => {
    const { port, producer, registry } = makeProducer();
    let eventsDone = false;
    producer.events$.subscribe({ complete: () => (eventsDone = true) });
    await producer.start();
    await producer.send(new Message('T', 'warm-up'));
    port.defaultSend = { kind: 'hang' };
    const inFlight = producer.send(new Message('T', 'in flight'));
    await vi.advanceTimersByTimeAsync(0);
    const stops = [producer.shutdown(), producer.shutdown()];
    expect(stops[0]).toBe(stops[1]);
    let stopped = false;
    void stops[0]!.then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    expect(port.callsOf('unregisterClient')).toHaveLength(0);
    await expect(producer.send(new Message('T', 'late'))).rejects.toMatchObject({ kind: 'producer-shut-down' });

    port.resolveAll();
    expect((await inFlight).status).toBe('SEND_OK');
    await Promise.all(stops);
    expect(producer.state).toBe('stopped');
    const unregs = port.callsOf('unregisterClient').map((c) => `${c.addr} ${JSON.stringify(c.args[1])}`).sort();
    expect(unregs).toEqual([
      `${A.addr} {"producerGroup":"CLIENT_INNER_PRODUCER"}`,
      `${A.addr} {"producerGroup":"PG"}`,
      `${B.addr} {"producerGroup":"CLIENT_INNER_PRODUCER"}`,
      `${B.addr} {"producerGroup":"PG"}`,
    ]);
    expect(port.closed).toBe(true);
    expect(eventsDone).toBe(true);
    expect(producer.liveResources).toBe(0);
    expect(registry.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const calls = port.calls.length;
    await vi.advanceTimersByTimeAsync(300_000);
    expect(port.calls.length).toBe(calls);
  });

  it('a producer never started shuts down at once', async () => {
    const { port, producer } = makeProducer();
    await producer.shutdown();
    expect(producer.state).toBe('stopped');
    expect(port.calls).toHaveLength(0);
  });

  it('producers with the same client id share one client instance and one port; the last one closes it', async () => {
    const port = new FakePort();
    port.setRoute('T', [A]);
    let opened = 0;
    const registry = new ClientRegistry();
    const runtime = { portFactory: () => (opened++, port), registry, identity: { pid: 1, startTime: 2 }, scheduler: asyncScheduler };
    const one = new Producer({ group: 'G1' }, runtime);
    const two = new Producer({ group: 'G2' }, runtime);
    await Promise.all([one.start(), two.start()]);
    expect(opened).toBe(1);
    expect(one.clientId).toBe(two.clientId);
    await one.send(new Message('T', 'a'));
    await two.send(new Message('T', 'b'));
    await one.shutdown();
    expect(port.closed).toBe(false);
    expect((await two.send(new Message('T', 'c'))).status).toBe('SEND_OK');
    await two.shutdown();
    expect(port.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('two producers of the same group on one client instance are refused', async () => {
    const port = new FakePort();
    const registry = new ClientRegistry();
    const runtime = { portFactory: () => port, registry, identity: { pid: 1, startTime: 2 } };
    const one = new Producer({ group: 'G' }, runtime);
    const two = new Producer({ group: 'G' }, runtime);
    await one.start();
    await expect(two.start()).rejects.toMatchObject({ kind: 'group-already-registered' });
    await one.shutdown();
    expect(port.closed).toBe(true);
  });
});

describe('Producer lifecycle edge cases', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a failed start is reported and can be tried again', async () => {
    const port = new FakePort();
    port.setRoute('T', [A]);
    let attempts = 0;
    const registry = new ClientRegistry();
    const producer = new Producer({ group: 'PG' }, {
      registry,
      portFactory: () => {
        attempts += 1;
        if (attempts === 1) throw new Error('no network');
        return port;
      },
    });
    await expect(producer.start()).rejects.toThrow('no network');
    expect(producer.state).toBe('created');
    await producer.start();
    expect((await producer.send(new Message('T', 'x'))).status).toBe('SEND_OK');
    await producer.shutdown();
    expect(registry.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shutdown during start waits for the start, then stops everything', async () => {
    const { port, producer, registry } = makeProducer();
    let completed = false;
    producer.events$.subscribe({ complete: () => (completed = true) });
    const started = producer.start();
    const stopped = producer.shutdown();
    await started;
    await stopped;
    expect(producer.state).toBe('stopped');
    expect(port.closed).toBe(true);
    expect(registry.size).toBe(0);
    expect(completed).toBe(true);
  });

  it('shutdown of a producer never started completes its events', async () => {
    const { producer } = makeProducer();
    let completed = false;
    producer.events$.subscribe({ complete: () => (completed = true) });
    await producer.shutdown();
    expect(completed).toBe(true);
  });
});
