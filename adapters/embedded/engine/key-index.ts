import { splitKeys } from '../../remoting/protocol/message/tags.js';
import { MessageProperty, type Properties } from '../../remoting/protocol/message/properties.js';

interface IndexEntry {
  physicalOffset: number;
  storeTimestamp: number;
}

/** A key lookup result: the newest matching physical offsets, in store order. */
export interface KeyLookup {
  physicalOffsets: number[];
  /** Store time and physical offset of the newest indexed message (QUERY_MESSAGE response header). */
  lastUpdateTimestamp: number;
  lastUpdatePhyOffset: number;
}

/**
 * The message key index behind QUERY_MESSAGE (Java `IndexService`): `topic#key` for every KEYS token and the
 * UNIQ_KEY → physical offsets. Bounded: beyond `maxEntries` the oldest entries are forgotten.
 */
export class KeyIndex {
  private readonly byKey = new Map<string, IndexEntry[]>();
  private readonly order: string[] = [];
  private head = 0;
  private lastTimestamp = 0;
  private lastPhyOffset = 0;

  constructor(private readonly maxEntries: number) {}

  /** Indexes a stored record's keys. */
  add(topic: string, props: Properties, physicalOffset: number, storeTimestamp: number): void {
    const keys = new Set(splitKeys(props[MessageProperty.KEYS]));
    const uniq = props[MessageProperty.UNIQ_CLIENT_MESSAGE_ID_KEYIDX];
    if (uniq !== undefined && uniq.length > 0) keys.add(uniq);
    if (keys.size === 0) return;
    for (const key of keys) this.put(`${topic}#${key}`, { physicalOffset, storeTimestamp });
    this.lastTimestamp = storeTimestamp;
    this.lastPhyOffset = physicalOffset;
  }

  /** The newest `maxNum` messages with this key stored within [begin, end], in store order. */
  lookup(topic: string, key: string, maxNum: number, begin: number, end: number): KeyLookup {
    const entries = this.byKey.get(`${topic}#${key}`) ?? [];
    const physicalOffsets: number[] = [];
    for (let i = entries.length - 1; i >= 0 && physicalOffsets.length < maxNum; i--) {
      const e = entries[i]!;
      if (e.storeTimestamp >= begin && e.storeTimestamp <= end) physicalOffsets.push(e.physicalOffset);
    }
    physicalOffsets.sort((a, b) => a - b);
    return { physicalOffsets, lastUpdateTimestamp: this.lastTimestamp, lastUpdatePhyOffset: this.lastPhyOffset };
  }

  get size(): number {
    return this.order.length - this.head;
  }

  private put(fullKey: string, entry: IndexEntry): void {
    let list = this.byKey.get(fullKey);
    if (list === undefined) this.byKey.set(fullKey, (list = []));
    list.push(entry);
    this.order.push(fullKey);
    while (this.size > this.maxEntries) this.evictOldest();
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  private evictOldest(): void {
    const key = this.order[this.head++]!;
    const list = this.byKey.get(key);
    list?.shift();
    if (list !== undefined && list.length === 0) this.byKey.delete(key);
  }
}
