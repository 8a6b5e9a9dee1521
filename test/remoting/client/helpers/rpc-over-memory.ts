import { vi } from 'vitest';
import type { RequestHook } from '../../../../adapters/remoting/client/acl-hook.js';
import { Rpc } from '../../../../adapters/remoting/client/rpc.js';
import { createResponse, FLAG_ONEWAY } from '../../../../adapters/remoting/protocol/command.js';
import type { ConnectOptions } from '../../../../adapters/remoting/transport/connect.js';
import { Connection } from '../../../../adapters/remoting/transport/connection.js';
import { createMemoryPair } from '../../../../adapters/remoting/transport/memory.js';
import { ConnectionPool } from '../../../../adapters/remoting/transport/pool.js';

/** The broker the Rpc tests talk to. */
export const ADDRESS = 'broker-a:10911';

/**
 * An Rpc over a pool of memory pipes whose far end answers every request SUCCESS (what it opens goes into `owned`,
 * for the test to close).
 */
export function rpcOverMemory(owned: Array<{ close(): Promise<void> }>, hook: RequestHook = (command) => command) {
  const connector = vi.fn(async (address: string, options: ConnectOptions) => {
    const [near, far] = createMemoryPair();
    const broker = new Connection(far, { address: 'client', idleTimeoutMs: 0 });
    broker.setDefaultProcessor((request) => (request.flag & FLAG_ONEWAY ? undefined : createResponse(request, { code: 0 })));
    owned.push(broker);
    return new Connection(near, { ...options, address, idleTimeoutMs: 0 });
  });
  const pool = new ConnectionPool({ connector });
  owned.push(pool);
  const rpc = new Rpc({ pool, serializeType: 'JSON', language: 'JAVA', version: 395, requestTimeoutMs: 3_000, hook });
  return { pool, rpc, connector };
}
