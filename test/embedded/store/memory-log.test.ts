import { describe, expect, it } from 'vitest';
import { MemoryLog } from '../../../adapters/embedded/store/memory-log.js';

const record = (size: number, fill: number): Buffer => Buffer.alloc(size, fill);

describe('MemoryLog', () => {
  it('assigns contiguous physical offsets and reads each record back by offset and size', () => {
    const log = new MemoryLog();
    const sizes = [100, 70_000, 1, 5_000_000, 9_000_000, 300];
    const offsets = sizes.map((size, i) => log.append(record(size, i + 1)));
    expect(offsets).toEqual([0, 100, 70_100, 70_101, 5_070_101, 14_070_101]);
    expect(log.end).toBe(14_070_401);
    sizes.forEach((size, i) => {
      const bytes = log.slice(offsets[i]!, size)!;
      expect(bytes.length).toBe(size);
      expect([bytes[0], bytes[size - 1]]).toEqual([i + 1, i + 1]);
    });
  });

  it('copies the record: later changes to the caller buffer do not reach the log', () => {
    const log = new MemoryLog();
    const input = record(8, 7);
    const at = log.append(input);
    input.fill(0);
    expect([...log.slice(at, 8)!]).toEqual(Array(8).fill(7));
  });

  it('answers undefined outside the kept bytes and across a segment boundary', () => {
    const log = new MemoryLog();
    log.append(record(60_000, 1));
    const second = log.append(record(10_000, 2)); // does not fit in the first 64 KiB segment
    expect(log.slice(second - 10, 20)).toBeUndefined();
    expect(log.slice(second, 10_001)).toBeUndefined();
    expect(log.slice(-1, 2)).toBeUndefined();
    expect(log.slice(0, 0)).toBeUndefined();
    expect(log.slice(second, 10_000)?.length).toBe(10_000);
  });

  it('forgets the oldest bytes on dropHead and keeps serving the rest', () => {
    const log = new MemoryLog();
    const offsets = Array.from({ length: 40 }, (_, i) => log.append(record(4096, i)));
    log.dropHead(4096 * 30);
    expect(log.head).toBe(offsets[30]);
    expect(log.slice(offsets[29]!, 4096)).toBeUndefined();
    expect(log.slice(offsets[30]!, 4096)![0]).toBe(30);
    log.dropHead(4096 * 10);
    expect([log.head, log.end]).toEqual([4096 * 40, 4096 * 40]);
    expect(log.append(record(10, 9))).toBe(4096 * 40);
    expect(log.slice(4096 * 40, 10)![9]).toBe(9);
  });
});
