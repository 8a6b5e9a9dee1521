import { setImmediate as nextTurn } from 'node:timers/promises';

/** Event-loop turns a closed socket or server may take to leave the list (libuv runs close callbacks a turn later). */
const CLOSE_TURNS = 10;

/**
 * TCP sockets and servers this process still holds once closed ones had their close callbacks: after a test closed
 * its brokers and clients there must be none. (ali-ons keeps one sleeping timer per periodic task for up to its
 * interval after `close()`; timers are not listed.)
 */
export async function openTcpHandles(): Promise<string[]> {
  const tcp = () => process.getActiveResourcesInfo().filter((resource) => resource.startsWith('TCP'));
  for (let turn = 0; turn < CLOSE_TURNS && tcp().length > 0; turn++) await nextTurn();
  return tcp();
}
