/** The floors' raw TCP socket to a broker: no Connection, but reads land in arenas as our transport's do. */
import { connect, type Socket } from 'node:net';
import { parseAddress } from '../../adapters/remoting/transport/address.js';
import { ReadArena } from '../../adapters/remoting/transport/read-arena.js';

/** A connected socket to `addr` (`host:port`, Nagle off) and the arena its reads land in (attach to it for them). */
export async function openRawSocket(addr: string): Promise<{ socket: Socket; reads: ReadArena }> {
  const { host, port } = parseAddress(addr);
  const reads = new ReadArena();
  const socket = connect({ host, port, onread: reads.onread });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.setNoDelay(true);
  return { socket, reads };
}
