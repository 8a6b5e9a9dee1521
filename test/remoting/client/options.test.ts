/** Client options: Java defaults, eager validation naming the option, and what each option changes on the wire. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRemotingClient, resolveRemotingClientOptions, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { createResponse } from '../../../adapters/remoting/protocol/command.js';
import { ScriptedServer } from './helpers/scripted-server.js';

describe('remoting client options', () => {
  it('defaults to JSON, JAVA, version 401 and a 3 s request timeout', () => {
    expect(resolveRemotingClientOptions({ nameServers: ['a:1'] })).toMatchObject({ serializeType: 'JSON', language: 'JAVA', version: 401, requestTimeoutMs: 3000 });
  });

  it.each([
    [{ nameServers: 'a:1' as unknown as string[] }, 'nameServers'],
    [{ nameServers: ['a:1', ''] }, 'nameServers'],
    [{ nameServers: ['a:1'], serializeType: 'XML' as 'JSON' }, 'serializeType'],
    [{ nameServers: ['a:1'], requestTimeoutMs: 0 }, 'requestTimeoutMs'],
    [{ nameServers: ['a:1'], version: 70000 }, 'version'],
    [{ nameServers: ['a:1'], serializeType: 'ROCKETMQ' as const, language: 'KOTLIN' }, 'language'],
    [{ nameServers: ['a:1'], credentials: { accessKey: 'ak', secretKey: '' } }, 'credentials'],
  ])('rejects %o naming %s', (options, option) => {
    expect(() => createRemotingClient(options)).toThrow(expect.objectContaining({ kind: 'invalid-option', context: expect.objectContaining({ option }) }));
  });

  describe('on the wire', () => {
    let server: ScriptedServer;
    let client: RemotingClient | undefined;
    afterEach(async () => {
      await client?.close();
      await server.close();
    });

    it('serializeType ROCKETMQ, language and version are what the requests carry', async () => {
      server = (await ScriptedServer.start()).otherwise((request) => createResponse(request, { code: 0 }));
      client = createRemotingClient({ nameServers: [server.address], serializeType: 'ROCKETMQ', language: 'GO', version: 407 });
      await client.heartbeat(server.address, { clientID: 'c', producerDataSet: [], consumerDataSet: [] });
      const sent = await server.request(1);
      expect([sent.serializeType, sent.language, sent.version]).toEqual(['ROCKETMQ', 'GO', 407]);
    });

    it('tls: connections use TLS (certificate checked against the given CA); tls false is plain TCP', async () => {
      // The transport tests' self-signed loopback certificate (CN=localhost, SAN 127.0.0.1).
      const fixtures = join(import.meta.dirname, '..', '..', 'transport', 'fixtures');
      const cert = readFileSync(join(fixtures, 'cert.pem'));
      server = (await ScriptedServer.start({ tls: { key: readFileSync(join(fixtures, 'key.pem')), cert } })).otherwise((r) => createResponse(r, { code: 0 }));
      client = createRemotingClient({ nameServers: [server.address], tls: { ca: cert } });
      await client.heartbeat(server.address, { clientID: 'c', producerDataSet: [], consumerDataSet: [] });
      expect(server.received).toHaveLength(1);
      await client.close();
      client = createRemotingClient({ nameServers: [server.address], tls: false, requestTimeoutMs: 300 });
      const plain = await client.heartbeat(server.address, { clientID: 'c', producerDataSet: [], consumerDataSet: [] }).catch((e: unknown) => e);
      expect((plain as { kind: string }).kind).toMatch(/^(connection-closed|request-timeout|protocol-error)$/);
      expect(server.received).toHaveLength(1);
    });

    it('close() releases every connection and makes later calls fail fast', async () => {
      server = (await ScriptedServer.start()).otherwise((request) => createResponse(request, { code: 0 }));
      client = createRemotingClient({ nameServers: [server.address] });
      await client.heartbeat(server.address, { clientID: 'c', producerDataSet: [], consumerDataSet: [] });
      expect(client.pool.connections.size).toBe(1);
      await client.close();
      await client.close();
      expect(client.pool.connections.size).toBe(0);
      await expect(client.getMaxOffset(server.address, { topic: 'T', brokerName: 'b', queueId: 0 })).rejects.toMatchObject({ kind: 'closed' });
    });
  });
});
