/**
 * Producer floor — not a client, a yardstick. It writes one SEND_MESSAGE_V2 frame, encoded once before the window
 * (the 1 KiB body and tag of the other drivers, the header a Java client sends, one fixed opaque), straight to the
 * broker's socket, `inflight` at a time, and counts the responses by their length prefixes; it never decodes them.
 * Frames written in one tick leave in one `writev`, and reads land in arenas (`ReadArena`), as our transport does.
 * What it costs per message is what the socket and the event loop cost to move these bytes: the least any
 * JavaScript client can spend here.
 * Run as `node bench/children/producer-floor.js '<ProducerInput JSON>'` (compiled) or through tsx.
 */
import type { Socket } from 'node:net';
import { createRemotingClient } from '../../adapters/remoting/client/index.js';
import { createRequest } from '../../adapters/remoting/protocol/command.js';
import { decodeFrame, encodeFrame } from '../../adapters/remoting/protocol/frame-codec.js';
import { encodeSendMessageV2Request } from '../../adapters/remoting/protocol/headers/send-message-v2.js';
import type { ReadArena } from '../../adapters/remoting/transport/read-arena.js';
import { Message } from '../../core/message/message.js';
import type { ProducerInput } from './inputs.js';
import { boundedStop, measureSends, readInput, runMain } from './io.js';
import { ourProducer } from './ours.js';
import { openRawSocket } from './raw-socket.js';

/** The topic's first master broker and its name (the topic is created by one send of our producer first). */
async function firstBroker(input: ProducerInput): Promise<{ addr: string; name: string }> {
  const producer = ourProducer(input.nameServer, `${input.group}_setup`);
  await producer.start();
  try {
    await producer.send(new Message(input.topic, Buffer.from('setup'), { tags: 'TagA' }));
  } finally {
    await boundedStop(() => producer.shutdown(), 5_000);
  }
  const client = createRemotingClient({ nameServers: [input.nameServer] });
  try {
    const route = await client.getRouteInfo(input.topic);
    const broker = route.brokerDatas.find((b) => b.brokerAddrs['0'] !== undefined);
    if (broker === undefined) throw new Error(`no master broker for ${input.topic}`);
    return { addr: broker.brokerAddrs['0']!, name: broker.brokerName };
  } finally {
    await client.close();
  }
}

function sendFrame(input: ProducerInput, brokerName: string): Buffer {
  const properties = `TAGS\u0001TagA\u0002UNIQ_KEY\u00017F0000010000000000000000000000\u0002WAIT\u0001true\u0002`;
  const extFields = encodeSendMessageV2Request({
    producerGroup: input.group,
    topic: input.topic,
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: 4,
    queueId: 0,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties,
    reconsumeTimes: 0,
    unitMode: false,
    batch: false,
    bname: brokerName,
  });
  return encodeFrame({ ...createRequest({ code: 310, extFields, body: Buffer.alloc(input.size, 'x') }), opaque: 1 });
}

/** Writes `frame` and counts whole frames coming back; `send(count)` resolves once `count` responses arrived. */
class FloorSender {
  private remaining = 0;
  private pending = 0;
  private need = 0;
  private header = Buffer.alloc(4);
  private headerFill = 0;
  private corked = false;
  private checked = false;
  private done: (() => void) | undefined;
  private failed: ((error: Error) => void) | undefined;

  constructor(
    private readonly socket: Socket,
    reads: ReadArena,
    private readonly frame: Buffer,
    private readonly inflight: number,
  ) {
    reads.attach((chunk) => this.onData(chunk));
    socket.on('error', (error) => this.failed?.(error));
    socket.on('close', () => this.failed?.(new Error('the broker closed the floor connection')));
  }

  send(count: number): Promise<void> {
    this.remaining = count;
    return new Promise((resolve, reject) => {
      this.done = resolve;
      this.failed = reject;
      while (this.pending < this.inflight && this.remaining - this.pending > 0) this.write();
    });
  }

  private write(): void {
    this.pending++;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(this.frame);
  }

  private onData(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.need === 0) {
        while (this.headerFill < 4 && i < chunk.length) this.header[this.headerFill++] = chunk[i++]!;
        if (this.headerFill < 4) return;
        this.headerFill = 0;
        this.need = this.header.readInt32BE(0);
        if (!this.checked && i + this.need <= chunk.length) this.check(chunk.subarray(i, i + this.need));
        continue;
      }
      const take = Math.min(this.need, chunk.length - i);
      i += take;
      this.need -= take;
      if (this.need === 0) this.onResponse();
    }
  }

  /** The first whole response is decoded once: the broker must have stored the message (code 0). */
  private check(rest: Buffer): void {
    this.checked = true;
    const response = decodeFrame(Buffer.concat([this.header, rest]));
    if (response.code !== 0) this.failed?.(new Error(`the broker answered the floor's send with code ${response.code}: ${response.remark ?? ''}`));
  }

  private onResponse(): void {
    this.pending--;
    this.remaining--;
    if (this.remaining - this.pending > 0) this.write();
    if (this.remaining === 0) {
      this.failed = undefined;
      this.done?.();
    }
  }
}

runMain(async () => {
  const input = readInput<ProducerInput>();
  const broker = await firstBroker(input);
  const { socket, reads } = await openRawSocket(broker.addr);
  const sender = new FloorSender(socket, reads, sendFrame(input, broker.name), input.inflight);
  try {
    await measureSends(input, (count) => sender.send(count));
  } finally {
    socket.destroy();
  }
});
