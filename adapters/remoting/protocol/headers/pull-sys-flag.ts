/** Bits of PULL_MESSAGE's `sysFlag` (Java `PullSysFlag`). */
export const PULL_SYS_FLAG = {
  COMMIT_OFFSET: 0x1,
  SUSPEND: 0x2,
  SUBSCRIPTION: 0x4,
  CLASS_FILTER: 0x8,
  LITE_PULL: 0x10,
} as const;

/** The pull sysFlag as named booleans. */
export interface PullSysFlags {
  /** Broker should store `commitOffset`. */
  commitOffset: boolean;
  /** Broker may hold the request (long polling). */
  suspend: boolean;
  /** Request carries `subscription`. */
  subscription: boolean;
  /** Legacy class filter. */
  classFilter: boolean;
  /** Lite pull consumer. */
  litePull: boolean;
}

const BITS: readonly (readonly [keyof PullSysFlags, number])[] = [
  ['commitOffset', PULL_SYS_FLAG.COMMIT_OFFSET],
  ['suspend', PULL_SYS_FLAG.SUSPEND],
  ['subscription', PULL_SYS_FLAG.SUBSCRIPTION],
  ['classFilter', PULL_SYS_FLAG.CLASS_FILTER],
  ['litePull', PULL_SYS_FLAG.LITE_PULL],
];

/** Builds a pull sysFlag; flags left out are off. */
export function buildPullSysFlag(flags: Partial<PullSysFlags>): number {
  return BITS.reduce((acc, [name, bit]) => (flags[name] ? acc | bit : acc), 0);
}

/** Reads the named bits of a pull sysFlag (other bits are ignored). */
export function parsePullSysFlag(sysFlag: number): PullSysFlags {
  const has = (bit: number) => (sysFlag & bit) !== 0;
  return {
    commitOffset: has(PULL_SYS_FLAG.COMMIT_OFFSET),
    suspend: has(PULL_SYS_FLAG.SUSPEND),
    subscription: has(PULL_SYS_FLAG.SUBSCRIPTION),
    classFilter: has(PULL_SYS_FLAG.CLASS_FILTER),
    litePull: has(PULL_SYS_FLAG.LITE_PULL),
  };
}

/** Clears COMMIT_OFFSET, as the Java client does when it pulls from a slave. */
export function clearCommitOffsetFlag(sysFlag: number): number {
  return sysFlag & ~PULL_SYS_FLAG.COMMIT_OFFSET;
}
