/**
 * Producer driver, the peer: ali-ons `producer.send` of 1 KiB messages, `inflight` promises at a time; `warmup`
 * messages first, then the measured window. Run as `node --import tsx bench/children/producer-ali.ts '<JSON>'`.
 */
import { type AliProducer, AliMessage, aliProducer } from './ali.js';
import type { ProducerInput } from './inputs.js';
import { boundedStop, measureSends, readInput, runMain } from './io.js';

/** `count` sends with at most `inflight` pending: each of `inflight` workers sends its next message when one settles. */
async function sendAll(producer: AliProducer, input: ProducerInput, body: Buffer, count: number): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      const result = await producer.send(new AliMessage(input.topic, 'TagA', body));
      if (result.sendStatus !== 'SEND_OK') throw new Error(`send status ${result.sendStatus}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.inflight, count) }, worker));
}

runMain(async () => {
  const input = readInput<ProducerInput>();
  const producer = aliProducer(input.nameServer, input.group);
  producer.on('error', (error) => console.error('ali-ons producer error:', error));
  const body = Buffer.alloc(input.size, 'x');
  await producer.ready();
  try {
    await measureSends(input, (count) => sendAll(producer, input, body, count));
  } finally {
    await boundedStop(() => producer.close(), 5_000);
  }
});
