/**
 * Consumer driver, ours: a push consumer (its defaults, from the first offset) with a trivial handler that counts;
 * the window starts when `warmup` messages were handled and ends when `total` were (waiting on the count, no sleep).
 */
import { boundedStop, readInput, runMain, startMeter, writeResult } from './io.js';
import type { ConsumerInput } from './inputs.js';
import { countingHandler } from './counter.js';
import { ourPushConsumer } from './ours.js';

runMain(async () => {
  const input = readInput<ConsumerInput>();
  const counter = countingHandler(input, startMeter);
  const consumer = ourPushConsumer(input.nameServer, input.group, counter.handle);
  consumer.subscribe(input.topic, '*');
  await consumer.start();
  try {
    writeResult(await counter.done);
  } finally {
    await boundedStop(() => consumer.shutdown(), 5_000);
  }
});
