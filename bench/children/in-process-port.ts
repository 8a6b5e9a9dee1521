/**
 * A yardstick, not a broker: a `RemotingPort` inside the driver's own process that answers at once, so that a
 * driver measures what our core costs per message with no wire at all — no socket, no frames, no headers. Sends are
 * answered with SEND_OK (one offset per message); pulls of a queue return `batch` stored records built from one
 * template (its offsets patched in) and decoded by the adapter's record decoder, as a real pull's body would be.
 * Only what a producer and a push consumer call is answered; anything else rejects.
 */
import type { PullRequest, PullResponse, RemotingPort, SendRequest, SendResponse } from '../../core/ports/broker-port.js';
import type { HeartbeatData } from '../../core/ports/heartbeat.js';
import { PERM_READ, PERM_WRITE, type TopicRouteData } from '../../core/ports/route.js';
import { decodeStoredMessages, encodeStoredMessage } from '../../adapters/remoting/protocol/message/stored-message.js';
import { RecordPosition } from '../../adapters/remoting/protocol/message/record-layout.js';

const BROKER = { name: 'broker-a', addr: '127.0.0.1:10911' };
const QUEUES = 4;
/** An offset message id of the right shape (the core passes it through). */
const OFFSET_ID = '7F00000100002A9F0000000000000000';

function route(): TopicRouteData {
  return {
    queueDatas: [{ brokerName: BROKER.name, readQueueNums: QUEUES, writeQueueNums: QUEUES, perm: PERM_READ | PERM_WRITE, topicSysFlag: 0 }],
    brokerDatas: [{ cluster: 'DefaultCluster', brokerName: BROKER.name, brokerAddrs: { 0: BROKER.addr } }],
  };
}

function unsupported(method: string): Promise<never> {
  return Promise.reject(new Error(`the in-process port does not answer ${method}`));
}

/** Records of `batch` messages of `size` bytes, their queue id and offsets patched per pull. */
class PullTemplate {
  private readonly template: Buffer;
  private readonly recordSize: number;

  constructor(
    topic: string,
    private readonly batch: number,
    size: number,
  ) {
    const now = Date.now();
    const body = Buffer.alloc(size, 'x');
    const record = (i: number) =>
      encodeStoredMessage({
        topic,
        queueId: 0,
        bornTimestamp: now,
        bornHost: '127.0.0.1:50000',
        storeTimestamp: now,
        storeHost: BROKER.addr,
        body,
        // What our producer stores for a plain send with a tag (fixed width, so every record has one size).
        properties: { UNIQ_KEY: `7F0000010000${String(i).padStart(20, '0')}`, WAIT: 'true', TAGS: 'TagA' },
      });
    this.template = Buffer.concat(Array.from({ length: batch }, (_, i) => record(i)));
    this.recordSize = this.template.length / batch;
  }

  /** A fresh body (as a socket would bring) for `queueId` from `offset`. */
  body(queueId: number, offset: number): Buffer {
    const body = Buffer.from(this.template);
    for (let i = 0, at = 0; i < this.batch; i++, at += this.recordSize) {
      body.writeInt32BE(queueId, at + RecordPosition.QUEUE_ID);
      body.writeBigInt64BE(BigInt(offset + i), at + RecordPosition.QUEUE_OFFSET);
      body.writeBigInt64BE(BigInt((offset + i) * this.recordSize), at + RecordPosition.PHYSICAL_OFFSET);
    }
    return body;
  }
}

/** The port; `pulls` serves `topic` with `batch` messages of `size` bytes per pull. */
export function inProcessPort(pulls?: { readonly topic: string; readonly batch: number; readonly size: number }): RemotingPort {
  const template = pulls === undefined ? undefined : new PullTemplate(pulls.topic, pulls.batch, pulls.size);
  const offsets = new Map<number, number>();
  let clientId = 'unknown';
  let uniq = 0;
  const answer = (req: SendRequest): SendResponse => {
    const count = req.batch?.length ?? 1;
    const queueOffset = offsets.get(req.queueId) ?? 0;
    offsets.set(req.queueId, queueOffset + count);
    return { status: 'SEND_OK', offsetMsgId: count === 1 ? OFFSET_ID : Array(count).fill(OFFSET_ID).join(','), queueId: req.queueId, queueOffset };
  };
  const pull = (req: PullRequest): PullResponse => {
    if (template === undefined) throw new Error('the in-process port serves no pulls');
    const { queueOffset } = req;
    const messages = decodeStoredMessages(template.body(req.queue.queueId, queueOffset));
    return { status: 'FOUND', nextBeginOffset: queueOffset + messages.length, minOffset: 0, maxOffset: Number.MAX_SAFE_INTEGER, suggestWhichBrokerId: 0, messages };
  };
  return {
    getRouteInfo: () => Promise.resolve(route()),
    send: (_addr, req) => Promise.resolve(answer(req)),
    sendOneway: () => Promise.resolve(),
    // A pull answers on the next turn of the event loop, as a socket's data would.
    pull: (_addr, req) => new Promise((resolve, reject) => setImmediate(() => { try { resolve(pull(req)); } catch (error) { reject(error); } })),
    queryConsumerOffset: () => Promise.resolve(undefined),
    updateConsumerOffset: () => Promise.resolve(),
    getMaxOffset: () => Promise.resolve(Number.MAX_SAFE_INTEGER),
    getMinOffset: () => Promise.resolve(0),
    searchOffset: () => Promise.resolve(0),
    heartbeat: (_addr, data: HeartbeatData) => {
      clientId = data.clientID;
      return Promise.resolve();
    },
    unregisterClient: () => Promise.resolve(),
    getConsumerIdList: () => Promise.resolve([clientId]),
    lockBatch: (_addr, _group, _client, mqs) => Promise.resolve(mqs),
    unlockBatch: () => Promise.resolve(),
    sendMessageBack: () => unsupported('sendMessageBack'),
    endTransaction: () => unsupported('endTransaction'),
    viewMessage: () => unsupported('viewMessage'),
    createTopic: () => unsupported('createTopic'),
    nextUniqueId: () => `7F0000010000${(uniq++).toString(16).toUpperCase().padStart(20, '0')}`,
    setHandlers: () => undefined,
    close: () => Promise.resolve(),
  };
}
