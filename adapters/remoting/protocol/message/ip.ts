/**
 * IP addresses and `host:port` socket addresses as RocketMQ records carry them: 4 (IPv4) or 16 (IPv6) address bytes
 * followed by a 4-byte port. IPv6 text is RFC 5952 (lower case, longest zero run compressed) and is bracketed in a
 * socket address (`[fd00::2]:10911`). Pure functions; no `node:net`.
 */

/** Text of the 4 or 16 address bytes at `buf[at..at+len)`. */
export function formatIp(buf: Uint8Array, at: number, len: 4 | 16): string {
  if (len === 4) return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((buf[at + i] ?? 0) << 8) | (buf[at + i + 1] ?? 0));
  return formatIpv6Groups(groups);
}

function formatIpv6Groups(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** The 4 or 16 bytes of an IPv4 or IPv6 address text, or `undefined` if it is not one. */
export function parseIp(text: string): Buffer | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): Buffer | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = Buffer.alloc(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

function parseIpv6(text: string): Buffer | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0] as string);
  const tail = halves.length === 2 ? groupsOf(halves[1] as string) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function groupsOf(part: string): number[] | undefined {
  if (part.length === 0) return [];
  const groups: number[] = [];
  const items = part.split(':');
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as string;
    if (i === items.length - 1 && item.includes('.')) {
      const v4 = parseIpv4(item);
      if (v4 === undefined) return undefined;
      groups.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
      groups.push(parseInt(item, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/** `ip:port` (IPv4) or `[ipv6]:port` from address bytes and a 4-byte big-endian port right after them. */
export function formatSocketAddress(buf: Buffer, at: number, len: 4 | 16): string {
  const ip = formatIp(buf, at, len);
  const port = buf.readInt32BE(at + len);
  return len === 4 ? `${ip}:${port}` : `[${ip}]:${port}`;
}

export interface ParsedSocketAddress {
  ip: Buffer;
  port: number;
}

/** Bytes and port of `ip:port`, `[ipv6]:port` or bare `ipv6:port` (split at the last colon); `undefined` if invalid. */
export function parseSocketAddress(text: string): ParsedSocketAddress | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!/^\d{1,10}$/.test(portText)) return undefined;
  const port = Number(portText);
  const ip = parseIp(host);
  if (ip === undefined || port > 0x7fffffff) return undefined;
  return { ip, port };
}
