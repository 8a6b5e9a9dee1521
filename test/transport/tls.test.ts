import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse } from '../../adapters/remoting/protocol/command.js';
import { connect } from '../../adapters/remoting/transport/connect.js';
import { RemotingServer } from '../../adapters/remoting/transport/server.js';
import { first, request } from './helpers.js';

// Self-signed, CN=localhost, SAN IP:127.0.0.1, IP:::1, DNS:localhost, valid until 2126 (test fixture only).
const fixtures = join(import.meta.dirname, 'fixtures');
const key = readFileSync(join(fixtures, 'key.pem'));
const cert = readFileSync(join(fixtures, 'cert.pem'));

const owned: Array<{ close(): Promise<void> }> = [];
const own = <T extends { close(): Promise<void> }>(thing: T): T => (owned.push(thing), thing);
afterEach(async () => {
  for (const thing of owned.splice(0).reverse()) await thing.close();
});

async function tlsServer(): Promise<{ server: RemotingServer; port: number }> {
  const server = own(new RemotingServer({ connection: { idleTimeoutMs: 0 } }));
  server.setProcessor(105, (req) => createResponse(req, { code: 0, remark: 'over tls' }));
  const { port } = await server.listen({ tls: { key, cert } });
  return { server, port };
}

describe('transport over TLS on loopback', () => {
  it('round-trips a request with the certificate verified against the fixture CA (by IP and by name)', async () => {
    const { port } = await tlsServer();
    for (const address of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const client = own(await connect(address, { tls: { ca: cert }, idleTimeoutMs: 0 }));
      expect(await client.request(request(105), { timeoutMs: 2000 })).toMatchObject({ code: 0, remark: 'over tls' });
    }
  });

  it('rejects connect-failed when the certificate is not trusted (tls: true uses the default CAs)', async () => {
    const { server, port } = await tlsServer();
    const error = await connect(`127.0.0.1:${port}`, { tls: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'connect-failed', cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
    expect(server.connections.size).toBe(0);
  });

  it('a plain-TCP client gets no response from a TLS server, and a TLS client still works', async () => {
    const { server, port } = await tlsServer();
    const tlsErrored = first(server.events$, (e) => e.type === 'tls-error');
    const plain = own(await connect(`127.0.0.1:${port}`, { idleTimeoutMs: 0 }));
    await expect(plain.request(request(105), { timeoutMs: 2000 })).rejects.toMatchObject({ kind: 'connection-closed' });
    expect(await tlsErrored).toMatchObject({ type: 'tls-error' });
    const secure = own(await connect(`127.0.0.1:${port}`, { tls: { ca: cert }, idleTimeoutMs: 0 }));
    expect((await secure.request(request(105), { timeoutMs: 2000 })).code).toBe(0);
  });

  it('takes a tick of 200 requests of 2 KiB into the socket at once, with none left waiting for drain', async () => {
    const { server, port } = await tlsServer();
    server.setProcessor(11, (req) => createResponse(req, { code: 0 }));
    const client = own(await connect(`127.0.0.1:${port}`, { tls: { ca: cert }, idleTimeoutMs: 0 }));
    const pending = Array.from({ length: 200 }, () => client.request(request(11, undefined, Buffer.alloc(2048, 7)), { timeoutMs: 5000 }));
    expect(client.queuedBytes).toBe(0);
    expect((await Promise.all(pending)).every((r) => r.code === 0)).toBe(true);
  });
});
