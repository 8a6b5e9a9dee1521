import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { parseIp } from '../protocol/message/ip.js';
import { createUniqueIdGenerator, type UniqueIdGenerator } from '../protocol/message/message-id.js';

/** One interface address as `os.networkInterfaces()` lists it (`family` is a number on some Node versions). */
export type InterfaceAddress = Pick<NetworkInterfaceInfo, 'address' | 'internal'> & { family: string | number };

/** The addresses of this host, interface by interface, in `os.networkInterfaces()` order. */
export function hostAddresses(): InterfaceAddress[] {
  return Object.values(networkInterfaces()).flatMap((list) => list ?? []);
}

const isV4 = (a: InterfaceAddress): boolean => a.family === 'IPv4' || a.family === 4;
const isV6 = (a: InterfaceAddress): boolean => a.family === 'IPv6' || a.family === 6;

/** Java `UtilAll.ipCheck`: first byte 1–126 or 128–254, and not `x.0.0.0` / `x.1.1.1`. */
function usableV4(ip: Buffer): boolean {
  const [a, b, c, d] = ip as unknown as [number, number, number, number];
  if (!((a >= 1 && a <= 126) || (a >= 128 && a <= 254))) return false;
  return !((b === 0 && c === 0 && d === 0) || (b === 1 && c === 1 && d === 1));
}

/** Java `UtilAll.isInternalIP`: 10/8, 172.16/12, 192.168/16. */
function privateV4(ip: Buffer): boolean {
  const [a, b] = ip as unknown as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** Not unspecified, loopback, link-local (fe80::/10) or site-local (fec0::/10); ULAs (fd00::/8) count as usable. */
function usableV6(ip: Buffer): boolean {
  if (ip.every((byte, i) => byte === 0 || (i === 15 && byte === 1))) return false;
  const top10 = ((ip[0] as number) << 2) | ((ip[1] as number) >> 6);
  return top10 !== 0b1111111010 && top10 !== 0b1111111011;
}

/** Four bytes from the clock, as Java's `createFakeIP` does when no address is found. */
function fakeIp(now: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(Math.trunc(now)));
  return b.subarray(4);
}

/**
 * The address bytes of a UNIQ_KEY (shared/protocol §7.2, Java `UtilAll.getIP`): the first public IPv4 or usable IPv6
 * met while walking the interfaces; failing that the first private IPv4; failing that 4 bytes of the current time.
 */
export function uniqueIdAddress(addresses: readonly InterfaceAddress[] = hostAddresses(), now: number = Date.now()): Buffer {
  let privateIp: Buffer | undefined;
  for (const entry of addresses) {
    const ip = parseIp(entry.address.split('%')[0] as string);
    if (ip === undefined) continue;
    if (isV4(entry) && ip.length === 4 && usableV4(ip)) {
      if (!privateV4(ip)) return ip;
      privateIp ??= ip;
    } else if (isV6(entry) && ip.length === 16 && usableV6(ip)) {
      return ip;
    }
  }
  return privateIp ?? fakeIp(now);
}

/**
 * The IP shown in client ids (Java `RemotingUtil.getLocalAddress`): the first non-loopback IPv4 that is not
 * `127.0.*` / `192.168.*`, else the last non-loopback IPv4, else the first non-loopback IPv6 (bracketed), else 127.0.0.1.
 */
export function detectClientIp(addresses: readonly InterfaceAddress[] = hostAddresses()): string {
  const outside = addresses.filter((a) => !a.internal && !a.address.startsWith('127.') && a.address !== '::1');
  const v4 = outside.filter(isV4).map((a) => a.address);
  const preferred = v4.find((ip) => !ip.startsWith('127.0') && !ip.startsWith('192.168'));
  if (preferred !== undefined) return preferred;
  if (v4.length > 0) return v4[v4.length - 1] as string;
  const v6 = outside.find(isV6);
  return v6 === undefined ? '127.0.0.1' : `[${v6.address}]`;
}

/** Options of {@link createProcessUniqueIdGenerator}; all default to this process and host. */
export interface ProcessUniqueIdOptions {
  addresses?: readonly InterfaceAddress[];
  pid?: number;
  /** In [0, 1): picks the per-process random int32. */
  random?: () => number;
  now?: () => number;
}

/** The UNIQ_KEY generator of this process: host address, pid and a random int32 fixed once, then time and counter. */
export function createProcessUniqueIdGenerator(options: ProcessUniqueIdOptions = {}): UniqueIdGenerator {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  return createUniqueIdGenerator({
    ip: uniqueIdAddress(options.addresses ?? hostAddresses(), now()),
    pid: options.pid ?? process.pid,
    random: Math.floor(random() * 0x100000000) | 0,
    now,
  });
}
