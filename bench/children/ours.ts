/** Our clients as the drivers build them: a producer and a push consumer over the native remoting client. */
import { asyncScheduler } from 'rxjs';
import { createRemotingClient } from '../../adapters/remoting/client/index.js';
import { clientInstanceConfig } from '../../core/client/client-config.js';
import type { PortFactory } from '../../core/client/client-registry.js';
import { ClientRegistry } from '../../core/client/client-registry.js';
import type { ConsumerHandler } from '../../core/consumer/push/handlers.js';
import { PushConsumer } from '../../core/consumer/push/push-consumer.js';
import { resolveConsumerOptions } from '../../core/defaults.js';
import type { ConsumerOptions, ProducerOptions } from '../../core/options/option-types.js';
import { Producer } from '../../core/producer/producer.js';
import { boundedStop, type Measurement, writeResult } from './io.js';

/** Opens the native remoting client with the instance's name servers and header serialization. */
const openPort: PortFactory = (config) =>
  createRemotingClient({ nameServers: [...config.nameServers], serializeType: config.options.serialization });

/** Our producer with its defaults, on `nameServer`. */
export function ourProducer(nameServer: string, group: string, options: ProducerOptions = {}): Producer {
  return new Producer({ group, nameServer, ...options }, { portFactory: openPort });
}

/** Our push consumer with its defaults (reading from the first offset), on `nameServer` (or over `portFactory`'s port). */
export function ourPushConsumer<T>(
  nameServer: string,
  group: string,
  handler: ConsumerHandler<T>,
  options: Partial<ConsumerOptions> = {},
  portFactory: PortFactory = openPort,
): PushConsumer<T> {
  const consumerOptions: ConsumerOptions = { consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', ...options, group, nameServer };
  const instance = new ClientRegistry().acquire(clientInstanceConfig(resolveConsumerOptions(consumerOptions), asyncScheduler), portFactory);
  return new PushConsumer<T>({ instance, options: consumerOptions, handler });
}

/** Subscribes `consumer` to every tag of `topic`, starts it, writes the window's result once `done` and shuts it down. */
export async function drainAndReport(consumer: PushConsumer<unknown>, topic: string, done: Promise<Measurement>): Promise<void> {
  consumer.subscribe(topic, '*');
  await consumer.start();
  try {
    writeResult(await done);
  } finally {
    await boundedStop(() => consumer.shutdown(), 5_000);
  }
}
