import type { RemotingPort } from '../ports/broker-port.js';
import { ClientInstance, type ClientInstanceConfig } from './client-instance.js';

/** Opens the adapter for a client instance (called once, by the instance's first `start()`). */
export type PortFactory = (config: ClientInstanceConfig) => RemotingPort;

/** The key of a shared instance: its name server list and its client id. */
export function clientInstanceKey(config: Pick<ClientInstanceConfig, 'nameServers' | 'clientId'>): string {
  return `${config.nameServers.join(';')}|${config.clientId}`;
}

/**
 * The shared client instances of one application (the Java `MQClientManager`, minus the global): producers and
 * consumers with the same name server list and client id get the same instance. An instance leaves the registry
 * when its last user shuts it down; the next `acquire` creates a fresh one. Create one registry per application
 * (the composition root owns it); there is no module-level default.
 */
export class ClientRegistry {
  private readonly instances = new Map<string, ClientInstance>();

  /**
   * The instance for `config`'s (name servers, client id), created with `portFactory` if there is none. The caller
   * becomes a user by calling `start()` on it and stops being one with `shutdown()`.
   */
  acquire(config: ClientInstanceConfig, portFactory: PortFactory): ClientInstance {
    const key = clientInstanceKey(config);
    let instance = this.instances.get(key);
    if (!instance) {
      const created: ClientInstance = new ClientInstance(config, () => portFactory(config), () => {
        if (this.instances.get(key) === created) this.instances.delete(key);
      });
      instance = created;
      this.instances.set(key, instance);
    }
    return instance;
  }

  /** How many instances are alive (acquired and not yet closed by their last user). */
  get size(): number {
    return this.instances.size;
  }
}
