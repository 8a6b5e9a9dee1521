/**
 * Extra name servers for fail-over tests: standalone embedded name servers (the engine behind the embedded
 * remoting server, as `startEmbeddedBroker` runs its own) that learn a running cluster's brokers, and addresses where
 * nothing listens.
 */
import { createServer } from 'node:net';
import type { EmbeddedBroker } from '../../../adapters/embedded/index.js';
import { stderrLogger } from '../../../adapters/embedded/logger.js';
import { NameServer } from '../../../adapters/embedded/engine/nameserver.js';
import { EmbeddedServer } from '../../../adapters/embedded/server/embedded-server.js';
import type { Handler } from '../../../adapters/embedded/server/handler.js';
import { nameServerHandlers } from '../../../adapters/embedded/server/processors/nameserver.js';
import { RequestCode } from '../../../adapters/remoting/protocol/codes.js';

/** A name server of its own on a loopback port. */
export interface StandaloneNameServer {
  readonly address: string;
  /** GET_ROUTEINFO_BY_TOPIC requests it has answered. */
  readonly routeRequests: number;
  /** Registers every broker of `mq` as it is now (its topics included); call again after creating topics. */
  learn(mq: EmbeddedBroker): void;
  /** Stops listening and closes every connection. Idempotent. */
  close(): Promise<void>;
}

/** Starts a name server on 127.0.0.1 (a free port) that counts the route look-ups it answers. */
export async function startNameServer(): Promise<StandaloneNameServer> {
  const engine = new NameServer();
  const server = new EmbeddedServer({ label: 'namesrv-extra', logger: stderrLogger });
  let routeRequests = 0;
  const handlers = new Map(nameServerHandlers(engine));
  const route = handlers.get(RequestCode.GET_ROUTEINFO_BY_TOPIC)!;
  const counted: Handler = (request, channel) => {
    routeRequests += 1;
    return route(request, channel);
  };
  handlers.set(RequestCode.GET_ROUTEINFO_BY_TOPIC, counted);
  engine.start();
  try {
    const { port } = await server.listen('127.0.0.1', 0);
    server.serve(handlers);
    let closing: Promise<void> | undefined;
    return {
      address: `127.0.0.1:${port}`,
      get routeRequests() {
        return routeRequests;
      },
      learn: (mq) => {
        for (const { broker } of mq.brokers) engine.registerBroker(broker.registration());
      },
      close: () => (closing ??= server.close().finally(() => engine.close())),
    };
  } catch (error) {
    await server.close();
    await engine.close();
    throw error;
  }
}

/** A loopback address nothing listens on (a port bound and released again): connecting to it is refused. */
export async function deadAddress(): Promise<string> {
  const server = createServer();
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `127.0.0.1:${port}`;
}
