/**
 * ACL signing: the acl capture's signed requests are replayed with the same credentials and must carry the same
 * AccessKey and Signature (in Java's key order); the server side re-verifies every signature with `computeSignature`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import { computeSignature } from '../../../adapters/remoting/protocol/acl.js';
import { createResponse } from '../../../adapters/remoting/protocol/command.js';
import { isBrokerResponseError } from '../../../core/ports/errors.js';
import { exchanges, loadFrames } from './helpers/captures.js';
import { portCallFor } from './helpers/replay.js';
import { ScriptedServer } from './helpers/scripted-server.js';

const signedBy = (secret: string) =>
  exchanges(loadFrames('acl')).filter((e) => e.request.command.extFields?.['AccessKey'] !== undefined && portCallFor(e.request.command) !== undefined)
    .filter((e) => computeSignature(e.request.command.extFields, e.request.command.body, secret) === e.request.command.extFields?.['Signature']);

describe('ACL signing', () => {
  let server: ScriptedServer;
  const clients: RemotingClient[] = [];
  const clientWith = (secretKey: string): RemotingClient => {
    const client = createRemotingClient({ nameServers: [server.address], credentials: { accessKey: 'rocketmq2', secretKey } });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = (await ScriptedServer.start()).otherwise((request) => createResponse(request, { code: 0 }));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await server.close();
  });

  it.each([['12345678'], ['wrong-secret']])('replays the requests signed with %s: same ext fields, same Signature, same key order', async (secret) => {
    const signed = signedBy(secret);
    expect(signed.length).toBeGreaterThanOrEqual(5);
    const client = clientWith(secret);
    for (const e of signed) {
      const before = server.received.length;
      await portCallFor(e.request.command)!(client, server.address).catch(() => undefined); // answers do not matter here
      const sent = await server.request(before + 1);
      expect({ file: e.request.file, ext: Object.entries(sent.extFields ?? {}) }).toEqual({ file: e.request.file, ext: Object.entries(e.request.command.extFields ?? {}) });
    }
  });

  it('every signed request verifies on the server with computeSignature, with and without a body; a wrong key does not', async () => {
    const client = clientWith('12345678');
    await client.getRouteInfo('T').catch(() => undefined);
    await client.heartbeat(server.address, { clientID: '192.0.2.2@acl', producerDataSet: [{ groupName: 'G' }], consumerDataSet: [] });
    await client.sendOneway(server.address, {
      producerGroup: 'G', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 0, sysFlag: 0, bornTimestamp: 1,
      flag: 0, properties: { KEYS: 'ключ' }, brokerName: 'b', body: Buffer.from('тело'),
    });
    await server.request(3);
    for (const request of server.received) {
      const ext = request.extFields ?? {};
      expect(ext['AccessKey']).toBe('rocketmq2');
      expect(ext['Signature']).toBe(computeSignature(ext, request.body, '12345678'));
      expect(ext['Signature']).not.toBe(computeSignature(ext, request.body, '12345679'));
    }
    expect(server.received.map((r) => r.body?.length ?? 0).filter((n) => n > 0)).toHaveLength(2);
  });

  it('sends SecurityToken when given, and signs it', async () => {
    const client = createRemotingClient({ nameServers: [server.address], credentials: { accessKey: 'ak', secretKey: 'sk', securityToken: 'tok' } });
    clients.push(client);
    await client.heartbeat(server.address, { clientID: 'c', producerDataSet: [], consumerDataSet: [] });
    const ext = (await server.request(1)).extFields ?? {};
    expect(ext['SecurityToken']).toBe('tok');
    expect(ext['Signature']).toBe(computeSignature(ext, (await server.request(1)).body, 'sk'));
  });

  it('an ACL refusal (captured SYSTEM_ERROR with the AclException) is a BrokerResponseError', async () => {
    const refused = exchanges(loadFrames('acl')).find((e) => e.request.command.code === 310 && e.response?.command.code === 1)!;
    server.reply(refused.response!.command);
    const error: unknown = await portCallFor(refused.request.command)!(clientWith('12345678'), server.address).catch((e: unknown) => e);
    expect(isBrokerResponseError(error)).toBe(true);
    expect(error).toMatchObject({ code: 1, retriable: true });
    expect((error as { remark: string }).remark).toContain('AclException');
  });
});
