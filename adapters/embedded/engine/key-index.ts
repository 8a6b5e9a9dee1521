import { continueJavaStringHash, javaStringHashCode } from '../../../core/util/java-hash.js';
import { splitKeys } from '../../remoting/protocol/message/tags.js';
import { MessageProperty, type Properties } from '../../remoting/protocol/message/properties.js';

/** A key lookup result: the newest matching physical offsets, in store order. */
export interface KeyLookup {
  physicalOffsets: number[];
  /** Store time and physical offset of the newest indexed message (QUERY_MESSAGE response header). */
  lastUpdateTimestamp: number;
  lastUpdatePhyOffset: number;
}

/** Whether the record stored at a physical offset is in `topic` and carries `key` (a KEYS token or its UNIQ_KEY). */
export type RecordHasKey = (physicalOffset: number, topic: string, key: string) => boolean;

const INITIAL_CAPACITY = 1024;

/**
 * The message key index behind QUERY_MESSAGE (Java `IndexService`): every KEYS token and the UNIQ_KEY of each stored
 * message, under its topic. Bounded: beyond `maxEntries` the oldest entries are forgotten.
 *
 * Laid out as Java's index file is, in memory: a hash table of chains over a ring of entries held in typed arrays
 * (the hash of `topic#key`, the physical offset, the store time, the previous entry of the same bucket). No key
 * strings and no object per entry are kept, so a million entries cost the GC nothing to mark and a key used by many
 * messages costs nothing to forget. A hash match is only a candidate: the stored record is asked whether it really
 * carries the key (`hasKey`), as Java's client filters what the hash index returns.
 */
export class KeyIndex {
  private capacity = 0;
  /** Entry columns; entry `seq` lives at `seq % capacity` while `seq >= firstSeq`. */
  private hashes = new Int32Array(0);
  private offsets = new Float64Array(0);
  private times = new Float64Array(0);
  /** The sequence number of the previous entry in the same bucket, or -1. */
  private previous = new Float64Array(0);
  /** Per bucket (`hash & (buckets.length - 1)`, a power of two ≥ capacity), the newest entry's sequence number + 1, 0 for none. */
  private buckets = new Float64Array(0);
  private firstSeq = 0;
  private nextSeq = 0;
  private lastTimestamp = 0;
  private lastPhyOffset = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly hasKey: RecordHasKey,
  ) {}

  get size(): number {
    return this.nextSeq - this.firstSeq;
  }

  /** Indexes a stored record's keys. */
  add(topic: string, props: Properties, physicalOffset: number, storeTimestamp: number): void {
    const keys = new Set(splitKeys(props[MessageProperty.KEYS]));
    const uniq = props[MessageProperty.UNIQ_CLIENT_MESSAGE_ID_KEYIDX];
    if (uniq !== undefined && uniq.length > 0) keys.add(uniq);
    if (keys.size === 0 || this.maxEntries <= 0) return;
    for (const key of keys) this.put(keyHash(topic, key), physicalOffset, storeTimestamp);
    this.lastTimestamp = storeTimestamp;
    this.lastPhyOffset = physicalOffset;
  }

  /** The newest `maxNum` messages with this key stored within [begin, end], in store order. */
  lookup(topic: string, key: string, maxNum: number, begin: number, end: number): KeyLookup {
    const physicalOffsets: number[] = [];
    const hash = keyHash(topic, key);
    let seq = this.capacity === 0 ? -1 : this.buckets[hash & (this.buckets.length - 1)]! - 1;
    while (seq >= this.firstSeq && physicalOffsets.length < maxNum) {
      const i = seq % this.capacity;
      const offset = this.offsets[i]!;
      const time = this.times[i]!;
      if (this.hashes[i] === hash && time >= begin && time <= end && this.hasKey(offset, topic, key)) physicalOffsets.push(offset);
      seq = this.previous[i]!;
    }
    physicalOffsets.sort((a, b) => a - b);
    return { physicalOffsets, lastUpdateTimestamp: this.lastTimestamp, lastUpdatePhyOffset: this.lastPhyOffset };
  }

  private put(hash: number, physicalOffset: number, storeTimestamp: number): void {
    if (this.size === this.capacity) {
      if (this.capacity < this.maxEntries) this.grow();
      else this.firstSeq++; // the oldest entry's slot is reused below; chains stop at sequence numbers below firstSeq
    }
    this.link(this.nextSeq++, hash, physicalOffset, storeTimestamp);
  }

  private link(seq: number, hash: number, physicalOffset: number, storeTimestamp: number): void {
    const i = seq % this.capacity;
    const bucket = hash & (this.buckets.length - 1);
    this.hashes[i] = hash;
    this.offsets[i] = physicalOffset;
    this.times[i] = storeTimestamp;
    this.previous[i] = this.buckets[bucket]! - 1;
    this.buckets[bucket] = seq + 1;
  }

  /** Doubles the ring (a power of two, capped at `maxEntries`) and relinks every kept entry, oldest first. */
  private grow(): void {
    const [hashes, offsets, times, oldCapacity] = [this.hashes, this.offsets, this.times, this.capacity];
    this.capacity = Math.min(this.maxEntries, Math.max(INITIAL_CAPACITY, oldCapacity * 2));
    this.hashes = new Int32Array(this.capacity);
    this.offsets = new Float64Array(this.capacity);
    this.times = new Float64Array(this.capacity);
    this.previous = new Float64Array(this.capacity);
    this.buckets = new Float64Array(2 ** Math.ceil(Math.log2(this.capacity)));
    for (let seq = this.firstSeq; seq < this.nextSeq; seq++) {
      const i = seq % oldCapacity;
      this.link(seq, hashes[i]!, offsets[i]!, times[i]!);
    }
  }
}

/** Java's `String.hashCode` of `topic#key`, without building that string. */
function keyHash(topic: string, key: string): number {
  return continueJavaStringHash(continueJavaStringHash(javaStringHashCode(topic), '#'), key);
}
