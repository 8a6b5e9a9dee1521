import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse } from '../../adapters/remoting/protocol/command.js';
import { ProtocolError } from '../../adapters/remoting/protocol/errors.js';
import { connect } from '../../adapters/remoting/transport/connect.js';
import { RemotingServer, type ServerEvent } from '../../adapters/remoting/transport/server.js';
import { deferred, first, request } from './helpers.js';

const owned: Array<{ close(): Promise<void> }> = [];
const own = <T extends { close(): Promise<void> }>(thing: T): T => (owned.push(thing), thing);

afterEach(async () => {
  for (const thing of owned.splice(0).reverse()) await thing.close();
});

async function echoServer(): Promise<{ server: RemotingServer; address: string }> {
  const server = own(new RemotingServer({ connection: { idleTimeoutMs: 0 } }));
  server.setProcessor(105, (req) => createResponse(req, { code: 0, extFields: req.extFields ?? {} }));
  const { host, port } = await server.listen();
  expect(host).toBe('127.0.0.1');
  return { server, address: `${host}:${port}` };
}

describe('transport over loopback TCP', () => {
  it('connects, and a request gets its response', async () => {
    const { server, address } = await echoServer();
    const accepted = first(server.connection$);
    const client = own(await connect(address, { idleTimeoutMs: 0 }));
    expect(client.remoteAddress).toBe(address);
    const response = await client.request(request(105, { topic: 'TopicTest' }), { timeoutMs: 2000 });
    expect(response).toMatchObject({ code: 0, extFields: { topic: 'TopicTest' } });
    const serverSide = await accepted;
    expect(server.connections.has(serverSide)).toBe(true);
    expect(serverSide.remoteAddress).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('takes a tick of 200 requests of 2 KiB into the socket at once, with none left waiting for drain', async () => {
    const { server, address } = await echoServer();
    server.setProcessor(11, (req) => createResponse(req, { code: 0 }));
    const client = own(await connect(address, { idleTimeoutMs: 0 }));
    // All written in one tick: the socket is corked until the next, and buffers the 400 KiB meanwhile.
    const pending = Array.from({ length: 200 }, () => client.request(request(11, undefined, Buffer.alloc(2048, 7)), { timeoutMs: 5000 }));
    expect(client.queuedBytes).toBe(0);
    expect((await Promise.all(pending)).every((r) => r.code === 0)).toBe(true);
  });

  it('reads responses of any size into its arenas: small ones back to back, and one larger than an arena', async () => {
    const { server, address } = await echoServer();
    server.setProcessor(11, (req) => createResponse(req, { code: 0, ...(req.body === undefined ? {} : { body: req.body }) }));
    const client = own(await connect(address, { idleTimeoutMs: 0 }));
    const sizes = [1, 100, 70_000, 3, 600_000, 5_000, 250_000, 2];
    const bodies = sizes.map((size, i) => Buffer.alloc(size, i + 1));
    const responses = await Promise.all(
      bodies.map((body) => client.request({ ...request(11), body }, { timeoutMs: 5000 })),
    );
    expect(responses.map((r) => r.body?.length)).toEqual(sizes);
    responses.forEach((r, i) => expect(r.body?.equals(bodies[i] as Buffer)).toBe(true));
  });

  it('lets the server push a request to the client over the client connection', async () => {
    const { server, address } = await echoServer();
    const accepted = first(server.connection$);
    const client = own(await connect(address, { idleTimeoutMs: 0 }));
    client.setProcessor(221, (req) => createResponse(req, { code: 0, remark: 'consumer status' }));
    const response = await (await accepted).request(request(221), { timeoutMs: 2000 });
    expect(response.remark).toBe('consumer status');
  });

  it('closes only the connection that sent a malformed frame; another connection keeps working', async () => {
    const { server, address } = await echoServer();
    const healthy = own(await connect(address, { idleTimeoutMs: 0 }));
    await healthy.request(request(105), { timeoutMs: 2000 });
    const events: ServerEvent[] = [];
    server.events$.subscribe((e) => events.push(e));

    const raw = await rawSocket(address);
    const rawClosed = new Promise((resolve) => raw.once('close', resolve));
    raw.write(Buffer.from([0x00, 0x00, 0x00, 0x08, 0x07, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04])); // serialization type 7
    await rawClosed;

    const protocolErrors = events.filter((e) => e.type === 'connection-event' && e.event.type === 'protocol-error');
    expect(protocolErrors).toHaveLength(1);
    const reported = protocolErrors[0] as Extract<ServerEvent, { type: 'connection-event' }>;
    expect(reported.event).toMatchObject({ error: { kind: 'unknown-serialize-type' } });
    expect((reported.event as { error: unknown }).error).toBeInstanceOf(ProtocolError);
    await first(reported.connection.closed$);
    expect(server.connections.has(reported.connection)).toBe(false);

    const after = await healthy.request(request(105, { still: 'ok' }), { timeoutMs: 2000 });
    expect(after.extFields).toEqual({ still: 'ok' });
    expect(server.connections.size).toBe(1);
  });

  it('server close() closes clients, rejects their in-flight requests, stops listening, and is idempotent', async () => {
    const server = new RemotingServer({ connection: { idleTimeoutMs: 0 } });
    const arrived = deferred();
    server.setProcessor(11, () => {
      arrived.resolve();
      return new Promise(() => undefined); // never answers
    });
    const { port } = await server.listen();
    const address = `127.0.0.1:${port}`;
    const clients = [own(await connect(address, { idleTimeoutMs: 0 })), own(await connect(address, { idleTimeoutMs: 0 }))];
    const pending = clients[0]!.request(request(11), { timeoutMs: 60_000 });
    await waitForConnections(server, 2);
    await arrived.promise; // read by the server, so closing is a clean FIN rather than a reset
    await Promise.all([server.close(), server.close()]);
    expect(server.connections.size).toBe(0);
    await expect(pending).rejects.toMatchObject({ kind: 'connection-closed', context: { reason: 'peer' } });
    for (const client of clients) expect((await first(client.closed$)).reason).toBe('peer');
    await expect(connect(address, { connectTimeoutMs: 2000 })).rejects.toMatchObject({
      kind: 'connect-failed',
      context: { address },
      cause: { code: 'ECONNREFUSED' },
    });
    await expect(server.listen()).rejects.toMatchObject({ kind: 'listen-failed' });
  });

  it('connect() rejects connect-failed on a refused port and connect-timeout when the handshake never completes', async () => {
    const refused = await closedPort();
    await expect(connect(`127.0.0.1:${refused}`)).rejects.toMatchObject({ kind: 'connect-failed' });
    await expect(connect('nonsense')).rejects.toMatchObject({ kind: 'invalid-address' });

    // A TCP server that accepts but never speaks TLS: the TLS handshake cannot finish.
    const silent = await silentServer();
    await expect(connect(silent.address, { tls: true, connectTimeoutMs: 50 })).rejects.toMatchObject({
      kind: 'connect-timeout',
      context: { address: silent.address, timeoutMs: 50 },
    });
  });

  it('connects to an IPv6 loopback address written as [::1]:port', async (ctx) => {
    const server = own(new RemotingServer({ connection: { idleTimeoutMs: 0 } }));
    server.setProcessor(105, (req) => createResponse(req, { code: 0 }));
    const bound = await server.listen({ host: '::1' }).catch((e: unknown) => e);
    if (bound instanceof Error) return ctx.skip(`no IPv6 loopback here: ${bound.message}`);
    const { host, port } = bound as { host: string; port: number };
    expect(host).toBe('::1');
    const client = own(await connect(`[::1]:${port}`, { idleTimeoutMs: 0 }));
    expect(client.remoteAddress).toBe(`[::1]:${port}`);
    expect((await client.request(request(105), { timeoutMs: 2000 })).code).toBe(0);
    const [accepted] = [...server.connections];
    expect(accepted?.remoteAddress).toMatch(/^\[::1\]:\d+$/);
  });

  it('reports listen-failed for a port in use', async () => {
    const { address } = await echoServer();
    const second = own(new RemotingServer());
    const port = Number(address.split(':')[1]);
    await expect(second.listen({ port })).rejects.toMatchObject({ kind: 'listen-failed', cause: { code: 'EADDRINUSE' } });
  });
});

async function waitForConnections(server: RemotingServer, count: number): Promise<void> {
  while (server.connections.size < count) await first(server.connection$);
}

function rawSocket(address: string): Promise<Socket> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: host!, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
    own({ close: async () => void socket.destroy() });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function silentServer(): Promise<{ address: string }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  own({
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return { address: `127.0.0.1:${(server.address() as { port: number }).port}` };
}
