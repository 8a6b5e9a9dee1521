/**
 * Consumer yardstick, ours without the wire: our push consumer (its defaults, the same counting handler as
 * `consumer-ours.ts`) over a port in this process whose pulls return a pull batch (32) of stored records of the
 * scenario's size at the next turn of the event loop (`in-process-port.ts`), decoded by the adapter's record decoder:
 * no socket, no frames, no headers. What it costs per message is our core plus the record decode.
 */
import { resolveConsumerOptions } from '../../core/defaults.js';
import { countingHandler } from './counter.js';
import { inProcessPort } from './in-process-port.js';
import type { ConsumerInput } from './inputs.js';
import { readInput, runMain, startMeter } from './io.js';
import { drainAndReport, ourPushConsumer } from './ours.js';

runMain(async () => {
  const input = readInput<ConsumerInput>();
  const { pullBatchSize } = resolveConsumerOptions({ group: input.group });
  const port = inProcessPort({ topic: input.topic, batch: pullBatchSize, size: input.size ?? 1024 });
  const counter = countingHandler(input, startMeter);
  await drainAndReport(ourPushConsumer(input.nameServer, input.group, counter.handle, {}, () => port), input.topic, counter.done);
});
