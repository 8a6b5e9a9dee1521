#!/usr/bin/env node
/**
 * `rocketmq-rx broker [--port 9876] [--host 127.0.0.1] [--data-dir DIR] [--queues 4] [--brokers N]`: a RocketMQ name
 * server and broker(s) in this process until SIGINT/SIGTERM, then a clean shutdown and exit status 0. A bad command
 * line exits with status 2 and a message naming the flag; a failure to start exits with status 1.
 */
import { resolve } from 'node:path';
import { parseArgs, USAGE, UsageError, type BrokerCommand } from './args.js';
import { consoleLogger } from './logger.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './start.js';
import { describeError } from '../remoting/transport/errors.js';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(argv: readonly string[]): Promise<void> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`rocketmq-rx: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (command.command === 'help') {
    console.log(USAGE);
    return;
  }
  await runBroker(command);
}

async function runBroker(cmd: BrokerCommand): Promise<void> {
  const dataDir = cmd.dataDir === undefined ? undefined : resolve(cmd.dataDir);
  let mq: EmbeddedBroker;
  try {
    mq = await startEmbeddedBroker({
      host: cmd.host,
      port: cmd.port,
      brokers: cmd.brokers,
      flush: cmd.flush,
      logger: consoleLogger,
      queues: cmd.queues,
      ...(dataDir === undefined ? {} : { dataDir }),
    });
  } catch (error) {
    console.error(`rocketmq-rx: cannot start the broker: ${describeError(error)}`);
    process.exitCode = 1;
    return;
  }
  console.log(`rocketmq-rx broker listening on ${mq.address}`);
  for (const b of mq.brokers.slice(1)) console.log(`rocketmq-rx broker ${b.name} listening on ${b.address}`);
  console.log(dataDir === undefined ? 'data dir: none (messages are kept in memory)' : `data dir: ${dataDir}`);
  stopOnSignal(mq);
}

function stopOnSignal(mq: EmbeddedBroker): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.error(`rocketmq-rx: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`rocketmq-rx broker: ${signal}, shutting down`);
    const grace = setTimeout(() => {
      console.error('rocketmq-rx: shutdown is taking too long, exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    mq.close().then(
      () => {
        clearTimeout(grace);
        process.off('SIGINT', stop).off('SIGTERM', stop);
        console.log('rocketmq-rx broker stopped');
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error(`rocketmq-rx: shutdown failed: ${describeError(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`rocketmq-rx: ${describeError(error)}`);
  process.exitCode = 1;
});
