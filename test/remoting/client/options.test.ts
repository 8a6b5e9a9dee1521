/** Client options: Java defaults, eager validation naming the option, and what each option changes on the wire. */
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
