import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse, FLAG_ONEWAY, FLAG_RESPONSE, isOneway } from '../../adapters/remoting/protocol/command.js';
import { ProtocolError } from '../../adapters/remoting/protocol/errors.js';
import { Connection } from '../../adapters/remoting/transport/connection.js';
import { createMemoryPair } from '../../adapters/remoting/transport/memory.js';
import { TransportError } from '../../adapters/remoting/transport/errors.js';
import type { ConnectionEvent } from '../../adapters/remoting/transport/events.js';
import { connectionWithRawPeer, CountingClock, deferred, first, memoryConnections, RawPeer, request } from './helpers.js';

const opened: Connection[] = [];
const track = <T extends { connection?: Connection; client?: Connection; server?: Connection }>(made: T): T => {
  for (const c of [made.connection, made.client, made.server]) if (c) opened.push(c);
  return made;
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('Connection: requests and responses', () => {
  it('sends a request and resolves with the response that carries its opaque', async () => {
    const { client, server } = track(memoryConnections());
    server.setProcessor(105, (req) => createResponse(req, { code: 0, extFields: { topic: req.extFields?.['topic'] ?? '' } }));
    const response = await client.request(request(105, { topic: 'T' }), { timeoutMs: 1000 });
    expect(response.code).toBe(0);
    expect(response.flag & FLAG_RESPONSE).toBe(FLAG_RESPONSE);
    expect(response.extFields).toEqual({ topic: 'T' });
    expect(client.inFlight).toBe(0);
    expect(client.stats).toMatchObject({ requestsSent: 1, responsesReceived: 1, unknownResponses: 0 });
  });

  it('matches out-of-order responses by opaque', async () => {
    const { connection, peer } = track(connectionWithRawPeer());
    const first = connection.request(request(1), { timeoutMs: 1000 });
    const second = connection.request(request(2), { timeoutMs: 1000 });
    const [r1, r2] = await peer.frames(2);
    expect(r1?.opaque).not.toBe(r2?.opaque);
    peer.respond(r2!, 22);
    peer.respond(r1!, 11);
    expect((await second).code).toBe(22);
    expect((await first).code).toBe(11);
  });

  it('assigns signed int32 opaques that wrap from 2^31-1 to -2^31', async () => {
    const { connection, peer } = track(connectionWithRawPeer({ initialOpaque: 2_147_483_647 }));
    const pending = [connection.request(request(1), { timeoutMs: 1000 }), connection.request(request(1), { timeoutMs: 1000 })];
    const frames = await peer.frames(2);
    expect(frames.map((f) => f.opaque)).toEqual([2_147_483_647, -2_147_483_648]);
    for (const f of frames) peer.respond(f);
    await Promise.all(pending);
  });

  it('rejects with request-timeout after timeoutMs, frees the slot, and counts the late response as unknown', async () => {
    const clock = new CountingClock();
    const { connection, peer } = track(connectionWithRawPeer({ clock }));
    const pending = connection.request(request(11), { timeoutMs: 20 });
    const [sent] = await peer.frames(1);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'request-timeout', context: { code: 11, opaque: sent!.opaque, address: 'peer:1', timeoutMs: 20 } });
    expect(connection.inFlight).toBe(0);
    expect(clock.armed).toBe(0);
    peer.respond(sent!);
    const behind = connection.request(request(12), { timeoutMs: 1000 }); // a round trip behind the late response
    peer.respond((await peer.frames(2))[1]!);
    await behind;
    expect(connection.stats.unknownResponses).toBe(1);
    expect(connection.stats.timeouts).toBe(1);
  });

  it('rejects with request-aborted when the signal fires, and frees the slot', async () => {
    const clock = new CountingClock();
    const { connection, peer } = track(connectionWithRawPeer({ clock }));
    const controller = new AbortController();
    const pending = connection.request(request(11), { timeoutMs: 60_000, signal: controller.signal });
    await peer.frames(1);
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toMatchObject({ kind: 'request-aborted', cause: { message: 'caller gave up' } });
    expect(connection.inFlight).toBe(0);
    expect(clock.armed).toBe(0);
    const already = connection.request(request(11), { timeoutMs: 1000, signal: AbortSignal.abort() });
    await expect(already).rejects.toMatchObject({ kind: 'request-aborted' });
  });

  it('shares one abort listener among the requests of a signal; aborting rejects only those still in flight', async () => {
    const { connection, peer } = track(connectionWithRawPeer());
    const controller = new AbortController();
    const answered = [connection.request(request(1), { timeoutMs: 60_000, signal: controller.signal }), connection.request(request(2), { timeoutMs: 60_000, signal: controller.signal })];
    const frames = await peer.frames(2);
    for (const f of frames) peer.respond(f, 5);
    expect((await Promise.all(answered)).map((r) => r.code)).toEqual([5, 5]);
    const open = [connection.request(request(3), { timeoutMs: 60_000, signal: controller.signal }), connection.request(request(4), { timeoutMs: 60_000, signal: controller.signal })];
    await peer.frames(4);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    for (const p of open) await expect(p).rejects.toMatchObject({ kind: 'request-aborted' });
    expect(connection.inFlight).toBe(0);
  });

  it('counts and drops responses whose opaque matches nothing', async () => {
    const { connection, peer } = track(connectionWithRawPeer());
    peer.respond({ ...request(1), opaque: 4242 });
    const pending = connection.request(request(2), { timeoutMs: 1000 });
    const frames = await peer.frames(1);
    peer.respond(frames[0]!, 7);
    expect((await pending).code).toBe(7);
    expect(connection.stats.unknownResponses).toBe(1);
  });
});

