import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createResponse, FLAG_RESPONSE, isOneway, type RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { connectionWithRawPeer, deferred } from './helpers.js';

// A real 4.9.8 broker → consumer byte stream: responses to the consumer's requests, interleaved with requests
// the broker pushed (NOTIFY_CONSUMER_IDS_CHANGED oneway, GET_CONSUMER_RUNNING_INFO sync, RESET_CONSUMER_CLIENT_OFFSET oneway).
const scenario = join(import.meta.dirname, '../../../shared/protocol/captures/admin-to-client');
const stream = readFileSync(join(scenario, 'streams/conn03_broker10911_clientport43137.s2c.bin'));

interface IndexedFrame {
  conn: string;
  direction: string;
  kind: 'request' | 'oneway' | 'response';
  code: number;
  opaque: number;
}
const frames = (JSON.parse(readFileSync(join(scenario, 'index.json'), 'utf8')) as { frames: IndexedFrame[] }).frames.filter(
  (f) => f.conn === 'conn03_broker10911' && f.direction === 's2c',
);

describe('a captured broker → client stream, replayed into a Connection', () => {
  it.each([1, 7, 64, stream.length])('dispatches pushed requests and drops unmatched responses (chunks of %i bytes)', async (size) => {
    const { connection, peer } = connectionWithRawPeer();
    const pushed: RemotingCommand[] = [];
    const reset = deferred();
    connection.setProcessor(307, (req) => {
      pushed.push(req);
      return createResponse(req, { code: 0, body: Buffer.from('{"properties":{}}') });
    });
    connection.setProcessor(220, (req) => {
      pushed.push(req);
      reset.resolve();
    });
    for (let at = 0; at < stream.length; at += size) peer.send(stream.subarray(at, at + size));

    const syncPushes = frames.filter((f) => f.kind === 'request');
    expect(syncPushes.map((f) => f.code)).toEqual([307]);
    const answers = await peer.frames(syncPushes.length);
    await reset.promise;
    expect(answers.map((a) => [a.code, a.opaque, a.flag & FLAG_RESPONSE])).toEqual([[0, 4656234, FLAG_RESPONSE]]);
    expect(pushed.map((p) => [p.code, isOneway(p)])).toEqual([
      [307, false],
      [220, true],
    ]);
    expect(pushed[0]?.extFields).toMatchObject({ consumerGroup: 'CapAdminConsumerGroup3', jstackEnable: 'false' });
    expect(pushed[1]?.body?.toString()).toContain('"offsetTable"');
    expect(connection.stats).toMatchObject({
      unknownResponses: frames.filter((f) => f.kind === 'response').length,
      requestsReceived: frames.filter((f) => f.kind !== 'response').length,
    });
    expect(connection.isOpen).toBe(true);
    await connection.close();
    expect(peer.received).toHaveLength(1); // the oneway pushes (40 and 220) were never answered
  });
});
