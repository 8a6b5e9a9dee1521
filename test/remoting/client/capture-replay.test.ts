/**
 * The client against captured frames: a scripted server answers with the captured responses of each scenario while
 * the client is driven through the same port calls the Java client made. Checks (a) the requests we send carry the
 * captured code, ext fields (values and key order) and, where the client builds them, bodies; (b) the captured
 * answers decode into the right port results.
 */
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemotingClient, type RemotingClient } from '../../../adapters/remoting/client/index.js';
import type { RemotingCommand } from '../../../adapters/remoting/protocol/command.js';
import { decodeProperties } from '../../../adapters/remoting/protocol/message/properties.js';
import type { PullResponse, SendResponse } from '../../../core/ports/broker-port.js';
import { exchanges, loadFrames, type Exchange } from './helpers/captures.js';
import { expectOutcome, type Outcome } from './helpers/oracle.js';
import { portCallFor } from './helpers/replay.js';
import { ScriptedServer } from './helpers/scripted-server.js';

/** The scenarios and the header serialization their Java client used (rocketmq-v2: binary ROCKETMQ headers). */
const SCENARIOS = [
  ['json-v2', 'JSON'],
  ['retry', 'JSON'],
  ['transaction', 'JSON'],
  ['orderly', 'JSON'],
  ['batch-and-delay', 'JSON'],
  ['admin-to-client', 'JSON'],
  ['rocketmq-v2', 'ROCKETMQ'],
] as const;

/** Ext fields the Java client adds that ours legitimately does not: `ReqT` (pull consumers' RPC hook, §2.7). */
const JAVA_ONLY_FIELDS = ['ReqT'];
/** Request bodies the client builds itself (not passed through), compared byte for byte. */
const BUILT_BODIES = new Set([34, 41, 42, 320]);

interface Replayed {
  exchange: Exchange;
  sent: RemotingCommand;
  outcome: Outcome;
}

/**
 * Ext fields as comparable data: properties decoded (their order is core's, not ours), Java-only fields dropped. Key
 * order is compared too, except when a Java-only field was dropped: one entry less can mean a smaller Java HashMap
 * table (13 entries resize it to 32 buckets, 12 do not), hence another iteration order.
 */
function comparable(cmd: RemotingCommand, dropped: readonly string[]): [string, string | Record<string, string>][] {
  const kept = Object.entries(cmd.extFields ?? {}).filter(([k]) => !dropped.includes(k));
  if (kept.length < Object.keys(cmd.extFields ?? {}).length) kept.sort(([a], [b]) => (a < b ? -1 : 1));
  return kept.map(([k, v]) => [k, (cmd.code === 310 || cmd.code === 320) && k === 'i' ? decodeProperties(v) : v]);
}

/** Our ext fields, ordered like the captured ones when those lost a Java-only field (see {@link comparable}). */
function comparableSent(sent: RemotingCommand, captured: RemotingCommand): [string, string | Record<string, string>][] {
  const reordered = Object.keys(captured.extFields ?? {}).some((k) => droppedFor(captured).includes(k));
  const entries = comparable(sent, []);
  return reordered ? entries.sort(([a], [b]) => (a < b ? -1 : 1)) : entries;
}

/** END_TRANSACTION carries `bname` in Java's first phase, but `EndTransactionRequest` has no broker name (see report). */
const droppedFor = (captured: RemotingCommand): string[] => (captured.code === 37 ? [...JAVA_ONLY_FIELDS, 'bname'] : JAVA_ONLY_FIELDS);

async function replay(client: RemotingClient, server: ScriptedServer, scenario: string): Promise<Replayed[]> {
  const done: Replayed[] = [];
  const replayable = exchanges(loadFrames(scenario)).filter((e) => portCallFor(e.request.command) !== undefined && (e.response !== undefined || e.request.kind === 'oneway'));
  for (const exchange of replayable) {
    if (exchange.response !== undefined) server.reply(exchange.response.command);
    const seen = server.received.length;
    const call = portCallFor(exchange.request.command)!;
    const outcome: Outcome = await call(client, server.address).then((value) => ({ value }), (error: unknown) => ({ error }));
    done.push({ exchange, sent: await server.request(seen + 1), outcome });
  }
  return done;
}

