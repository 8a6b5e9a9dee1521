/**
 * Consumer floor — not a client, a yardstick. One PULL_MESSAGE loop per queue of the topic, straight over one socket
 * per master broker (32 messages a pull, no flow control, no offsets committed): each answer's frame is decoded (its
 * header gives the next offset) and its records are counted by their TOTALSIZE prefixes, never decoded. What it costs
 * per message is what the socket, the event loop and framing cost to move these bytes: the least any JavaScript
 * consumer can spend here. It reads as our transport does (into arenas, `ReadArena`), so that it stays the least.
 * The window opens at `warmup` messages and closes at `total`, as for the other drivers.
 */
import type { Socket } from 'node:net';
import { createRemotingClient } from '../../adapters/remoting/client/index.js';
import { createRequest, type RemotingCommand } from '../../adapters/remoting/protocol/command.js';
import { encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../adapters/remoting/protocol/frame-decoder.js';
import { decodePullMessageResponse, encodePullMessageRequest } from '../../adapters/remoting/protocol/headers/pull-message.js';
import { buildPullSysFlag } from '../../adapters/remoting/protocol/headers/pull-sys-flag.js';
import type { ReadArena } from '../../adapters/remoting/transport/read-arena.js';
import { countingHandler } from './counter.js';
import type { ConsumerInput } from './inputs.js';
import { readInput, runMain, startMeter, writeResult } from './io.js';
import { openRawSocket } from './raw-socket.js';

const PULL_MESSAGE = 11;
const FOUND = 0;
const PULL_NOT_FOUND = 19;
const SYS_FLAG = buildPullSysFlag({ suspend: true, subscription: true });

interface Target {
  readonly addr: string;
  readonly brokerName: string;
  readonly queues: number;
}

/** The topic's master brokers and their read queue counts. */
async function targets(input: ConsumerInput): Promise<Target[]> {
  const client = createRemotingClient({ nameServers: [input.nameServer] });
  try {
    const route = await client.getRouteInfo(input.topic);
    const found: Target[] = [];
    for (const broker of route.brokerDatas) {
      const addr = broker.brokerAddrs['0'];
      const queues = route.queueDatas.find((q) => q.brokerName === broker.brokerName)?.readQueueNums;
      if (addr !== undefined && queues !== undefined && queues > 0) found.push({ addr, brokerName: broker.brokerName, queues });
    }
    if (found.length === 0) throw new Error(`no master broker for ${input.topic}`);
    return found;
  } finally {
    await client.close();
  }
}

/** Records in a FOUND body, counted by walking their TOTALSIZE prefixes. */
function countRecords(body: Buffer | undefined): number {
  if (body === undefined) return 0;
  let n = 0;
  for (let at = 0, size = 0; at + 4 <= body.length; at += size) {
    size = body.readInt32BE(at);
    if (size <= 0) throw new Error(`a stored record at ${at} claims ${size} bytes`);
    n++;
  }
  return n;
}

class FloorPuller {
  private readonly decoder = new FrameDecoder();
  private readonly offsets: number[];

  constructor(
    private readonly socket: Socket,
    reads: ReadArena,
    private readonly input: ConsumerInput,
    private readonly broker: Target,
    private readonly onMessages: (n: number) => void,
    private readonly fail: (error: Error) => void,
  ) {
    this.offsets = Array.from({ length: broker.queues }, () => 0);
    reads.attach((chunk) => this.onData(chunk));
    socket.on('error', (error) => fail(error));
  }

  start(): void {
    for (let q = 0; q < this.broker.queues; q++) this.pull(q);
  }

  private pull(queueId: number): void {
    const extFields = encodePullMessageRequest({
      consumerGroup: this.input.group,
      topic: this.input.topic,
      queueId,
      queueOffset: this.offsets[queueId]!,
      maxMsgNums: 32,
      sysFlag: SYS_FLAG,
      commitOffset: 0,
      suspendTimeoutMillis: 15_000,
      subscription: '*',
      subVersion: 0,
      expressionType: 'TAG',
      bname: this.broker.brokerName,
    });
    this.socket.write(encodeFrame({ ...createRequest({ code: PULL_MESSAGE, extFields }), opaque: queueId + 1 }));
  }

  private onData(chunk: Buffer): void {
    let answers: RemotingCommand[];
    try {
      answers = this.decoder.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    for (const answer of answers) this.onAnswer(answer);
  }

  private onAnswer(answer: RemotingCommand): void {
    const queueId = answer.opaque - 1;
    if (answer.code !== FOUND && answer.code !== PULL_NOT_FOUND) {
      this.fail(new Error(`the broker answered the floor's pull with code ${answer.code}: ${answer.remark ?? ''}`));
      return;
    }
    this.offsets[queueId] = decodePullMessageResponse(answer.extFields).nextBeginOffset;
    if (answer.code === FOUND) this.onMessages(countRecords(answer.body));
    if (!this.socket.destroyed) this.pull(queueId);
  }
}

runMain(async () => {
  const input = readInput<ConsumerInput>();
  const brokers = await targets(input);
  const opened: Awaited<ReturnType<typeof openRawSocket>>[] = [];
  try {
    for (const broker of brokers) opened.push(await openRawSocket(broker.addr));
    const counter = countingHandler(input, startMeter);
    let count = 0;
    // The counter sees every message, so that its window opens and closes at the same counts as the clients'.
    const counted = (n: number): void => {
      for (let i = 0; i < n && count < input.total; i++, count++) counter.handle();
    };
    const failed = new Promise<never>((_, reject) => {
      brokers.forEach((broker, i) => new FloorPuller(opened[i]!.socket, opened[i]!.reads, input, broker, counted, reject).start());
    });
    writeResult(await Promise.race([counter.done, failed]));
  } finally {
    for (const { socket } of opened) socket.destroy();
  }
});
