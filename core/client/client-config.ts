import type { SchedulerLike } from 'rxjs';
import type { ResolvedClientOptions } from '../options/option-types.js';
import type { ClientInstanceConfig } from './client-instance.js';

/** What makes the default instance name: the process id and the process start time (ms). */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: number;
}

/** This process's identity (reading it is no I/O). */
export function currentProcessIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: Math.round(performance.timeOrigin) };
}

/** The Java placeholder instance name, replaced by `<pid>#<startTime>`. */
const DEFAULT_INSTANCE_NAME = 'DEFAULT';

/**
 * The client id (shared/protocol §8.12): `<clientIp>@<instanceName>[@<unitName>]`. `instanceName` `DEFAULT` becomes
 * `<pid>#<process start time>`, so the producers and consumers of one process share a client instance (the Java
 * 4.9 client uses `System.nanoTime()` there, which gives each its own). Without a client IP (the adapter supplies
 * a detected one) `127.0.0.1` is used.
 */
export function clientIdOf(options: Pick<ResolvedClientOptions, 'clientIp' | 'instanceName' | 'unitName'>, identity: ProcessIdentity): string {
  const instance = options.instanceName === DEFAULT_INSTANCE_NAME ? `${identity.pid}#${identity.startTime}` : options.instanceName;
  const base = `${options.clientIp ?? '127.0.0.1'}@${instance}`;
  return options.unitName ? `${base}@${options.unitName}` : base;
}

/** `host:port;host:port` → the list, without blanks. */
export function nameServerList(nameServer: string | undefined): string[] {
  return (nameServer ?? '').split(';').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The client instance configuration for resolved options. */
export function clientInstanceConfig(options: ResolvedClientOptions, scheduler: SchedulerLike, identity: ProcessIdentity = currentProcessIdentity()): ClientInstanceConfig {
  return {
    clientId: clientIdOf(options, identity),
    nameServers: nameServerList(options.nameServer),
    routeRefreshIntervalMs: options.routeRefreshIntervalMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    requestTimeoutMs: options.requestTimeoutMs,
    scheduler,
    options,
  };
}
