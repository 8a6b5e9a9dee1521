/**
 * The cluster a benchmark runs against: `ROCKETMQ_NAMESRV=host:port` names a real one (used as is); otherwise the
 * embedded broker is started in a child process (`adapters/embedded/cli.ts broker --port 0 …`) so that its CPU is
 * not the clients', and stopped (SIGTERM, then its data dir removed) by `close()`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DriverSet, REPO_ROOT, TSX_DRIVERS } from './driver.js';

export interface BenchCluster {
  /** `host:port` of the name server. */
  readonly nameServer: string;
  /** True for the embedded broker started here. */
  readonly embedded: boolean;
  /** e.g. `embedded broker (file store)` or `ROCKETMQ_NAMESRV=…`. */
  readonly description: string;
  close(): Promise<void>;
}

export interface ClusterOptions {
  /** Keep messages in the file store under a fresh temp dir (else in memory). */
  readonly fileStore: boolean;
  /** Queues per auto-created topic (the CLI default is 4). */
  readonly queues?: number;
  /** How the broker's CLI runs: compiled as the package ships it, or through tsx (the default). */
  readonly drivers?: DriverSet;
  /** How long the broker may take to print its address. Default 30 s. */
  readonly startTimeoutMs?: number;
}

/** The real cluster of `ROCKETMQ_NAMESRV`, or a fresh embedded broker in a child process. */
export async function openCluster(options: ClusterOptions): Promise<BenchCluster> {
  const external = process.env['ROCKETMQ_NAMESRV'];
  if (external) return { nameServer: external, embedded: false, description: `ROCKETMQ_NAMESRV=${external}`, close: async () => undefined };
  const dataDir = options.fileStore ? await mkdtemp(join(tmpdir(), 'rmqrx-bench-')) : undefined;
  const args = ['broker', '--port', '0', '--queues', String(options.queues ?? 4), ...(dataDir ? ['--data-dir', dataDir] : [])];
  const child = spawn(process.execPath, [...(options.drivers ?? TSX_DRIVERS).brokerArgs(), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const removeData = async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const nameServer = await listeningAddress(child, options.startTimeoutMs ?? 30_000);
    const description = `embedded broker (${dataDir ? 'file store' : 'memory store'}, ${options.queues ?? 4} queues)`;
    return { nameServer, embedded: true, description, close: async () => (await stopChild(child), await removeData()) };
  } catch (error) {
    await stopChild(child);
    await removeData();
    throw error;
  }
}

/** Resolves with the address the CLI prints (`… listening on host:port`); rejects if it exits or takes too long. */
function listeningAddress(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => done(new Error(`the embedded broker printed no address within ${timeoutMs} ms\n${err}`)), timeoutMs);
    const onOut = (s: string) => {
      out += s;
      const m = /listening on (\S+)/.exec(out);
      if (m) done(undefined, m[1]);
    };
    const onErr = (s: string) => (err = (err + s).slice(-4_000));
    const onExit = (code: number | null) => done(new Error(`the embedded broker exited (status ${code})\n${err}`));
    const done = (error: Error | undefined, address?: string) => {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      child.off('exit', onExit);
      // Keep draining its output so that the pipes never fill up while it runs.
      child.stdout?.resume();
      if (error) reject(error);
      else resolve(address as string);
    };
    child.stdout?.setEncoding('utf8').on('data', onOut);
    child.stderr?.setEncoding('utf8').on('data', onErr);
    child.on('exit', onExit);
  });
}

/** SIGTERM (the CLI shuts down cleanly), SIGKILL after 15 s; resolves once the process is gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
