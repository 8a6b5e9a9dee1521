import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../adapters/remoting/transport/connection.js';
import { connectionWithRawPeer, request } from './helpers.js';
import { Recorder } from './recorder.js';

const opened: Connection[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('Connection.requestWithin (no options, no signal: cancelled through its handle)', () => {
  it('answers like requestTo, and a cancel after the answer changes nothing', async () => {
    const { connection, peer } = connectionWithRawPeer();
    opened.push(connection);
    const sink = new Recorder<unknown>();
    const handle = connection.requestWithin(request(1), 1000, sink);
    const [frame] = await peer.frames(1);
    peer.respond(frame!, 7);
    await sink.settled;
    handle.cancel(new Error('too late'));
    expect(sink.outcomes).toEqual([{ value: expect.objectContaining({ code: 7, opaque: frame!.opaque }) }]);
    expect(connection.inFlight).toBe(0);
  });

  it('cancelled, fails with request-aborted (the reason as cause) at once, leaves the books, and ignores the late answer', async () => {
    const { connection, peer } = connectionWithRawPeer();
    opened.push(connection);
    const sink = new Recorder<unknown>();
    const other = new Recorder<unknown>();
    const handle = connection.requestWithin(request(1), 1000, sink);
    connection.requestWithin(request(2), 1000, other);
    const [f1, f2] = await peer.frames(2);
    const reason = new Error('attempt timed out');
    handle.cancel(reason);
    expect(sink.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'request-aborted', cause: reason }) }]);
    expect(connection.inFlight).toBe(1);
    handle.cancel(new Error('twice'));
    peer.respond(f1!, 0);
    peer.respond(f2!, 9);
    await other.settled;
    expect(sink.outcomes).toHaveLength(1);
    expect(other.outcomes).toEqual([{ value: expect.objectContaining({ code: 9 }) }]);
    expect(connection.stats.unknownResponses).toBe(1);
  });

  it('times out by its own bound', async () => {
    const { connection, peer } = connectionWithRawPeer();
    opened.push(connection);
    const sink = new Recorder<unknown>();
    connection.requestWithin(request(1), 5, sink);
    await peer.frames(1);
    await sink.settled;
    expect(sink.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'request-timeout', context: expect.objectContaining({ timeoutMs: 5 }) }) }]);
    expect(connection.inFlight).toBe(0);
  });

  it('on a closed connection, or with a frame that cannot be encoded, fails after the call; its handle does nothing', async () => {
    const { connection } = connectionWithRawPeer();
    const unencodable = new Recorder<unknown>();
    const bad = unencodable.during((sink) => connection.requestWithin({ ...request(1), code: 2 ** 40 }, 1000, sink));
    await connection.close();
    let handle: { cancel(reason: unknown): void } | undefined;
    const closed = new Recorder<unknown>().during((sink) => (handle = connection.requestWithin(request(1), 1000, sink)));
    handle!.cancel(new Error('ignored'));
    await Promise.all([bad.settled, closed.settled]);
    expect(unencodable.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'invalid-header-field' }) }]);
    expect(closed.outcomes).toEqual([{ error: expect.objectContaining({ kind: 'connection-closed' }) }]);
    expect(unencodable.calledInCall || closed.calledInCall).toBe(false);
  });
});
