import { describe, expect, it } from 'vitest';
import { Admission } from '../../../adapters/embedded/engine/admission.js';

describe('Admission: steps run one after another, in the order they were admitted', () => {
  it('runs the first step at once, later ones only after the earlier have settled', async () => {
    const admission = new Admission();
    const log: string[] = [];
    let release!: () => void;
    const first = admission.admit(async () => {
      log.push('first starts');
      await new Promise<void>((resolve) => (release = resolve));
      log.push('first ends');
      return 1;
    });
    const second = admission.admit(async () => {
      log.push('second');
      return 2;
    });
    expect(log).toEqual(['first starts']);
    expect(admission.busy).toBe(true);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first starts', 'first ends', 'second']);
    expect(admission.busy).toBe(false);
  });

  it('a failing step (thrown or rejected) rejects its own caller only; the next still runs', async () => {
    const admission = new Admission();
    const thrown = admission.admit((): Promise<number> => {
      throw new Error('sync');
    });
    const rejected = admission.admit(() => Promise.reject(new Error('async')));
    const after = admission.admit(async () => 'ok');
    await expect(thrown).rejects.toThrow('sync');
    await expect(rejected).rejects.toThrow('async');
    expect(await after).toBe('ok');
  });
});
