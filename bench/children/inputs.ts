/** What the parent passes to each driver child (as one JSON argument); shared by both sides. */

/** Where the clients connect, and the run-unique names they use. */
export interface ClusterInput {
  /** `host:port` of the name server (the embedded one, or `ROCKETMQ_NAMESRV`). */
  readonly nameServer: string;
  readonly topic: string;
  readonly group: string;
}

/** A producer driver: send `warmup` messages, then measure `messages` more, `inflight` at a time. */
export interface ProducerInput extends ClusterInput {
  readonly warmup: number;
  readonly messages: number;
  readonly inflight: number;
  /** Body size in bytes. */
  readonly size: number;
  /** Ours only: turn on the producer's `autoBatch` (ali-ons has no auto batching). Default false. */
  readonly autoBatch?: boolean;
  /** Ours only: `send` (default; workers awaiting a Promise, the peer's loop) or `send$` (under `mergeMap`). */
  readonly api?: 'send' | 'send$';
  /** Ours only: the header serialization of our frames (default JSON, as Java and ali-ons send). */
  readonly serialization?: 'JSON' | 'ROCKETMQ';
}

/** A consumer driver: drain `total` messages from the first offset; the window starts after `warmup` of them. */
export interface ConsumerInput extends ClusterInput {
  readonly warmup: number;
  readonly total: number;
  /** Body size in bytes of the records the in-process yardstick serves (`consumer-core.ts`). */
  readonly size?: number;
}

/** The backlog filler: `messages` bodies of `size` bytes, sent in batches of `batch`, `inflight` batches at a time. */
export interface PrefillInput extends ClusterInput {
  readonly messages: number;
  readonly size: number;
  readonly batch: number;
  readonly inflight: number;
}
