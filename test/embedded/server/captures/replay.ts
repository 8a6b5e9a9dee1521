/**
 * Replays the client side of a captured scenario against our broker, in capture order: each client connection
 * becomes one connection to our broker (name server and broker share its port); requests are sent as captured (new
 * opaques, see `translate` for the few values that must change); each captured response is awaited where it
 * appears in the capture, so a long-polled pull is answered by the sends that woke it, as it was.
 */
import type { RemotingCommand } from '../../../../adapters/remoting/protocol/command.js';
import { RequestCode, ResponseCode } from '../../../../adapters/remoting/protocol/codes.js';
import { decodeTopicRoute } from '../../../../adapters/remoting/protocol/body/route.js';
import type { EmbeddedBroker } from '../../../../adapters/embedded/start.js';
import { client, pullRequest, type RawClient, type Resources } from '../helpers.js';
import type { Capture, Frame } from './capture.js';
import { compareResponses, isHalfMessage } from './compare.js';
import { ReplayMapping, translate } from './translate.js';

export interface Compared {
  request: Frame;
  response: Frame;
  ours: RemotingCommand;
  differences: string[];
}

/** Broker ↔ name-server registration frames: replayed separately (they would re-point our own broker's route). */
const REGISTRATION = new Set<number>([RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER]);

export async function replay(capture: Capture, mq: EmbeddedBroker, resources: Resources): Promise<Compared[]> {
  await createCapturedTopics(capture, mq);
  const start = capture.frames[0]!.ts * 1000;
  const end = capture.frames[capture.frames.length - 1]!.ts * 1000;
  const map = new ReplayMapping(Math.round(Date.now() - start), { from: start - 3_600_000, to: end + 3_600_000 });
  const clients = new Map<string, RawClient>();
  const side = await client(resources, mq.address);
  const connection = async (conn: string) => clients.get(conn) ?? clients.set(conn, await client(resources, mq.address)).get(conn)!;
  const pending = new Map<Frame, { request: RemotingCommand; answer: Promise<RemotingCommand> }>();
  const compared: Compared[] = [];
  for (const frame of capture.frames) {
    if (frame.direction === 'c2s' && frame.kind !== 'response' && !REGISTRATION.has(frame.command.code)) {
      const response = capture.responseTo(frame);
      map.replaying(frame.ts * 1000, Date.now());
      const request = translate(frame, response, map);
      const c = await connection(frame.conn);
      if (frame.kind === 'oneway') {
        await c.connection.oneway(request);
        await c.call({ code: RequestCode.GET_BROKER_CLUSTER_INFO }); // its effect is in place before the next frame
        continue;
      }
      if (response !== undefined && quickPullSuccess(frame, response)) await awaitQueue(side, response.command, request);
      const answer = c.connection.request(request, { timeoutMs: 30_000 });
      if (response === undefined) answer.catch(() => undefined); // parked when the capture ended: never answered there
      else pending.set(response, { request, answer });
      // One request at a time, as the real broker's single send thread stores them; only a pull that may be held
      // (long polling) is left open until its answer's place in the capture.
      if (!mayBeHeld(request)) await answer.catch(() => undefined);
    } else if (frame.kind === 'response' && pending.has(frame)) {
      const { request, answer } = pending.get(frame)!;
      const ours = await answer;
      const differences = compareResponses(request, frame.command, ours, {
        address: mq.address, shiftMs: map.shiftMs, halfMessage: isHalfMessage(request), physical: (real) => map.physical.get(real),
      });
      map.learn(request, frame.command, ours);
      compared.push({ request: capture.frames.find((f) => capture.responseTo(f) === frame)!, response: frame, ours, differences });
    }
  }
  return compared;
}

/** Topics the real broker had before the capture started (the first route asked for them succeeded), as it had them. */
async function createCapturedTopics(capture: Capture, mq: EmbeddedBroker): Promise<void> {
  const seen = new Set<string>();
  for (const frame of capture.frames) {
    if (frame.direction !== 'c2s' || frame.command.code !== RequestCode.GET_ROUTEINFO_BY_TOPIC) continue;
    const topic = frame.command.extFields?.['topic'] ?? '';
    const response = capture.responseTo(frame);
    if (seen.has(topic) || response === undefined) continue;
    seen.add(topic);
    if (topic === 'TBW102' || response.command.code !== ResponseCode.SUCCESS) continue;
    const queues = decodeTopicRoute(response.command.body!).queueDatas.find((q) => q.brokerName === 'broker-a');
    if (queues === undefined) continue;
    const { readQueueNums, writeQueueNums, perm } = queues;
    const created = await mq.brokers[0]!.broker.updateAndCreateTopic({ topic, readQueueNums, writeQueueNums, perm });
    if (created.code !== ResponseCode.SUCCESS) throw new Error(`cannot create ${topic}: ${JSON.stringify(created)}`);
  }
}

function mayBeHeld(request: RemotingCommand): boolean {
  return request.code === RequestCode.PULL_MESSAGE && (Number(request.extFields?.['sysFlag']) & 2) !== 0;
}

/** A pull the real broker answered with messages at once: they must be in our queue before it is sent. */
function quickPullSuccess(request: Frame, response: Frame): boolean {
  return request.command.code === RequestCode.PULL_MESSAGE && response.command.code === ResponseCode.SUCCESS && response.ts - request.ts < 1;
}

/**
 * Waits (by long polling on a side connection, not by sleeping) until our queue holds as many messages as the real
 * one did: a delayed message the real broker delivered between two frames arrives here on our own schedule.
 */
async function awaitQueue(side: RawClient, captured: RemotingCommand, request: RemotingCommand): Promise<void> {
  const target = Number(captured.extFields?.['maxOffset']);
  const { topic = '', queueId = '0' } = request.extFields ?? {};
  for (let round = 0; round < 4; round++) {
    const max = Number((await side.call({ code: RequestCode.GET_MAX_OFFSET, extFields: { topic, queueId } })).extFields?.['offset']);
    if (!(max < target)) return;
    await side.call(pullRequest({ group: 'ReplaySyncGroup', topic, queueId: Number(queueId), queueOffset: max, suspend: true }), 20_000);
  }
}
