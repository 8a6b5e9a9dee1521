/**
 * Consumer driver, ours: a push consumer (its defaults, from the first offset) with a trivial handler that counts;
 * the window starts when `warmup` messages were handled and ends when `total` were (waiting on the count, no sleep).
 */
import { readInput, runMain, startMeter } from './io.js';
import type { ConsumerInput } from './inputs.js';
import { countingHandler } from './counter.js';
import { drainAndReport, ourPushConsumer } from './ours.js';

runMain(async () => {
  const input = readInput<ConsumerInput>();
  const counter = countingHandler(input, startMeter);
  await drainAndReport(ourPushConsumer(input.nameServer, input.group, counter.handle), input.topic, counter.done);
});
