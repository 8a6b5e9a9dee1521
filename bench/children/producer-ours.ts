/**
 * Producer driver, ours: `send$` of 1 KiB messages with `mergeMap(…, inflight)`; `warmup` messages first, then the
 * measured window. Run as `node --import tsx bench/children/producer-ours.ts '<ProducerInput JSON>'`.
 */
import { lastValueFrom, mergeMap, range, tap } from 'rxjs';
import { Message } from '../../core/message/message.js';
import type { Producer } from '../../core/producer/producer.js';
import type { ProducerInput } from './inputs.js';
import { boundedStop, readInput, runMain, startMeter, writeResult } from './io.js';
import { ourProducer } from './ours.js';

function sendAll(producer: Producer, input: ProducerInput, body: Buffer, count: number): Promise<unknown> {
  const send = () => producer.send$(new Message(input.topic, body, { tags: 'TagA' }));
  const checked = tap((r: { status: string }) => {
    if (r.status !== 'SEND_OK') throw new Error(`send status ${r.status}`);
  });
  return lastValueFrom(range(0, count).pipe(mergeMap(send, input.inflight), checked), { defaultValue: undefined });
}

runMain(async () => {
  const input = readInput<ProducerInput>();
  const producer = ourProducer(input.nameServer, input.group);
  const body = Buffer.alloc(input.size, 'x');
  await producer.start();
  try {
    await sendAll(producer, input, body, input.warmup);
    const meter = startMeter();
    await sendAll(producer, input, body, input.messages);
    writeResult(meter.stop(input.messages));
  } finally {
    await boundedStop(() => producer.shutdown(), 5_000);
  }
});
