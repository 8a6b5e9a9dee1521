import { NameServer } from './engine/nameserver.js';
import type { EngineEvent } from './engine/events.js';
import { formatAddress } from '../remoting/transport/address.js';
import { startBrokerInstance, type EmbeddedBrokerInstance } from './broker-instance.js';
import type { EmbeddedLogger } from './logger.js';
import { advertisedHostOf, resolveEmbeddedOptions, type EmbeddedBrokerOptions, type ResolvedEmbeddedOptions } from './options.js';
import { EmbeddedServer } from './server/embedded-server.js';
import { nameServerHandlers } from './server/processors/nameserver.js';
import { resetGroupOffsets, type GroupOffsetReset } from './reset-offset.js';
import type { QueueOffset } from '../remoting/protocol/body/reset-offset.js';
import { describeError } from '../remoting/transport/errors.js';

/** A running embedded RocketMQ: one name server and one or more brokers, all in this process. */
export interface EmbeddedBroker {
  /** `host:port` of the name server (and of the first broker): what clients take as `namesrvAddr`. */
  readonly address: string;
  /** The IP of `address` (the bound address, or loopback when listening on a wildcard address). */
  readonly host: string;
  readonly port: number;
  /** The data directory, when the brokers store on disk. */
  readonly dataDir: string | undefined;
  /** The brokers, the first on the main port. */
  readonly brokers: readonly EmbeddedBrokerInstance[];
  /** The name server's engine (routes, cluster info). */
  readonly nameServer: NameServer;
  /**
   * Resets a consumer group's offsets of a topic to a time on every broker that has it, as `mqadmin resetOffsetByTime`
   * (INVOKE_BROKER_TO_RESET_OFFSET): the offsets are committed and pushed to the group's running consumers, which
   * continue from them. Rejects with `reset-offset-failed` when a broker refuses (no consumer online: code 206).
   */
  resetOffset(req: GroupOffsetReset): Promise<QueueOffset[]>;
  /** Stops every broker and the name server and releases every socket, timer and file. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a RocketMQ name server and broker(s) speaking the real remoting protocol on loopback (by default on a free
 * port): any RocketMQ client can use `address` as its name server.
 *
 * @example
 * const mq = await startEmbeddedBroker({ port: 0 });
 * // … clients use mq.address …
 * await mq.close();
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const o = resolveEmbeddedOptions(options);
  const onEvent = eventSink(o);
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const nameServer = new NameServer({ ...o.nameServer, onEvent });
    nameServer.start();
    cleanup.push(() => nameServer.close());
    const main = newServer(o, 'namesrv');
    cleanup.push(() => main.close());
    const bound = await main.listen(o.host, o.port);
    const host = advertisedHostOf(o, bound.host);
    main.serve(nameServerHandlers(nameServer));
    const brokers: EmbeddedBrokerInstance[] = [];
    for (const [i, name] of o.brokerNames.entries()) {
      const own = i === 0 ? undefined : newServer(o, name);
      if (own !== undefined) cleanup.push(() => own.close());
      const port = own === undefined ? bound.port : (await own.listen(o.host, 0)).port;
      const instance = await startBrokerInstance({ name, server: own ?? main, port, host, ownsServer: own !== undefined, nameServer, options: o, onEvent });
      brokers.push(instance);
      cleanup.push(() => instance.close());
    }
    return running(o, host, bound.port, brokers, nameServer, cleanup);
  } catch (error) {
    await runAll(cleanup, o.logger);
    throw error;
  }
}

function running(o: ResolvedEmbeddedOptions, host: string, port: number, brokers: EmbeddedBrokerInstance[], nameServer: NameServer, cleanup: (() => Promise<void>)[]): EmbeddedBroker {
  let closing: Promise<void> | undefined;
  return {
    address: formatAddress(host, port),
    host,
    port,
    dataDir: o.dataDir,
    brokers,
    nameServer,
    resetOffset: (req) => resetGroupOffsets(brokers, req),
    close: () => (closing ??= runAll(cleanup, o.logger)),
  };
}

function newServer(o: ResolvedEmbeddedOptions, label: string): EmbeddedServer {
  return new EmbeddedServer({ label, logger: o.logger, ...(o.connection === undefined ? {} : { connection: o.connection }) });
}

/** Runs the closers last-first; one failing does not stop the others (it is logged). */
async function runAll(closers: (() => Promise<void>)[], logger: EmbeddedLogger): Promise<void> {
  for (const close of [...closers].reverse()) {
    try {
      await close();
    } catch (error) {
      logger.error(`shutdown step failed: ${describeError(error)}`, error);
    }
  }
}

function eventSink(o: ResolvedEmbeddedOptions): (event: EngineEvent) => void {
  return (event) => {
    if (event.type === 'error') o.logger.error(`${event.where} failed`, event.error);
    else if (event.type === 'client-expired') o.logger.info(`client ${event.remoteAddress} expired (no heartbeat)`);
    else if (event.type === 'transaction-discarded') o.logger.warn(`half message at ${event.commitLogOffset} discarded after ${event.checkTimes} checks`);
    o.onEvent?.(event);
  };
}
