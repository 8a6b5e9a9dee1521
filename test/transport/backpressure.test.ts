import { describe, expect, it } from 'vitest';
import { createResponse, type RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { Connection } from '../../adapters/remoting/transport/connection.js';
import { createMemoryPair } from '../../adapters/remoting/transport/memory.js';
import { memoryConnections, request } from './helpers.js';

describe('Connection write back-pressure', () => {
  it('delivers many large requests in order through a tiny highWaterMark, and the queue drains', async () => {
    const { client, server, closeBoth } = memoryConnections({ highWaterMark: 1024 });
    const seen: number[] = [];
    server.setProcessor(10, (req) => {
      const index = req.body!.readUInt32BE(0);
      expect(req.body!.length).toBe(64 * 1024);
      expect(req.body!.readUInt32BE(req.body!.length - 4)).toBe(index);
      seen.push(index);
      return createResponse(req, { code: 0, extFields: { index: String(index) } });
    });
    const count = 200;
    const pending: Promise<RemotingCommand>[] = [];
    for (let i = 0; i < count; i++) {
      const body = Buffer.alloc(64 * 1024, i % 251);
      body.writeUInt32BE(i, 0);
      body.writeUInt32BE(i, body.length - 4);
      pending.push(client.request(request(10, undefined, body), { timeoutMs: 30_000 }));
    }
    expect(client.queuedBytes).toBeGreaterThan(0); // the socket pushed back; frames wait in order
    const responses = await Promise.all(pending);
    expect(responses.map((r) => Number(r.extFields?.['index']))).toEqual([...Array(count).keys()]);
    expect(seen).toEqual([...Array(count).keys()]);
    expect(client.queuedBytes).toBe(0);
    await closeBoth();
  });

  it('refuses a write with write-failed once the queue is over its byte limit, and keeps the order of the rest', async () => {
    const [own, other] = createMemoryPair({ highWaterMark: 1024 });
    const connection = new Connection(own, { idleTimeoutMs: 0, maxQueuedBytes: 10_000, address: 'slow:1' });
    // `other` is never read: the pipe fills up and the connection has to queue.
    const frames = [0, 1, 2, 3].map(() => connection.oneway(request(10, undefined, Buffer.alloc(4_000))));
    const refused = await frames[3]!.catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'write-failed', context: { address: 'slow:1', reason: 'queue-full' } });
    const overflowRequest = await connection.request(request(11, undefined, Buffer.alloc(4_000)), { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(overflowRequest).toMatchObject({ kind: 'write-failed' });
    expect(connection.inFlight).toBe(0);
    expect(connection.queuedBytes).toBeGreaterThan(0);
    // Reading the other end lets the queue drain; the queued frames then complete.
    other.resume();
    await Promise.all(frames.slice(0, 3));
    expect(connection.queuedBytes).toBe(0);
    await connection.close();
  });

  it('drops queued frames of a request that timed out before it was written', async () => {
    const [own] = createMemoryPair({ highWaterMark: 1024 });
    const connection = new Connection(own, { idleTimeoutMs: 0 });
    const blocker = connection.oneway(request(10, undefined, Buffer.alloc(4_000))).catch((e: unknown) => e);
    const timedOut = connection.request(request(11, undefined, Buffer.alloc(4_000)), { timeoutMs: 10 }).catch((e: unknown) => e);
    expect(connection.queuedBytes).toBeGreaterThan(4_000);
    expect(await timedOut).toMatchObject({ kind: 'request-timeout' });
    expect(connection.queuedBytes).toBe(0);
    await connection.close();
    expect(await blocker).toMatchObject({ kind: 'write-failed' });
  });
});