describe('Connection: requests pushed by the peer', () => {
  it('dispatches by code, and the pusher gets the processor answer', async () => {
    const { client, server } = track(memoryConnections());
    client.setProcessor(221, (req, conn) => {
      expect(conn).toBe(client);
      return createResponse(req, { code: 0, remark: 'status' });
    });
    const response = await server.request(request(221), { timeoutMs: 1000 });
    expect(response).toMatchObject({ code: 0, remark: 'status' });
  });

  it('answers REQUEST_CODE_NOT_SUPPORTED (3) for a code with no processor', async () => {
    const { client, server } = track(memoryConnections());
    server.setProcessor(1, () => undefined);
    const response = await client.request(request(999), { timeoutMs: 1000 });
    expect(response).toMatchObject({ code: 3, remark: ' request type 999 not supported' });
  });

  it('uses the default processor for codes without their own', async () => {
    const { client, server } = track(memoryConnections());
    server.setDefaultProcessor((req) => createResponse(req, { code: 0, remark: `default ${req.code}` }));
    expect(await client.request(request(77), { timeoutMs: 1000 })).toMatchObject({ code: 0, remark: 'default 77' });
  });

  it('answers SYSTEM_ERROR (1) with the error text when a processor throws, and reports it', async () => {
    const { client, server } = track(memoryConnections());
    server.setProcessor(307, async () => {
      throw new Error('group unknown');
    });
    const reported = first(server.events$, (e): e is Extract<ConnectionEvent, { type: 'processor-error' }> => e.type === 'processor-error');
    const response = await client.request(request(307), { timeoutMs: 1000 });
    expect(response.code).toBe(1);
    expect(response.remark).toContain('group unknown');
    expect(await reported).toMatchObject({ code: 307, error: { message: 'group unknown' } });
  });

  it('never answers a oneway request: not when handled, not when unsupported, not when the processor throws', async () => {
    const { connection, peer } = track(connectionWithRawPeer());
    const handled = deferred<boolean>();
    connection.setProcessor(40, (req) => {
      handled.resolve(isOneway(req));
      return createResponse(req, { code: 0 });
    });
    connection.setProcessor(39, () => {
      throw new Error('boom');
    });
    connection.setProcessor(50, (req) => createResponse(req, { code: 0, remark: 'answered' }));
    peer.send({ ...request(40), opaque: 1, flag: FLAG_ONEWAY });
    peer.send({ ...request(39), opaque: 2, flag: FLAG_ONEWAY });
    peer.send({ ...request(999), opaque: 3, flag: FLAG_ONEWAY });
    peer.send({ ...request(50), opaque: 4 });
    expect(await handled.promise).toBe(true);
    const [only] = await peer.frames(1);
    expect(only).toMatchObject({ opaque: 4, remark: 'answered' });
    expect(connection.stats.requestsReceived).toBe(4);
  });

  it('sends oneway requests with the oneway flag and resolves once written', async () => {
    const { connection, peer } = track(connectionWithRawPeer());
    await connection.oneway(request(37));
    const [sent] = await peer.frames(1);
    expect(sent!.flag).toBe(FLAG_ONEWAY);
    expect(connection.inFlight).toBe(0);
  });
});

