import { ProtocolError } from '../errors.js';
import { formatIp, parseIp } from './ip.js';
import { readInt64, writeInt64 } from './int64.js';
import { HEX_UPPER, latin1Slice } from '../utf8.js';

/**
 * Message ids (shared/protocol §7).
 *
 * Offset id (broker-assigned):  hex( storeHost ip 4|16 ‖ port 4 ‖ physicalOffset 8 )           → 32 | 56 chars
 * Unique id (UNIQ_KEY, client): hex( ip 4|16 ‖ pid 2 ‖ random 4 ‖ msSinceMonthStart 4 ‖ counter 2 ) → 32 | 56 chars
 */
export interface OffsetMessageId {
  /** Store host IP text (IPv6 in RFC 5952 form, without brackets). */
  host: string;
  port: number;
  /** Commit-log offset of the message. */
  physicalOffset: number;
}

const HEX_RE = /^[0-9A-Fa-f]*$/;

/** The offset message id of a record stored at `host:port` at commit-log offset `physicalOffset`. */
export function encodeOffsetMessageId(host: string, port: number, physicalOffset: number): string {
  const ip = parseIp(host);
  if (ip === undefined) throw new ProtocolError('invalid-message-id', `not an IP address: ${host}`, { value: host });
  const b = Buffer.alloc(ip.length + 12);
  ip.copy(b, 0);
  b.writeInt32BE(port, ip.length);
  writeInt64(b, physicalOffset, ip.length + 4);
  return b.toString('hex').toUpperCase();
}

/** Store host, port and commit-log offset from an offset message id; `invalid-message-id` unless 32/56 hex chars. */
export function decodeOffsetMessageId(id: string): OffsetMessageId {
  const b = hexBytes(id, 'offset message id');
  const ipLen = b.length === 16 ? 4 : 16;
  return { host: formatIp(b, 0, ipLen), port: b.readInt32BE(ipLen), physicalOffset: readInt64(b, ipLen + 4) };
}

function hexBytes(id: string, what: string): Buffer {
  if (typeof id !== 'string' || (id.length !== 32 && id.length !== 56) || !HEX_RE.test(id)) {
    throw new ProtocolError('invalid-message-id', `${what} must be 32 or 56 hex characters`, { value: id });
  }
  return Buffer.from(id, 'hex');
}

/** The parts of a client unique id (§7.2). */
export interface UniqueIdParts {
  /** 4 or 16 bytes. */
  ip: Buffer;
  host: string;
  /** Low 16 bits of the producer's pid. */
  pid: number;
  /** Per-process random int32 (Java: the class-loader hash code). */
  random: number;
  /** ms since the start of the producer's month (local time), as a signed int32. */
  msSinceMonthStart: number;
  /** Low 16 bits of the producer's counter. */
  counter: number;
}

export function decodeUniqueId(id: string): UniqueIdParts {
  const b = hexBytes(id, 'unique message id');
  const ipLen = b.length === 16 ? 4 : 16;
  return {
    ip: b.subarray(0, ipLen),
    host: formatIp(b, 0, ipLen),
    pid: b.readUInt16BE(ipLen),
    random: b.readInt32BE(ipLen + 2),
    msSinceMonthStart: b.readInt32BE(ipLen + 6),
    counter: b.readUInt16BE(ipLen + 10),
  };
}

/** Start of the month containing `ms`, in the process's local time zone (what Java uses). */
export function localMonthStart(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

/** Start of the month containing `ms` in UTC. */
export function utcMonthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextMonthStart(monthStart: number, monthStartOf: (ms: number) => number): number {
  // 32 days after the start of any month is inside the next one.
  return monthStartOf(monthStart + 32 * 86_400_000);
}

export interface UniqueIdOptions {
  /** An address of this host, 4 or 16 bytes (the caller chooses it; see §7.2). */
  ip: Uint8Array;
  /** Process id; the low 16 bits are used. */
  pid: number;
  /** Per-process random int32; default Math.random. */
  random?: number;
  /** Clock; default Date.now. */
  now?: () => number;
  /** Month start for a time; default local time as Java does ({@link localMonthStart}). */
  monthStartOf?: (ms: number) => number;
  /** First counter value; default 0. */
  counter?: number;
}

export interface UniqueIdGenerator {
  /** The next id: 32 hex chars with an IPv4 `ip`, 56 with IPv6. */
  next(): string;
}

/**
 * A UNIQ_KEY generator with Java `MessageClientIDSetter`'s layout and rules: the fixed prefix is computed once, the
 * month start is recomputed when the clock passes the next month, small negative differences (> −1,000,000 ms,
 * after a clock step back) become 0, the counter wraps at 16 bits.
 */
export function createUniqueIdGenerator(opts: UniqueIdOptions): UniqueIdGenerator {
  if (opts.ip.length !== 4 && opts.ip.length !== 16) {
    throw new ProtocolError('invalid-message-id', 'unique id ip must be 4 or 16 bytes', { value: opts.ip.length });
  }
  const now = opts.now ?? Date.now;
  const monthStartOf = opts.monthStartOf ?? localMonthStart;
  const fixed = Buffer.alloc(opts.ip.length + 6);
  fixed.set(opts.ip, 0);
  fixed.writeUInt16BE(opts.pid & 0xffff, opts.ip.length);
  fixed.writeInt32BE((opts.random ?? Math.floor(Math.random() * 0x100000000)) | 0, opts.ip.length + 2);
  // The id's text is kept as ASCII bytes: the fixed prefix written once, the 12 hex digits of time and counter per
  // id, then read as one flat Latin-1 string (no hex string, upper-casing and concatenation per id).
  const prefixLength = fixed.length * 2;
  const text = Buffer.from(fixed.toString('hex').toUpperCase() + '0'.repeat(12), 'latin1');
  let counter = opts.counter ?? 0;
  let start = monthStartOf(now());
  let nextStart = nextMonthStart(start, monthStartOf);
  return {
    next(): string {
      const t = now();
      if (t >= nextStart) {
        start = monthStartOf(t);
        nextStart = nextMonthStart(start, monthStartOf);
      }
      let diff = (t - start) | 0;
      if (diff < 0 && diff > -1_000_000) diff = 0;
      writeHex(text, prefixLength, diff >>> 0, 8);
      writeHex(text, prefixLength + 8, counter & 0xffff, 4);
      counter = (counter + 1) & 0xffff;
      return latin1Slice(text, 0, text.length);
    },
  };
}

/** Writes the low `digits` hex digits of the unsigned `value` at `at`, upper case, most significant first. */
function writeHex(into: Buffer, at: number, value: number, digits: number): void {
  let v = value;
  for (let i = at + digits - 1; i >= at; i--) {
    into[i] = HEX_UPPER[v & 0xf]!;
    v >>>= 4;
  }
}
