/**
 * A tiny scripted broker / name server: a real `RemotingServer` on loopback that records every request it receives
 * and answers each two-way request with the next scripted response (a captured frame), re-stamped with the request's
 * opaque. Oneway requests are recorded and left unanswered.
 */
import type { TlsOptions } from 'node:tls';
import { createResponse, isOneway, type RemotingCommand } from '../../../../adapters/remoting/protocol/command.js';
import type { Connection } from '../../../../adapters/remoting/transport/connection.js';
import { RemotingServer } from '../../../../adapters/remoting/transport/server.js';

/** What the server does with a two-way request: answer with a command, or stay silent (to provoke a timeout). */
export type Script = RemotingCommand | 'silent' | ((request: RemotingCommand, connection: Connection) => RemotingCommand | void);

export class ScriptedServer {
  readonly received: RemotingCommand[] = [];
  private readonly script: Script[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private fallback: Script | undefined;

  private constructor(
    readonly server: RemotingServer,
    readonly address: string,
  ) {
    server.setDefaultProcessor((request, connection) => this.handle(request, connection));
  }

  static async start(options: { tls?: TlsOptions } = {}): Promise<ScriptedServer> {
    const server = new RemotingServer({ connection: { idleTimeoutMs: 0 } });
    const { host, port } = await server.listen({ host: '127.0.0.1', port: 0, ...options });
    return new ScriptedServer(server, `${host}:${port}`);
  }

  /** Queues the answers to the next two-way requests, in order. */
  reply(...answers: Script[]): this {
    this.script.push(...answers);
    return this;
  }

  /** The answer when the script is empty (default: SYSTEM_ERROR "no scripted response"). */
  otherwise(answer: Script): this {
    this.fallback = answer;
    return this;
  }

  /** Resolves with the `n`-th request received (1-based), waiting for it if needed. */
  async request(n: number): Promise<RemotingCommand> {
    if (this.received.length < n) await new Promise<void>((resolve) => this.waiters.push({ count: n, resolve }));
    return this.received[n - 1] as RemotingCommand;
  }

  /** The connections clients have opened to this server. */
  get connections(): Connection[] {
    return [...this.server.connections];
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private handle(request: RemotingCommand, connection: Connection): RemotingCommand | void {
    this.received.push(request);
    for (const waiter of this.waiters.filter((w) => this.received.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    if (isOneway(request)) return undefined;
    const next = this.script.shift() ?? this.fallback ?? createResponse(request, { code: 1, remark: 'no scripted response' });
    if (next === 'silent') return undefined;
    if (typeof next === 'function') return next(request, connection);
    return { ...next, opaque: request.opaque };
  }
}