describe.each(SCENARIOS)('replaying the %s capture (%s headers)', (scenario, serializeType) => {
  let server: ScriptedServer;
  let client: RemotingClient;
  let replayed: Replayed[];

  beforeAll(async () => {
    server = await ScriptedServer.start();
    client = createRemotingClient({ nameServers: [server.address], clientIp: '192.0.2.2', serializeType });
    replayed = await replay(client, server, scenario);
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('covers the scenario (the Java client made these calls)', () => {
    expect(replayed.length).toBeGreaterThan(5);
  });

  it('sends each request with the captured code, flag, serialization, ext field values and key order', () => {
    for (const { exchange, sent } of replayed) {
      const captured = exchange.request.command;
      const where = exchange.request.file;
      expect({ where, code: sent.code, oneway: sent.flag & 2, serializeType: sent.serializeType }).toEqual({
        where,
        code: captured.code,
        oneway: captured.flag & 2,
        serializeType: captured.serializeType,
      });
      expect({ where, ext: comparableSent(sent, captured) }).toEqual({ where, ext: comparable(captured, droppedFor(captured)) });
      expect({ where, remark: sent.remark }).toEqual({ where, remark: captured.remark });
      if (BUILT_BODIES.has(captured.code)) expect({ where, body: sent.body?.toString('hex') }).toEqual({ where, body: captured.body?.toString('hex') });
      else expect({ where, body: sent.body?.length ?? 0 }).toEqual({ where, body: captured.body?.length ?? 0 });
    }
  });

  it('decodes every captured answer into the right port result', () => {
    for (const { exchange, outcome } of replayed) {
      try {
        expectOutcome(exchange, outcome);
      } catch (error) {
        throw new Error(`${scenario}/${exchange.response?.file ?? exchange.request.file}: ${(error as Error).message}`, { cause: error });
      }
    }
  });
});

/** Scenario facts checked by hand (from each capture's README), on top of the generic oracle. */
describe('captured answers, by hand', () => {
  let server: ScriptedServer;
  let client: RemotingClient;
  const results = new Map<string, Replayed[]>();

  beforeAll(async () => {
    server = await ScriptedServer.start();
    client = createRemotingClient({ nameServers: [server.address], clientIp: '192.0.2.2' });
    for (const scenario of ['json-v2', 'retry', 'orderly', 'batch-and-delay']) results.set(scenario, await replay(client, server, scenario));
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  const valueOf = (scenario: string, file: string): unknown => {
    const found = results.get(scenario)?.find((r) => r.exchange.request.file.includes(file));
    if (found === undefined || !('value' in found.outcome)) throw new Error(`no result for ${scenario} ${file}: ${JSON.stringify(found?.outcome)}`);
    return found.outcome.value;
  };

  it('json-v2: three sends, then a pull of all three (tags, keys, user properties, UTF-8 and inflated bodies)', () => {
    const sends = ['_op4.', '_op8.', '_op10.'].map((op) => valueOf('json-v2', `SEND_MESSAGE_V2${op}`) as SendResponse);
    expect(sends.map((s) => [s.status, s.offsetMsgId, s.queueOffset])).toEqual([
      ['SEND_OK', '7F00000100002A9F000000000003A836', 0],
      ['SEND_OK', '7F00000100002A9F000000000003A947', 1],
      ['SEND_OK', '7F00000100002A9F000000000003AA47', 2],
    ]);
    const frames = loadFrames('json-v2');
    const sentBodies = ['004_', '008_', '010_'].map((p) => frames.find((f) => f.file.includes(p))!.command.body as Buffer);
    const pull = valueOf('json-v2', 'PULL_MESSAGE_op27.') as PullResponse;
    expect(pull.status).toBe('FOUND');
    expect(pull.messages.map((m) => [m.queueOffset, m.properties['TAGS'], m.properties['KEYS']])).toEqual([
      [0, 'TagA', 'KEY-1 KEY-ONE'],
      [1, 'TagB', 'KEY-2'],
      [2, 'TagA', 'KEY-3'],
    ]);
    expect(pull.messages[0]!.properties).toMatchObject({ traceId: 'abc-123', userProp: 'value-1' });
    expect(pull.messages[0]!.body).toEqual(sentBodies[0]);
    expect(pull.messages[1]!.body.toString('utf8')).toBe(sentBodies[1]!.toString('utf8'));
    expect(pull.messages[2]!.sysFlag & 1).toBe(1);
    expect(pull.messages[2]!.body).toEqual(inflateSync(sentBodies[2]!));
    expect(pull.messages[2]!.body.length).toBe(6012);
    expect(pull.messages.map((m) => m.offsetMsgId)).toEqual(sends.map((s) => s.offsetMsgId));
    const filtered = valueOf('json-v2', 'PULL_MESSAGE_op29.') as PullResponse;
    expect([filtered.messages.map((m) => m.queueOffset), filtered.nextBeginOffset]).toEqual([[1], 3]);
    expect((valueOf('json-v2', 'PULL_MESSAGE_op31.') as PullResponse).status).toBe('NO_NEW_MSG');
  });

  it('retry: the redelivery from %RETRY% has reconsumeTimes 1 and the retry properties', () => {
    const pull = valueOf('retry', 'PULL_MESSAGE_op46.') as PullResponse;
    expect(pull.messages).toHaveLength(1);
    const m = pull.messages[0]!;
    expect([m.topic, m.reconsumeTimes, m.properties['RETRY_TOPIC'], m.properties['ORIGIN_MESSAGE_ID'], m.properties['KEYS']]).toEqual([
      '%RETRY%CapRetryConsumerGroup',
      1,
      'CapRetryTopic',
      '7F00000100002A9F000000007C507D3A',
      'ALWAYS-FAIL',
    ]);
    expect(m.msgId).toBe('FD0000000000000000000000000000026B0D30946E097B01D7090001');
    expect(valueOf('retry', 'GET_CONSUMER_LIST_BY_GROUP_op25.')).toEqual(['192.0.2.2@retry-consumer']);
    expect(valueOf('retry', 'QUERY_CONSUMER_OFFSET_op27.')).toBe(0);
  });

  it('orderly: lock answers become the locked sets, a refused lock an empty one', () => {
    expect(valueOf('orderly', 'LOCK_BATCH_MQ_op43.')).toEqual([{ topic: 'CapOrderTopic', brokerName: 'broker-a', queueId: 2 }]);
    expect(valueOf('orderly', 'LOCK_BATCH_MQ_op123.')).toEqual([]);
    expect((valueOf('orderly', 'LOCK_BATCH_MQ_op100.') as unknown[]).length).toBe(5);
    expect(valueOf('orderly', 'GET_CONSUMER_LIST_BY_GROUP_op115.')).toEqual(['192.0.2.2@orderly-A', '192.0.2.2@orderly-B']);
  });

  it('batch-and-delay: batch send ids, offsets, and the viewed message', () => {
    const batch = valueOf('batch-and-delay', 'SEND_BATCH_MESSAGE') as SendResponse;
    expect(batch.offsetMsgId.split(',')).toHaveLength(3);
    expect(batch.queueOffset).toBe(0);
    expect(valueOf('batch-and-delay', 'GET_MAX_OFFSET')).toBe(4);
    expect(valueOf('batch-and-delay', 'GET_MIN_OFFSET')).toBe(0);
    const viewed = valueOf('batch-and-delay', 'VIEW_MESSAGE_BY_ID_op19.') as { properties: Record<string, string>; body: Buffer };
    expect([viewed.properties['KEYS'], viewed.body.toString()]).toEqual(['BATCH-1', 'batch body 1']);
  });
});
