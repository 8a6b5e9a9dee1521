import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WriteQueue } from '../../adapters/remoting/transport/write-queue.js';

/** A stream that records each chunk it is handed (one per `write` after its `writev` is split) and can hold them. */
class Recorder extends Writable {
  readonly chunks: Buffer[] = [];
  private held: (() => void)[] = [];
  holding = false;

  constructor(highWaterMark: number) {
    super({ highWaterMark });
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    for (const { chunk } of chunks) this.chunks.push(Buffer.from(chunk));
    if (this.holding) this.held.push(() => callback());
    else callback();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  release(): void {
    this.holding = false;
    for (const done of this.held.splice(0)) done();
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** `count` frames of `size` bytes cut back to back from one buffer, each filled with its index. */
function backToBack(count: number, size: number): Buffer[] {
  const memory = Buffer.alloc(count * size);
  return Array.from({ length: count }, (_, i) => memory.subarray(i * size, (i + 1) * size).fill(i));
}

const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

/** Lets the tick's span go, then releases what the stream holds until the queue behind it has drained too. */
async function drainAll(stream: Recorder): Promise<void> {
  await nextTick();
  stream.release();
  await new Promise((resolve) => setImmediate(resolve));
  stream.release();
  await new Promise((resolve) => setImmediate(resolve));
}

describe('WriteQueue', () => {
  it('hands frames of one tick that lie back to back to the stream as one chunk', async () => {
    const stream = new Recorder(1 << 20);
    const queue = new WriteQueue(stream, 1 << 20);
    const frames = backToBack(20, 100);
    for (const frame of frames) queue.write(frame);
    await nextTick();
    await nextTick();
    expect(stream.chunks).toHaveLength(1);
    expect(stream.bytes.equals(Buffer.concat(frames))).toBe(true);
  });

  it('keeps the order of frames across spans, separate buffers and frames with a callback', async () => {
    const stream = new Recorder(1 << 20);
    const queue = new WriteQueue(stream, 1 << 20);
    const [a, b, c, d] = backToBack(4, 10) as [Buffer, Buffer, Buffer, Buffer];
    const loose = Buffer.alloc(10, 9);
    const called: string[] = [];
    queue.write(a);
    queue.write(b);
    queue.write(loose);
    queue.write(c, () => called.push('c'));
    queue.write(d);
    await nextTick();
    await nextTick();
    expect(stream.bytes.equals(Buffer.concat([a, b, loose, c, d]))).toBe(true);
    // a+b one chunk; loose; c (its own, with its callback); d.
    expect(stream.chunks.map((chunk) => chunk.length)).toEqual([20, 10, 10, 10]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(called).toEqual(['c']);
  });

  it('hands a span over at the stream\'s mark, and queues what follows until the stream drains', async () => {
    const stream = new Recorder(1000);
    stream.holding = true;
    const queue = new WriteQueue(stream, 1 << 20);
    const frames = backToBack(30, 100);
    for (const frame of frames) queue.write(frame);
    // The first ten frames made a span of 1000 bytes, which reached the mark: the rest wait in the queue.
    expect(queue.queuedBytes).toBe(2000);
    await drainAll(stream);
    expect(queue.queuedBytes).toBe(0);
    expect(stream.bytes.equals(Buffer.concat(frames))).toBe(true);
  });

  it('drops the span of a tick when disposed before the tick ends', async () => {
    const stream = new Recorder(1 << 20);
    const queue = new WriteQueue(stream, 1 << 20);
    for (const frame of backToBack(3, 10)) queue.write(frame);
    queue.dispose(new Error('closed'));
    await nextTick();
    await nextTick();
    expect(stream.chunks).toHaveLength(0);
  });

  it('takes ranges of memory as it takes the frames over them: spans, order, the mark and the queue', async () => {
    const stream = new Recorder(1000);
    stream.holding = true;
    const queue = new WriteQueue(stream, 2_500);
    const frames = backToBack(30, 100);
    const memory = frames[0]!.buffer;
    const at = (i: number) => frames[i]!.byteOffset;
    // Ranges and Buffers over the same memory mix in one span; ten frames reach the mark.
    for (let i = 0; i < 10; i++) expect(i % 2 === 0 ? queue.writeRange(memory, at(i), 100) : queue.write(frames[i]!)).not.toBeNull();
    for (let i = 10; i < 30; i++) expect(queue.writeRange(memory, at(i), 100)).not.toBeNull();
    expect(queue.queuedBytes).toBe(2000);
    // Past the queue's bound, a range is refused as a frame is.
    expect(queue.writeRange(memory, at(0), 600)).toBeNull();
    await drainAll(stream);
    expect(queue.queuedBytes).toBe(0);
    expect(stream.bytes.equals(Buffer.concat(frames))).toBe(true);
    expect(stream.chunks[0]!.length).toBe(1000);
  });
});
