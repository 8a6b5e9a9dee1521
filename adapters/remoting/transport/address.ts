import { TransportError } from './errors.js';

/** A parsed `host:port`. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const BRACKETED = /^\[([^\]]+)\]:(\d{1,5})$/;
const PLAIN = /^([^:[\]\s]+):(\d{1,5})$/;

/**
 * Parses `"host:port"` or, for IPv6, `"[::1]:port"` (the form RocketMQ uses in routes and name-server
 * lists). Throws `TransportError('invalid-address')` naming the input otherwise.
 */
export function parseAddress(address: string): HostPort {
  const match = BRACKETED.exec(address) ?? PLAIN.exec(address);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new TransportError('invalid-address', `invalid address "${address}": expected host:port or [ipv6]:port`, {
      address,
    });
  }
  return { host: match[1] as string, port };
}

/** The inverse of {@link parseAddress}: brackets IPv6 hosts. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `host:port` of a socket's peer, or `"memory"` for a stream without one (e.g. an in-memory pipe). */
export function socketAddress(stream: object): string {
  const { remoteAddress, remotePort } = stream as Partial<{ remoteAddress: string; remotePort: number }>;
  return remoteAddress !== undefined && remotePort !== undefined ? formatAddress(remoteAddress, remotePort) : 'memory';
}
