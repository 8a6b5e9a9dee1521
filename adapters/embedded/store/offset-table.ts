/** Committed consumer offsets in memory: group → topic → queueId → offset. */
export class OffsetTable {
  private readonly groups = new Map<string, Map<string, Map<number, number>>>();

  set(group: string, topic: string, queueId: number, offset: number): void {
    let topics = this.groups.get(group);
    if (!topics) this.groups.set(group, (topics = new Map()));
    let queues = topics.get(topic);
    if (!queues) topics.set(topic, (queues = new Map()));
    queues.set(queueId, offset);
  }

  get(group: string, topic: string, queueId: number): number | undefined {
    return this.groups.get(group)?.get(topic)?.get(queueId);
  }

  /** A copy of one group's offsets. */
  ofGroup(group: string): Map<string, Map<number, number>> {
    const copy = new Map<string, Map<number, number>>();
    for (const [topic, queues] of this.groups.get(group) ?? []) copy.set(topic, new Map(queues));
    return copy;
  }

  /** Every offset as flat rows (for snapshots). */
  rows(): Array<{ group: string; topic: string; queueId: number; offset: number }> {
    const out: Array<{ group: string; topic: string; queueId: number; offset: number }> = [];
    for (const [group, topics] of this.groups) {
      for (const [topic, queues] of topics) {
        for (const [queueId, offset] of queues) out.push({ group, topic, queueId, offset });
      }
    }
    return out;
  }

  clear(): void {
    this.groups.clear();
  }
}
