/**
 * Producer driver, ours: 1 KiB messages, `inflight` at a time; `warmup` messages first, then the measured window.
 * With `api: 'send'` (the default) the loop is the peer's own: `inflight` workers each awaiting `producer.send(…)`;
 * with `api: 'send$'`, `send$` under `mergeMap(…, inflight)`, as an RxJS pipeline would use it. With `autoBatch` in
 * the input, the producer gathers concurrent sends into batches; with `serialization: 'ROCKETMQ'`, its frames carry
 * the binary header. Run as
 * `node --import tsx bench/children/producer-ours.ts '<ProducerInput JSON>'`.
 */
import { concatMap, lastValueFrom, mergeMap, range, tap } from 'rxjs';
import { Message } from '../../core/message/message.js';
import type { Producer } from '../../core/producer/producer.js';
import type { ProducerInput } from './inputs.js';
import { boundedStop, measureSends, readInput, runMain } from './io.js';
import { ourProducer } from './ours.js';
import { sendAll } from './send-loop.js';

/**
 * Messages handed to `mergeMap` at a time. A synchronous source of all `count` at once would make `mergeMap` buffer
 * them and `shift()` that array once per completed send, which costs more than the send itself at 10⁵ messages and
 * is not what a producer fed by real events pays; slices keep the buffer small (the window refills between slices).
 */
const SLICE = 1024;

function sendAll$(producer: Producer, input: ProducerInput, body: Buffer, count: number): Promise<unknown> {
  const send = () => producer.send$(new Message(input.topic, body, { tags: 'TagA' }));
  const checked = tap((r: { status: string }) => {
    if (r.status !== 'SEND_OK') throw new Error(`send status ${r.status}`);
  });
  const slice = (i: number) => range(0, Math.min(SLICE, count - i * SLICE)).pipe(mergeMap(send, input.inflight), checked);
  return lastValueFrom(range(0, Math.ceil(count / SLICE)).pipe(concatMap(slice)), { defaultValue: undefined });
}

runMain(async () => {
  const input = readInput<ProducerInput>();
  const producer = ourProducer(input.nameServer, input.group, {
    ...(input.autoBatch === true ? { autoBatch: true } : {}),
    ...(input.serialization === undefined ? {} : { serialization: input.serialization }),
  });
  const body = Buffer.alloc(input.size, 'x');
  await producer.start();
  try {
    const send = input.api === 'send$' ? sendAll$ : (p: Producer, i: ProducerInput, b: Buffer, count: number) => sendAll(p, i.topic, b, i.inflight, count);
    await measureSends(input, (count) => send(producer, input, body, count));
  } finally {
    await boundedStop(() => producer.shutdown(), 5_000);
  }
});
