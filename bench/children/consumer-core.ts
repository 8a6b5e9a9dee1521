/**
 * Consumer yardstick, ours without the wire: our push consumer (its defaults, the same counting handler as
 * `consumer-ours.ts`) over a port in this process whose pulls return a pull batch (32) of stored records of the scenario's size at the next turn of
 * the event loop (`in-process-port.ts`), decoded by the adapter's record decoder: no socket, no frames, no headers.
 * What it costs per message is our core plus the record decode.
 */
import { asyncScheduler } from 'rxjs';
import { clientInstanceConfig } from '../../core/client/client-config.js';
import { ClientRegistry } from '../../core/client/client-registry.js';
import { PushConsumer } from '../../core/consumer/push/push-consumer.js';
import { resolveConsumerOptions } from '../../core/defaults.js';
import type { ConsumerOptions } from '../../core/options/option-types.js';
import { countingHandler } from './counter.js';
import { inProcessPort } from './in-process-port.js';
import type { ConsumerInput } from './inputs.js';
import { boundedStop, readInput, runMain, startMeter, writeResult } from './io.js';

runMain(async () => {
  const input = readInput<ConsumerInput>();
  const options: ConsumerOptions = { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', group: input.group, nameServer: input.nameServer };
  const resolved = resolveConsumerOptions(options);
  const port = inProcessPort({ topic: input.topic, batch: resolved.pullBatchSize, size: input.size ?? 1024 });
  const instance = new ClientRegistry().acquire(clientInstanceConfig(resolved, asyncScheduler), () => port);
  const counter = countingHandler(input, startMeter);
  const consumer = new PushConsumer({ instance, options, handler: counter.handle });
  consumer.subscribe(input.topic, '*');
  await consumer.start();
  try {
    writeResult(await counter.done);
  } finally {
    await boundedStop(() => consumer.shutdown(), 5_000);
  }
});
