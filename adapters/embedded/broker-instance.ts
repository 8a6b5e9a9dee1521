import { formatAddress } from '../remoting/transport/address.js';
import { Broker } from './engine/broker.js';
import type { EngineEventSink } from './engine/events.js';
import type { NameServer } from './engine/nameserver.js';
import { localRegistrar } from './engine/registrar.js';
import type { ResolvedEmbeddedOptions } from './options.js';
import { brokerHandlers } from './server/broker-handlers.js';
import type { EmbeddedServer } from './server/embedded-server.js';
import { createStore } from './store-factory.js';

/** One running broker of an embedded cluster. */
export interface EmbeddedBrokerInstance {
  /** Broker name, e.g. `broker-a`. */
  readonly name: string;
  /** `host:port` clients reach it at (what routes and message ids carry). */
  readonly address: string;
  readonly port: number;
  /** The engine, for tests and tools (topics, subscription groups, parked pulls …). */
  readonly broker: Broker;
  readonly closed: boolean;
  /**
   * Stops this broker: it leaves the name server's routes, its store is closed and (unless it shares the main port
   * with the name server) its port is released. Idempotent.
   */
  close(): Promise<void>;
}

export interface BrokerInstanceSetup {
  name: string;
  /** The server it answers on, listening already at `port`. */
  server: EmbeddedServer;
  port: number;
  /** The IP clients reach it at. */
  host: string;
  /** True when the server is its own (not the name server's), so closing the broker closes it. */
  ownsServer: boolean;
  nameServer: NameServer;
  options: ResolvedEmbeddedOptions;
  onEvent: EngineEventSink;
}

/** Creates the broker's store and engine, starts them, registers with the name server, and serves its request codes. */
export async function startBrokerInstance(setup: BrokerInstanceSetup): Promise<EmbeddedBrokerInstance> {
  const { name, server, port, options: o } = setup;
  const address = formatAddress(setup.host, port);
  const store = createStore({ dataDir: o.dataDir, brokerName: name, flush: o.flush, engine: o.engine, memoryRetentionBytes: o.memoryRetentionBytes });
  const broker = new Broker({
    store,
    config: { ...o.engine, ...queueCounts(o), brokerName: name, clusterName: o.clusterName, brokerId: 0, brokerAddr: address },
    onEvent: setup.onEvent,
    registrar: localRegistrar(setup.nameServer),
  });
  await broker.start();
  server.onChannelClosed((channel) => broker.channelClosed(channel));
  server.serve(brokerHandlers(broker));
  let closing: Promise<void> | undefined;
  let closed = false;
  const shutdown = async (): Promise<void> => {
    if (setup.ownsServer) await server.close();
    await broker.close();
    closed = true;
  };
  return {
    name,
    address,
    port,
    broker,
    get closed() {
      return closed;
    },
    close: () => (closing ??= shutdown()),
  };
}

/** `queues` sizes the auto-create template (so topics created by a send) and `Broker.createTopic`'s default. */
function queueCounts(o: ResolvedEmbeddedOptions): { defaultQueueNums: number; defaultTopicQueueNums: number } {
  return { defaultQueueNums: o.queues, defaultTopicQueueNums: o.engine.defaultTopicQueueNums ?? o.queues };
}
