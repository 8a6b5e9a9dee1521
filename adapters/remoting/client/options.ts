import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { CLIENT_VERSION, LANGUAGES, type SerializeType } from '../protocol/command.js';
import type { AclCredentials } from '../protocol/acl.js';
import type { BackoffPolicy } from '../transport/backoff.js';
import type { Clock } from '../transport/clock.js';
import type { Connector } from '../transport/connect.js';
import { RemotingClientError } from './errors.js';

/** Options of `createRemotingClient`. Only `nameServers` is required; the rest default to the Java client's values. */
export interface RemotingClientOptions {
  /** Name server addresses, `"host:port"` (IPv6 as `"[::1]:9876"`). */
  nameServers: string[];
  /** TLS for every connection: `true` for Node's defaults, or `tls.connect` options. */
  tls?: boolean | TlsConnectionOptions;
  /** ACL 1.0 credentials: every request is signed when set (shared/protocol §8.13). */
  credentials?: AclCredentials;
  /** Header serialization of the requests we send (default `JSON`, as the Java client). */
  serializeType?: SerializeType;
  /** Timeout of a request when the caller gives none (default 3000 ms). */
  requestTimeoutMs?: number;
  /** `language` announced in request headers (default `JAVA`, see shared/protocol §2.1). */
  language?: string;
  /** `version` announced in request headers (default 401 = V4_9_4, which gets standard-JSON routes). */
  version?: number;
  /** This client's IP as shown in its client id; detected from the network interfaces when absent. */
  clientIp?: string;
  /** Unit name (cell deployments), appended to client ids by core. */
  unitName?: string;
  /** Root of broadcasting consumers' offset files (default `~/.rocketmq_offsets`, as Java). */
  localOffsetDir?: string;
  /** Test and tuning seams for the transport. */
  transport?: RemotingTransportOptions;
  /** Random source in [0, 1) for the first name server tried and the unique-id random part (default Math.random). */
  random?: () => number;
}

/** Transport knobs; tests pass an in-memory `connector`. */
export interface RemotingTransportOptions {
  connector?: Connector;
  connectTimeoutMs?: number;
  /** Close a connection after this long without traffic (default 120 000; 0 disables). */
  idleTimeoutMs?: number;
  backoff?: BackoffPolicy;
  clock?: Clock;
}

/** The options with every default applied. */
export interface ResolvedRemotingClientOptions extends Omit<RemotingClientOptions, 'serializeType' | 'requestTimeoutMs' | 'language' | 'version' | 'random'> {
  serializeType: SerializeType;
  requestTimeoutMs: number;
  language: string;
  version: number;
  random: () => number;
}

/** Java's default timeout of a request (3 s). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 3_000;

function invalid(option: string, value: unknown, why: string): RemotingClientError {
  return new RemotingClientError('invalid-option', `remoting client option ${option} ${why}`, { option, value });
}

/** Applies the defaults and rejects invalid values with an error naming the option. */
export function resolveRemotingClientOptions(options: RemotingClientOptions): ResolvedRemotingClientOptions {
  const { nameServers } = options;
  if (!Array.isArray(nameServers) || nameServers.some((a) => typeof a !== 'string' || a.trim() === '')) {
    throw invalid('nameServers', nameServers, 'must be a list of "host:port" strings');
  }
  const serializeType = options.serializeType ?? 'JSON';
  if (serializeType !== 'JSON' && serializeType !== 'ROCKETMQ') throw invalid('serializeType', serializeType, "must be 'JSON' or 'ROCKETMQ'");
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0) throw invalid('requestTimeoutMs', requestTimeoutMs, 'must be a positive number');
  const language = options.language ?? 'JAVA';
  if (serializeType === 'ROCKETMQ' && !(LANGUAGES as readonly string[]).includes(language)) {
    throw invalid('language', language, 'is not a Java LanguageCode name (binary headers carry its ordinal)');
  }
  const version = options.version ?? CLIENT_VERSION;
  if (!Number.isInteger(version) || version < 0 || version > 0x7fff) throw invalid('version', version, 'must be an int16 version ordinal');
  const credentials = options.credentials;
  if (credentials !== undefined && (!credentials.accessKey || !credentials.secretKey)) {
    throw invalid('credentials', { accessKey: credentials.accessKey }, 'need both accessKey and secretKey');
  }
  return { ...options, nameServers: nameServers.map((a) => a.trim()), serializeType, requestTimeoutMs, language, version, random: options.random ?? Math.random };
}
