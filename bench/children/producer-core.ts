/**
 * Producer yardstick, ours without the wire: the same worker loop as `producer-ours.ts` over our producer, whose port
 * is in this process and answers every send at once (`in-process-port.ts`): no socket, no frames, no headers. What it
 * costs per message is what our core costs (message, validation, properties, queue choice, retries bookkeeping, the
 * result, the Promise) — the rest of a client's figure is the remoting adapter and the runtime around a socket.
 */
import { Producer } from '../../core/producer/producer.js';
import { inProcessPort } from './in-process-port.js';
import type { ProducerInput } from './inputs.js';
import { boundedStop, measureSends, readInput, runMain } from './io.js';
import { sendAll } from './send-loop.js';

runMain(async () => {
  const input = readInput<ProducerInput>();
  const port = inProcessPort();
  const producer = new Producer({ group: input.group, nameServer: input.nameServer, autoBatch: input.autoBatch === true }, { portFactory: () => port });
  const body = Buffer.alloc(input.size, 'x');
  await producer.start();
  try {
    await measureSends(input, (count) => sendAll(producer, input.topic, body, input.inflight, count));
  } finally {
    await boundedStop(() => producer.shutdown(), 5_000);
  }
});
