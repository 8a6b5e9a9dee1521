/**
 * Producer yardstick, our remoting layer without the core: the same worker loop as `producer-ours.ts`, but each worker
 * hands a SEND_MESSAGE_V2 request of its own (topic, queue, properties with a fresh UNIQ_KEY, 1 KiB body) straight
 * to the native remoting client the way the producer does (`BrokerPort.sendTo`: JSON headers, the attempt's timeout,
 * the answer to a reply object, a `Cancelable` back) — no Message, validation, queue choice, retries or send ticket of
 * the producer; the Promise the worker loop awaits is made here, as the producer's `send` makes one. Between the
 * raw-socket floor and the client figures, it shows what the adapter (codec, transport, client) costs per send.
 */
import { createRemotingClient } from '../../adapters/remoting/client/index.js';
import type { SendRequest, SendResponse } from '../../core/ports/broker-port.js';
import { MASTER_ID } from '../../core/ports/route.js';
import type { ProducerInput } from './inputs.js';
import { boundedStop, measureSends, readInput, runMain } from './io.js';
import { runWorkers } from './send-loop.js';

runMain(async () => {
  const input = readInput<ProducerInput>();
  const client = createRemotingClient({ nameServers: [input.nameServer], serializeType: 'JSON' });
  try {
    // The topic exists by now: the client runs of the round before created it (brokers auto-create topics).
    const route = await client.getRouteInfo(input.topic);
    const broker = route.brokerDatas[0];
    const queues = route.queueDatas.find((q) => q.brokerName === broker?.brokerName)?.writeQueueNums ?? 0;
    const addr = broker?.brokerAddrs[MASTER_ID];
    if (broker === undefined || addr === undefined || queues === 0) throw new Error(`no writable master for ${input.topic}`);
    const body = Buffer.alloc(input.size, 'x');
    const request = (queueId: number): SendRequest => ({
      producerGroup: input.group,
      topic: input.topic,
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId,
      sysFlag: 0,
      bornTimestamp: Date.now(),
      flag: 0,
      properties: { UNIQ_KEY: client.nextUniqueId(), WAIT: 'true', TAGS: 'TagA' },
      brokerName: broker.brokerName,
      body,
    });
    const sendOne = (w: number) =>
      new Promise<SendResponse>((resolved, rejected) => {
        client.sendTo(addr, request(w % queues), 3_000, { resolved, rejected });
      });
    await measureSends(input, (count) => runWorkers(input.inflight, count, sendOne));
  } finally {
    await boundedStop(() => client.close(), 5_000);
  }
});
