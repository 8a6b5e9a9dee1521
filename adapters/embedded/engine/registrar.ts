import type { NameServer } from './nameserver.js';
import type { BrokerIdentity, BrokerRegistration } from './route-table.js';

/** Where a broker announces itself: an in-process name server, or a remoting client sending REGISTER_BROKER. */
export interface BrokerRegistrar {
  /** `oneway` is true for the immediate re-registration after a topic was created. */
  register(registration: BrokerRegistration, oneway: boolean): void | Promise<void>;
  unregister(identity: BrokerIdentity): void | Promise<void>;
}

/** Registers a broker with a name server in the same process. */
export function localRegistrar(nameServer: NameServer): BrokerRegistrar {
  return {
    register: (registration) => void nameServer.registerBroker(registration),
    unregister: (identity) => void nameServer.unregisterBroker(identity),
  };
}
