import { expect } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions } from '../../../adapters/embedded/index.js';
import { AliPeer } from './ali-peer.js';
import { openTcpHandles } from './handles.js';
import { RxPeer } from './rx-peer.js';

/** An embedded broker with our client and ali-ons on it: what each interop test between the two starts from. */
export interface Peers {
  mq: EmbeddedBroker;
  rx: RxPeer;
  ali: AliPeer;
}

/** Starts an embedded broker with `options` and opens our peer and an ali-ons peer on its address. */
export async function openPeers(options: EmbeddedBrokerOptions): Promise<Peers> {
  const mq = await startEmbeddedBroker(options);
  return { mq, rx: new RxPeer(mq.address), ali: new AliPeer(mq.address) };
}

/** Closes ali-ons, ours, then the broker; fails if ali-ons complained or a TCP socket or server is still open. */
export async function closePeers({ mq, rx, ali }: Peers): Promise<void> {
  const complaints = ali.complaints();
  await ali.close();
  await rx.close();
  await mq.close();
  expect(complaints).toEqual([]);
  expect(await openTcpHandles()).toEqual([]);
}