describe('Connection: failure and close', () => {
  it('closes on a malformed frame: one protocol-error event, in-flight rejected with protocol-error', async () => {
    const { connection, peer } = track(connectionWithRawPeer());
    const events: ConnectionEvent[] = [];
    connection.events$.subscribe((e) => events.push(e));
    const pending = connection.request(request(11), { timeoutMs: 60_000 });
    await peer.frames(1);
    peer.send(Buffer.from([0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0]));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'protocol-error', context: { address: 'peer:1', code: 11 } });
    expect((error as TransportError).cause).toBeInstanceOf(ProtocolError);
    expect((error as TransportError).cause).toMatchObject({ kind: 'negative-length' });
    const closed = await first(connection.closed$);
    expect(closed.reason).toBe('protocol-error');
    expect(events.map((e) => e.type)).toEqual(['protocol-error', 'closed']);
    expect(connection.isOpen).toBe(false);
  });

  it('delivers the frames decoded before a malformed one in the same chunk', async () => {
    const { connection, peer } = track(connectionWithRawPeer());
    const pending = connection.request(request(11), { timeoutMs: 60_000 });
    const [sent] = await peer.frames(1);
    const { encodeFrame } = await import('../../adapters/remoting/protocol/frame.js');
    peer.send(Buffer.concat([encodeFrame(createResponse(sent!, { code: 0 })), Buffer.from([0xff, 0xff, 0xff, 0xf0])]));
    expect((await pending).code).toBe(0);
    expect((await first(connection.closed$)).reason).toBe('protocol-error');
  });

  it('close() rejects everything in flight with connection-closed, clears timers, and is idempotent', async () => {
    const clock = new CountingClock();
    const { connection, peer } = track(connectionWithRawPeer({ clock }));
    const pending = [1, 2, 3].map((code) => connection.request(request(code), { timeoutMs: 60_000 }));
    await peer.frames(3);
    expect(connection.inFlight).toBe(3);
    const first = connection.close();
    const second = connection.close();
    const results = await Promise.allSettled(pending);
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { kind: 'connection-closed', context: { reason: 'local' } } });
    await Promise.all([first, second]);
    expect(connection.isOpen).toBe(false);
    expect(connection.inFlight).toBe(0);
    expect(clock.armed).toBe(0);
    expect(peer.end.destroyed).toBe(true);
    await expect(connection.request(request(4), { timeoutMs: 1000 })).rejects.toMatchObject({ kind: 'connection-closed' });
    await expect(connection.oneway(request(4))).rejects.toMatchObject({ kind: 'connection-closed' });
  });

  it('closes when the peer closes, rejecting in flight with connection-closed (reason peer)', async () => {
    const { connection, peer } = track(connectionWithRawPeer());
    const pending = connection.request(request(11), { timeoutMs: 60_000 });
    await peer.frames(1);
    peer.end.destroy();
    await expect(pending).rejects.toMatchObject({ kind: 'connection-closed', context: { reason: 'peer' } });
    expect(await first(connection.closed$)).toEqual({ reason: 'peer' });
  });

  it('closes on a socket error, carrying the error as cause', async () => {
    const [own, other] = createMemoryPair();
    const { connection } = track({ connection: new Connection(own, { idleTimeoutMs: 0 }) });
    const peer = new RawPeer(other);
    const pending = connection.request(request(11), { timeoutMs: 60_000 });
    await peer.frames(1);
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    own.destroy(reset);
    await expect(pending).rejects.toMatchObject({ kind: 'connection-closed', cause: reset });
    expect(await first(connection.closed$)).toEqual({ reason: 'socket-error', cause: reset });
    expect(connection.remoteAddress).toBe('memory');
  });
});
