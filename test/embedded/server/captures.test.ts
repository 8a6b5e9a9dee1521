import { afterEach, describe, expect, it } from 'vitest';
import { RequestCode, requestCodeName, ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { loadCapture, type Capture } from './captures/capture.js';
import { replay } from './captures/replay.js';
import { client, Resources, startBroker } from './helpers.js';

const resources = new Resources();
afterEach(() => resources.closeAll());

/** Admin-tool requests (mqadmin) the embedded broker does not implement: answered REQUEST_CODE_NOT_SUPPORTED. */
const NOT_IMPLEMENTED = new Set<number>([
  RequestCode.GET_CONSUMER_CONNECTION_LIST, RequestCode.GET_CONSUMER_RUNNING_INFO,
  RequestCode.GET_TOPIC_STATS_INFO, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
]);

/**
 * The differences that remain, each for a stated reason. A test fails on any other difference, and on a listed one
 * that no longer occurs.
 */
const KNOWN: Record<string, { pattern: RegExp; reason: string }[]> = {
  transaction: [
    {
      pattern: /045_.*PULL_MESSAGE: message 1 (storeSize: real 355, ours 329|property names: .*TRANSACTION_CHECK_TIMES.*|properties string: real "REAL_TOPIC=CapTxTopic2 \| TRANSACTION_CHECK_TIMES=1 \| .*)$/,
      reason: 'TX-KEY-3 was committed by the answer to the real broker\'s CHECK_TRANSACTION_STATE, sent ~51 s after the '
        + 'half message; the check re-put the half message with TRANSACTION_CHECK_TIMES=1, which the commit copied. The '
        + 'replay does not wait for a check (broker-initiated), so our committed copy has no check count.',
    },
  ],
};

/** Request/response pairs the replay must have compared: every captured answer to a client request it sent. */
function answered(capture: Capture): number {
  return capture.frames.filter((f) => f.direction === 'c2s' && f.kind === 'request' && capture.responseTo(f) !== undefined)
    .filter((f) => f.command.code !== RequestCode.REGISTER_BROKER && f.command.code !== RequestCode.UNREGISTER_BROKER).length;
}

const SCENARIOS = ['json-v1', 'json-v2', 'rocketmq-v2', 'rocketmq-binary', 'legacy-route', 'batch-and-delay', 'retry', 'orderly', 'transaction', 'admin-to-client'];

describe.each(SCENARIOS)('captures/%s replayed against the embedded broker', (name) => {
  it('answers every request with the code, fields and body structure of the real 4.9.8 broker', async () => {
    // Delay levels of 1 s: the replay waits (long polling) for delayed and retried messages, the real run waited 5-10 s.
    const { mq } = await startBroker(resources, { engine: { messageDelayLevel: Array(18).fill('1s').join(' ') } });
    const capture = loadCapture(name);
    const compared = await replay(capture, mq, resources);
    expect(compared).toHaveLength(answered(capture));
    const implemented = compared.filter((c) => !NOT_IMPLEMENTED.has(c.request.command.code));
    const differences = implemented.flatMap((c) => c.differences.map((d) => `${c.request.file} → ${requestCodeName(c.request.command.code)}: ${d}`));
    const known = KNOWN[name] ?? [];
    expect(differences.filter((d) => !known.some((k) => k.pattern.test(d)))).toEqual([]);
    for (const k of known) expect(differences.some((d) => k.pattern.test(d)), k.reason).toBe(true);
    for (const c of compared.filter((x) => NOT_IMPLEMENTED.has(x.request.command.code))) expect(c.ours.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
  });
});

describe('captured broker → name server registrations', () => {
  it('answers each REGISTER_BROKER as the real name server did (a master: "extFields":{}, no body), and no oneway one', async () => {
    // A broker of another name, so that the captured broker-a registering does not replace ours.
    const { mq } = await startBroker(resources, { brokers: ['embedded-x'] });
    const c = await client(resources, mq.address);
    let requests = 0;
    for (const name of ['json-v1', 'json-v2', 'acl']) {
      const capture = loadCapture(name);
      for (const frame of capture.frames.filter((f) => f.direction === 'c2s' && f.command.code === RequestCode.REGISTER_BROKER)) {
        requests++;
        if (frame.kind === 'oneway') {
          await c.connection.oneway(frame.command);
          continue;
        }
        const theirs = capture.responseTo(frame)!.command;
        const ours = await c.connection.request(frame.command, { timeoutMs: 5000 });
        expect([ours.code, ours.extFields, ours.remark, ours.body, ours.version]).toEqual([theirs.code, theirs.extFields, theirs.remark, theirs.body, theirs.version]);
      }
    }
    expect(requests).toBeGreaterThan(5);
    expect((await c.call({ code: RequestCode.GET_BROKER_CLUSTER_INFO })).code).toBe(ResponseCode.SUCCESS);
    expect(c.connection.stats.unknownResponses).toBe(0);
  });
});
