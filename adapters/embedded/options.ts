import type { BrokerConfig } from './engine/config.js';
import type { EngineEventSink } from './engine/events.js';
import type { NameServerOptions } from './engine/nameserver.js';
import { EmbeddedBrokerError } from './errors.js';
import { stderrLogger, type EmbeddedLogger } from './logger.js';
import type { RemotingServerOptions } from '../remoting/transport/server.js';

/** Engine options `startEmbeddedBroker` passes through to every broker (names, addresses and queues it sets itself). */
export type EngineOptions = Partial<Omit<BrokerConfig, 'brokerName' | 'brokerAddr' | 'brokerId' | 'clusterName' | 'defaultQueueNums'>>;

/** Options of {@link startEmbeddedBroker}. */
export interface EmbeddedBrokerOptions {
  /** Interface to listen on. Default `127.0.0.1` (loopback). */
  host?: string;
  /** Port of the name server and first broker. Default 0: a free port (read it from the result). */
  port?: number;
  /**
   * IP address written into routes and message ids (every stored message's STOREHOST). Default: the address the
   * server bound to (`localhost` → `127.0.0.1`), or loopback when `host` is a wildcard address.
   */
  advertisedHost?: string;
  /** With a data directory, every broker keeps its messages, offsets and topics in `<dataDir>/<brokerName>`. */
  dataDir?: string;
  /**
   * Queues of a topic created on first use. The auto-create template TBW102 gets this many (as a broker configured
   * with `defaultTopicQueueNums`; the captured 4.9.8 broker's TBW102 has 4), so a topic created by a send has
   * min(what the client asks for, `queues`). Default 4.
   */
  queues?: number;
  /**
   * Several brokers in one process: a count (names `broker-a`, `broker-b`, …) or the names. The first answers on
   * the main port with the name server; the others listen on their own free ports; all register with the name server.
   */
  brokers?: number | readonly string[];
  /** Cluster all brokers join. Default `DefaultCluster`. */
  clusterName?: string;
  /** File store flush: `async` (periodic fsync, default) or `sync` (each send acknowledged after fsync). */
  flush?: 'sync' | 'async';
  /**
   * Without `dataDir`: each broker keeps at most this many bytes of message records in memory and drops the oldest
   * beyond it (their queues' min offset rises, as when a real broker deletes old commit-log files). Default unbounded.
   */
  memoryRetentionBytes?: number;
  /** Where problems are reported. Default: warnings and errors to stderr. */
  logger?: EmbeddedLogger;
  /** Engine events (errors in timers, expired clients, …), in addition to the logger. */
  onEvent?: EngineEventSink;
  /** Broker engine options (auto-creation, limits, delay levels, transaction check timing, …). */
  engine?: EngineOptions;
  /** Name server options (broker expiry). */
  nameServer?: Omit<NameServerOptions, 'onEvent' | 'scheduler'>;
  /** Options of every accepted connection (idle timeout, frame size limit, write queue bound). */
  connection?: RemotingServerOptions['connection'];
}

export interface ResolvedEmbeddedOptions {
  host: string;
  port: number;
  /** Undefined: the bound address (see `advertisedHostOf`). */
  advertisedHost: string | undefined;
  dataDir: string | undefined;
  queues: number;
  brokerNames: string[];
  clusterName: string;
  flush: 'sync' | 'async';
  memoryRetentionBytes: number | undefined;
  logger: EmbeddedLogger;
  onEvent: EngineEventSink | undefined;
  engine: EngineOptions;
  nameServer: Omit<NameServerOptions, 'onEvent' | 'scheduler'>;
  connection: RemotingServerOptions['connection'];
}

const MAX_BROKERS = 26;

/** Defaults filled in and every option checked eagerly: a bad one throws `invalid-option` naming it. */
export function resolveEmbeddedOptions(o: EmbeddedBrokerOptions = {}): ResolvedEmbeddedOptions {
  const host = nonEmpty('host', o.host ?? '127.0.0.1');
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) invalid('port', port, 'an integer 0..65535');
  const queues = o.queues ?? 4;
  if (!Number.isInteger(queues) || queues < 1 || queues > 1024) invalid('queues', queues, 'an integer 1..1024');
  const flush = o.flush ?? 'async';
  if (flush !== 'sync' && flush !== 'async') invalid('flush', flush, "'sync' or 'async'");
  if (o.dataDir !== undefined) nonEmpty('dataDir', o.dataDir);
  const retention = o.memoryRetentionBytes;
  if (retention !== undefined && !(Number.isSafeInteger(retention) && retention > 0)) invalid('memoryRetentionBytes', retention, 'a positive integer');
  return {
    host,
    port,
    advertisedHost: o.advertisedHost === undefined ? undefined : nonEmpty('advertisedHost', o.advertisedHost),
    dataDir: o.dataDir,
    queues,
    brokerNames: brokerNames(o.brokers ?? 1),
    clusterName: nonEmpty('clusterName', o.clusterName ?? 'DefaultCluster'),
    flush,
    memoryRetentionBytes: retention,
    logger: o.logger ?? stderrLogger,
    onEvent: o.onEvent,
    engine: { ...o.engine },
    nameServer: { ...o.nameServer },
    connection: o.connection,
  };
}

function brokerNames(brokers: number | readonly string[]): string[] {
  if (typeof brokers === 'number') {
    if (!Number.isInteger(brokers) || brokers < 1 || brokers > MAX_BROKERS) invalid('brokers', brokers, `an integer 1..${MAX_BROKERS} or a list of names`);
    return Array.from({ length: brokers }, (_, i) => `broker-${String.fromCharCode(97 + i)}`);
  }
  if (!Array.isArray(brokers) || brokers.length === 0) invalid('brokers', brokers, 'a count or a non-empty list of names');
  for (const name of brokers) {
    if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) invalid('brokers', name, 'names of letters, digits, - and _');
  }
  if (new Set(brokers).size !== brokers.length) invalid('brokers', brokers, 'distinct names');
  return [...brokers];
}

/** The host clients are told to use: the option, else loopback for a wildcard bind, else the bound IP. */
export function advertisedHostOf(o: ResolvedEmbeddedOptions, boundHost: string): string {
  if (o.advertisedHost !== undefined) return o.advertisedHost;
  if (boundHost === '0.0.0.0') return '127.0.0.1';
  if (boundHost === '::') return '::1';
  return boundHost;
}

function nonEmpty(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) invalid(option, value, 'a non-empty string');
  return value;
}

function invalid(option: string, value: unknown, expected: string): never {
  throw new EmbeddedBrokerError('invalid-option', `startEmbeddedBroker option ${option} must be ${expected}`, { option, value });
}
