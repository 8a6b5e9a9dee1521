/**
 * Consumer driver, the peer: an ali-ons push consumer (from the first offset) with a trivial `async` handler that
 * counts; the window starts when `warmup` messages were handled and ends when `total` were. `peerOptions` in the
 * input override ali-ons's consumer options (see BENCHMARKS.md for the ones used).
 */
import { aliConsumer } from './ali.js';
import { countingHandler } from './counter.js';
import type { ConsumerInput } from './inputs.js';
import { boundedStop, readInput, runMain, startMeter, writeResult } from './io.js';

runMain(async () => {
  const input = readInput<ConsumerInput & { peerOptions?: Record<string, unknown> }>();
  const counter = countingHandler(input, startMeter);
  const consumer = aliConsumer(input.nameServer, input.group, input.peerOptions);
  consumer.on('error', (error) => console.error('ali-ons consumer error:', error));
  const handle = counter.handle;
  consumer.subscribe(input.topic, '*', async () => handle());
  await consumer.ready();
  try {
    writeResult(await counter.done);
  } finally {
    await boundedStop(() => consumer.close(), 5_000);
  }
});
