import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../adapters/remoting/transport/connection.js';
import { createMemoryPair } from '../../adapters/remoting/transport/memory.js';
import type { RequestSink } from '../../adapters/remoting/transport/request-guard.js';
import { Recorder } from './recorder.js';
import { connectionWithRawPeer, request } from './helpers.js';

const opened: Connection[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('Connection.requestTo (no Promise)', () => {
  it('gives the sink what the map makes of the response, or what it throws, once each', async () => {
    const { connection, peer } = connectionWithRawPeer();
    opened.push(connection);
    const mapped = new Recorder<string>().during((sink) => connection.requestTo(request(1), { timeoutMs: 1000 }, (r) => `code ${r.code}`, sink));
    const throwing = new Recorder<string>().during((sink) =>
      connection.requestTo(request(2), { timeoutMs: 1000 }, (r) => {
        throw new Error(`refused ${r.code}`);
      }, sink),
    );
    const [f1, f2] = await peer.frames(2);
    peer.respond(f1!, 7);
    peer.respond(f2!, 8);
    await Promise.all([mapped.settled, throwing.settled]);
    expect(mapped.outcomes).toEqual([{ value: 'code 7' }]);
    expect(throwing.outcomes).toEqual([{ error: new Error('refused 8') }]);
    expect(connection.inFlight).toBe(0);
  });

  it('fails the sink after the call, never inside it: closed connection, fired signal, unencodable frame, refused write', async () => {
    const { connection } = connectionWithRawPeer();
    const aborted = new AbortController();
    aborted.abort(new Error('gone'));
    const early = new Recorder<unknown>().during((sink) => connection.requestTo(request(1), { timeoutMs: 1000, signal: aborted.signal }, undefined, sink));
    const unencodable = new Recorder<unknown>().during((sink) =>
      connection.requestTo({ ...request(1), code: 2 ** 40 }, { timeoutMs: 1000 }, undefined, sink),
    );
    await connection.close();
    const closed = new Recorder<unknown>().during((sink) => connection.requestTo(request(1), { timeoutMs: 1000 }, undefined, sink));
    await Promise.all([early.settled, unencodable.settled, closed.settled]);
    expect(early.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'request-aborted' }) }]);
    expect(unencodable.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'invalid-header-field' }) }]);
    expect(closed.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'connection-closed' }) }]);
    for (const r of [early, unencodable, closed]) expect(r.calledInCall).toBe(false);

    // A write refused at once (the queue is over its bound) settles the request inside the call; the sink hears later.
    const [own] = createMemoryPair({ highWaterMark: 1024 });
    const full = new Connection(own, { idleTimeoutMs: 0, maxQueuedBytes: 5_000, address: 'slow:1' });
    opened.push(full);
    void full.oneway(request(10, undefined, Buffer.alloc(4_000))).catch(() => undefined);
    void full.oneway(request(10, undefined, Buffer.alloc(4_000))).catch(() => undefined);
    const refused = new Recorder<unknown>().during((sink) => full.requestTo(request(11, undefined, Buffer.alloc(4_000)), { timeoutMs: 1000 }, undefined, sink));
    await refused.settled;
    expect(refused.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'write-failed' }) }]);
    expect(refused.calledInCall).toBe(false);
    expect(full.inFlight).toBe(0);
  });

  it('times out and aborts like a request with a Promise', async () => {
    const { connection, peer } = connectionWithRawPeer();
    opened.push(connection);
    const slow = new Recorder<unknown>().during((sink) => connection.requestTo(request(1), { timeoutMs: 5 }, undefined, sink));
    const controller = new AbortController();
    const abandoned = new Recorder<unknown>().during((sink) => connection.requestTo(request(2), { timeoutMs: 1000, signal: controller.signal }, undefined, sink));
    await peer.frames(2);
    controller.abort(new Error('caller left'));
    await Promise.all([slow.settled, abandoned.settled]);
    expect(slow.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'request-timeout' }) }]);
    expect(abandoned.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'request-aborted' }) }]);
    expect(connection.inFlight).toBe(0);
  });

  it('a sink that throws does not stop the answers after its own; its error is thrown again on a microtask', async () => {
    const { connection, peer } = connectionWithRawPeer();
    opened.push(connection);
    const bug = new Error('sink bug');
    const throwing: RequestSink<unknown> = {
      resolved: () => {
        throw bug;
      },
      rejected: () => undefined,
    };
    const next = new Recorder<number>();
    connection.requestTo(request(1), { timeoutMs: 1000 }, (r) => r.code, throwing);
    connection.requestTo(request(2), { timeoutMs: 1000 }, (r) => r.code, next);
    const [f1, f2] = await peer.frames(2);
    const deferred: (() => void)[] = [];
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => void deferred.push(fn));
    try {
      peer.respond(f1!, 4);
      peer.respond(f2!, 5);
      await vi.waitFor(() => expect(next.outcomes).toEqual([{ value: 5 }]));
    } finally {
      spy.mockRestore();
    }
    expect(deferred).toHaveLength(1);
    expect(deferred[0]!).toThrow(bug);
    expect(connection.isOpen).toBe(true);
  });

  it('fails a request whose socket write fails with connection-closed, the socket\'s error as its cause', async () => {
    const broken = new Error('EPIPE: broken pipe');
    // A socket that takes no write: it fails the write, then errors and closes, as a net.Socket does.
    const socket = new Duplex({ read: () => undefined, write: (_chunk, _encoding, callback) => callback(broken) });
    const connection = new Connection(socket, { address: 'broken:1', idleTimeoutMs: 0 });
    const sink = new Recorder<number>();
    connection.requestTo(request(3), { timeoutMs: 60_000 }, (r) => r.code, sink);
    await sink.settled;
    expect(sink.outcomes).toEqual([
      { error: expect.objectContaining({ kind: 'connection-closed', context: expect.objectContaining({ reason: 'socket-error', code: 3 }), cause: broken }) },
    ]);
    expect(connection.isOpen).toBe(false);
  });
});
