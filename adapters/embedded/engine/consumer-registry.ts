import type { ClientChannel } from './channel.js';
import type { Subscription } from './subscription.js';

/** How a consumer group consumes, as its heartbeat says. */
export interface ConsumerGroupSettings {
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
}

interface ConsumerMember {
  channel: ClientChannel;
  clientId: string;
  lastUpdate: number;
}

interface ConsumerGroupState extends ConsumerGroupSettings {
  readonly members: Map<string, ConsumerMember>;
  readonly subscriptions: Map<string, Subscription>;
}

/** A group's members after a change, for NOTIFY_CONSUMER_IDS_CHANGED. */
export interface GroupChange {
  group: string;
  channels: ClientChannel[];
}

/**
 * Consumer groups → member channels and the group's subscriptions (Java `ConsumerManager` / `ConsumerGroupInfo`).
 * Members are keyed by channel; the subscription table follows the latest heartbeat (a topic is replaced only by a
 * newer `subVersion`, and topics a heartbeat no longer lists are dropped).
 */
export class ConsumerRegistry {
  private readonly groups = new Map<string, ConsumerGroupState>();

  /** Registers a heartbeat; true when a new channel joined or the set of subscribed topics changed. */
  register(group: string, channel: ClientChannel, clientId: string, settings: ConsumerGroupSettings, subs: Subscription[], now: number): boolean {
    let state = this.groups.get(group);
    if (state === undefined) this.groups.set(group, (state = { ...settings, members: new Map(), subscriptions: new Map() }));
    Object.assign(state, settings);
    const joined = !state.members.has(channel.id);
    state.members.set(channel.id, { channel, clientId, lastUpdate: now });
    return updateSubscriptions(state.subscriptions, subs) || joined;
  }

  /** Removes the client from the group (by client id, or by channel); undefined when it was not a member. */
  unregister(group: string, clientId: string, channel?: ClientChannel): GroupChange | undefined {
    const state = this.groups.get(group);
    if (state === undefined) return undefined;
    let removed = false;
    for (const [key, m] of state.members) {
      if (m.clientId === clientId || m.channel === channel) removed = state.members.delete(key) || removed;
    }
    if (!removed) return undefined;
    return this.afterRemoval(group, state);
  }

  /** Removes a channel from every group; the groups it left, with their remaining members. */
  removeChannel(channel: ClientChannel): GroupChange[] {
    const changes: GroupChange[] = [];
    for (const [group, state] of [...this.groups]) {
      if (state.members.delete(channel.id)) changes.push(this.afterRemoval(group, state));
    }
    return changes;
  }

  /** Channels whose last heartbeat in any group is older than `deadline`. */
  expiredChannels(deadline: number): ClientChannel[] {
    const out = new Map<string, ClientChannel>();
    for (const state of this.groups.values()) {
      for (const m of state.members.values()) if (m.lastUpdate < deadline) out.set(m.channel.id, m.channel);
    }
    return [...out.values()];
  }

  channels(group: string): ClientChannel[] {
    return [...(this.groups.get(group)?.members.values() ?? [])].map((m) => m.channel);
  }

  /** Distinct client ids of the group's members, in registration order. */
  clientIds(group: string): string[] {
    return [...new Set([...(this.groups.get(group)?.members.values() ?? [])].map((m) => m.clientId))];
  }

  settings(group: string): ConsumerGroupSettings | undefined {
    const s = this.groups.get(group);
    return s === undefined ? undefined : { consumeType: s.consumeType, messageModel: s.messageModel, consumeFromWhere: s.consumeFromWhere };
  }

  subscription(group: string, topic: string): Subscription | undefined {
    return this.groups.get(group)?.subscriptions.get(topic);
  }

  private afterRemoval(group: string, state: ConsumerGroupState): GroupChange {
    if (state.members.size === 0) this.groups.delete(group);
    return { group, channels: [...state.members.values()].map((m) => m.channel) };
  }
}

function updateSubscriptions(table: Map<string, Subscription>, subs: Subscription[]): boolean {
  let changed = false;
  for (const sub of subs) {
    const old = table.get(sub.topic);
    if (old === undefined) {
      table.set(sub.topic, sub);
      changed = true;
    } else if (sub.subVersion > old.subVersion) {
      table.set(sub.topic, sub);
    }
  }
  const listed = new Set(subs.map((s) => s.topic));
  for (const topic of [...table.keys()]) {
    if (!listed.has(topic)) {
      table.delete(topic);
      changed = true;
    }
  }
  return changed;
}
