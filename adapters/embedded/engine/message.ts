import type { Properties } from '../../remoting/protocol/message/properties.js';
import { BoundedMemo } from '../../../core/util/bounded-memo.js';
import { parseSocketAddress } from '../../remoting/protocol/message/ip.js';
import { javaPropertiesString } from './java-properties.js';

/**
 * A message on its way into the store (Java `MessageExtBrokerInner`): everything a record holds except the offsets
 * and the store timestamp, which the writer and the store assign.
 */
export interface BrokerMessage {
  topic: string;
  queueId: number;
  flag: number;
  /** The body as stored (still compressed when sysFlag says so). */
  body: Buffer;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: string;
  storeHost: string;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /**
   * The property map the broker reads (DELAY, TRAN_MSG, REAL_TOPIC …), in the order Java `put` its entries (the
   * stored string is written in the Java HashMap order that insertion order gives, see `javaPropertiesString`).
   */
  properties: Properties;
  /**
   * The properties string written to the record when it differs from the map (Java `propertiesString`: a 4.9 broker
   * writes a single send without `WAIT` but keeps it in the map; a delivered delayed message keeps `DELAY`).
   */
  propertiesString?: string;
  /** Delay level (0 = none) the store applies: the message then waits in SCHEDULE_TOPIC_XXXX. */
  delayLevel: number;
}

/** The string a record of this message carries: its own, or the map's as Java `messageProperties2String` writes it. */
export function storedPropertiesOf(msg: BrokerMessage): string {
  return msg.propertiesString ?? javaPropertiesString(msg.properties);
}

/** Properties without one key, order kept. */
export function without(props: Properties, key: string): Properties {
  const out: Properties = {};
  for (const [k, v] of Object.entries(props)) if (k !== key) out[k] = v;
  return out;
}

/** A non-negative integer from a property value, or 0 (Java parses DELAY with `Integer.parseInt`). */
export function intProperty(props: Properties, key: string): number {
  const text = props[key];
  if (text === undefined || !/^-?\d{1,10}$/.test(text.trim())) return 0;
  return Number(text.trim());
}

const MAPPED_V4 = /^\[?::ffff:(\d{1,3}(?:\.\d{1,3}){3})\]?:(\d+)$/i;

/**
 * A peer address as an `ip:port` a record can carry: IPv4-mapped IPv6 (`::ffff:1.2.3.4`, as Node reports IPv4
 * peers of a dual-stack server) becomes plain IPv4; an unparseable address becomes `0.0.0.0:0`.
 */
export function normalizeAddress(address: string): string {
  return normalized.get(address) ?? normalized.remember(address, normalize(address));
}

/** {@link normalizeAddress} by peer address: a broker asks for the same few on every send. */
const normalized = new BoundedMemo<string>(1024);

function normalize(address: string): string {
  const mapped = MAPPED_V4.exec(address);
  if (mapped !== null) return `${mapped[1]}:${mapped[2]}`;
  if (parseSocketAddress(address) !== undefined) return address;
  return '0.0.0.0:0';
}
