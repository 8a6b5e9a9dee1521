import { describe, expect, it } from 'vitest';
import { buildPullSysFlag, clearCommitOffsetFlag, parsePullSysFlag, PULL_SYS_FLAG, type PullSysFlags } from '../../../adapters/remoting/protocol/headers/index.js';

const none: PullSysFlags = { commitOffset: false, suspend: false, subscription: false, classFilter: false, litePull: false };

describe('pull sysFlag helpers', () => {
  it.each([
    ['nothing', {}, 0],
    ['push consumer, no offset yet (SUSPEND)', { suspend: true }, 2],
    ['push consumer with an offset (COMMIT_OFFSET | SUSPEND)', { commitOffset: true, suspend: true }, 3],
    ['pull consumer (SUBSCRIPTION)', { subscription: true }, 4],
    ['class filter', { classFilter: true }, 8],
    ['lite pull', { litePull: true }, 16],
    ['everything', { commitOffset: true, suspend: true, subscription: true, classFilter: true, litePull: true }, 31],
  ] as const)('%s → %i', (_name, flags, value) => {
    expect(buildPullSysFlag(flags)).toBe(value);
    expect(parsePullSysFlag(value)).toEqual({ ...none, ...flags });
  });

  it('ignores unknown bits when parsing', () => {
    expect(parsePullSysFlag(0x20 | PULL_SYS_FLAG.SUSPEND)).toEqual({ ...none, suspend: true });
  });

  it('clears only COMMIT_OFFSET (pulling from a slave)', () => {
    expect(clearCommitOffsetFlag(7)).toBe(6);
    expect(clearCommitOffsetFlag(6)).toBe(6);
  });
});
