import type { ClientChannel } from './channel.js';

interface ProducerMember {
  channel: ClientChannel;
  clientId: string;
  lastUpdate: number;
}

/** Producer groups → the channels that registered them by heartbeat (Java `ProducerManager`). */
export class ProducerRegistry {
  private readonly groups = new Map<string, Map<string, ProducerMember>>();

  register(group: string, channel: ClientChannel, clientId: string, now: number): void {
    let members = this.groups.get(group);
    if (members === undefined) this.groups.set(group, (members = new Map()));
    members.set(channel.id, { channel, clientId, lastUpdate: now });
  }

  /** Removes the client's registrations in `group`; true if something was removed. */
  unregister(group: string, clientId: string, channel?: ClientChannel): boolean {
    const members = this.groups.get(group);
    if (members === undefined) return false;
    let removed = false;
    for (const [key, m] of members) {
      if (m.clientId === clientId || m.channel === channel) removed = members.delete(key) || removed;
    }
    if (members.size === 0) this.groups.delete(group);
    return removed;
  }

  /** Drops every registration of a channel. */
  removeChannel(channel: ClientChannel): void {
    for (const [group, members] of this.groups) {
      members.delete(channel.id);
      if (members.size === 0) this.groups.delete(group);
    }
  }

  /** Channels whose last heartbeat is older than `deadline`. */
  expiredChannels(deadline: number): ClientChannel[] {
    const out = new Map<string, ClientChannel>();
    for (const members of this.groups.values()) {
      for (const m of members.values()) if (m.lastUpdate < deadline) out.set(m.channel.id, m.channel);
    }
    return [...out.values()];
  }

  /** A live channel of the group, chosen at random among the open ones (Java `getAvailableChannel`). */
  availableChannel(group: string, random: () => number): ClientChannel | undefined {
    const open = [...(this.groups.get(group)?.values() ?? [])].filter((m) => !m.channel.closed);
    if (open.length === 0) return undefined;
    return open[Math.floor(random() * open.length) % open.length]!.channel;
  }

  groupsOf(channel: ClientChannel): string[] {
    return [...this.groups].filter(([, members]) => members.has(channel.id)).map(([g]) => g);
  }
}
