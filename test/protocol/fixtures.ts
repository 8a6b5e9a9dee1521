/** Reads the shared reference captures and vectors (../shared/protocol from the repo root) for the codec tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROTOCOL_DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'protocol');
export const CAPTURES_DIR = join(PROTOCOL_DIR, 'captures');
export const VECTORS_DIR = join(PROTOCOL_DIR, 'vectors');

export interface CapturedFrame {
  file: string;
  conn: string;
  direction: 'c2s' | 's2c';
  serialize: 'JSON' | 'ROCKETMQ';
  code: number;
  opaque: number;
  flag: number;
  frame_len: number;
  header_len: number;
  body_len: number;
  header: {
    code: number;
    language: string;
    version: number;
    opaque: number;
    flag: number;
    remark?: string;
    extFields?: Record<string, string>;
  };
}

export interface CapturedStream {
  file: string;
  conn: string;
  direction: 'c2s' | 's2c';
  bytes: number;
}

export interface Scenario {
  name: string;
  frames: CapturedFrame[];
  streams: CapturedStream[];
  read(file: string): Buffer;
}

export function scenarios(): Scenario[] {
  return readdirSync(CAPTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(CAPTURES_DIR, d.name);
      const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Omit<Scenario, 'name' | 'read'>;
      return { name: d.name, frames: index.frames, streams: index.streams, read: (f: string) => readFileSync(join(dir, f)) };
    });
}

export function scenario(name: string): Scenario {
  const found = scenarios().find((s) => s.name === name);
  if (!found) throw new Error(`no capture scenario ${name}`);
  return found;
}

export function vector(file: string): Buffer {
  return readFileSync(join(VECTORS_DIR, file));
}

/** A small seeded PRNG (mulberry32) so chunkings are random but reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `bytes` into chunks whose sizes are drawn from `random`, mixing tiny and large pieces. */
export function randomChunks(bytes: Buffer, random: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  const maxes = [1, 3, 8, 64, 512, 4096];
  for (let pos = 0; pos < bytes.length; ) {
    const max = maxes[Math.floor(random() * maxes.length)] as number;
    const size = 1 + Math.floor(random() * max);
    chunks.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}
