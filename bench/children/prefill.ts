/**
 * Fills a topic's backlog for the consumer benchmark (not measured): `messages` bodies of `size` bytes, sent with our
 * producer as SEND_BATCH_MESSAGE batches, `inflight` batches at a time. Reports `{ sent }`.
 */
import { lastValueFrom, mergeMap, range, reduce } from 'rxjs';
import { Message } from '../../core/message/message.js';
import type { PrefillInput } from './inputs.js';
import { boundedStop, readInput, runMain, writeResult } from './io.js';
import { ourProducer } from './ours.js';

runMain(async () => {
  const input = readInput<PrefillInput>();
  const producer = ourProducer(input.nameServer, input.group, { sendTimeoutMs: 30_000 });
  const body = Buffer.alloc(input.size, 'x');
  const batches = Math.ceil(input.messages / input.batch);
  const sizeOf = (i: number) => Math.min(input.batch, input.messages - i * input.batch);
  const batchOf = (i: number) => Array.from({ length: sizeOf(i) }, () => new Message(input.topic, body, { tags: 'TagA' }));
  await producer.start();
  try {
    const sent$ = range(0, batches).pipe(
      mergeMap((i) => producer.sendBatch$(batchOf(i)).pipe(reduce((n) => n + sizeOf(i), 0)), input.inflight),
      reduce((total, n) => total + n, 0),
    );
    writeResult({ sent: await lastValueFrom(sent$) });
  } finally {
    await boundedStop(() => producer.shutdown(), 10_000);
  }
});
