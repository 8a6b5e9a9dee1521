/**
 * Test helper: the captured frames of shared/protocol/captures, with each frame's ext fields read
 * from the frame bytes themselves (entry order as on the wire), not from index.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CAPTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'protocol', 'captures');

interface IndexFrame {
  kind: 'request' | 'response' | 'oneway';
  code: number;
  code_name?: string;
  request_code?: number;
  serialize: 'JSON' | 'ROCKETMQ';
  header_len: number;
  file: string;
}

export interface CapturedFrame {
  scenario: string;
  file: string;
  kind: IndexFrame['kind'];
  code: number;
  /** For a response, the code of the request it answers. */
  requestCode?: number;
  serialize: IndexFrame['serialize'];
  /** Ext fields in wire order; undefined when the frame has none (no key / binary length 0). */
  ext?: Record<string, string>;
  /** JSON frames: the header text exactly as captured. */
  headerText?: string;
}

function readBinaryExt(header: Buffer): Record<string, string> | undefined {
  const remarkLen = header.readInt32BE(13);
  let p = 17 + remarkLen;
  const extLen = header.readInt32BE(p);
  p += 4;
  if (extLen === 0) return undefined;
  const end = p + extLen;
  const ext: Record<string, string> = {};
  while (p < end) {
    const keyLen = header.readInt16BE(p);
    const key = header.toString('utf8', p + 2, p + 2 + keyLen);
    p += 2 + keyLen;
    const valLen = header.readInt32BE(p);
    ext[key] = header.toString('utf8', p + 4, p + 4 + valLen);
    p += 4 + valLen;
  }
  return ext;
}

function toFrame(scenario: string, f: IndexFrame): CapturedFrame {
  const raw = readFileSync(join(CAPTURES, scenario, f.file));
  const header = raw.subarray(8, 8 + f.header_len);
  const frame: CapturedFrame = { scenario, file: f.file, kind: f.kind, code: f.code, serialize: f.serialize };
  if (f.request_code !== undefined) frame.requestCode = f.request_code;
  if (f.serialize === 'JSON') {
    frame.headerText = header.toString('utf8');
    const ext = (JSON.parse(frame.headerText) as { extFields?: Record<string, string> }).extFields;
    if (ext !== undefined) frame.ext = ext;
  } else {
    const ext = readBinaryExt(header);
    if (ext !== undefined) frame.ext = ext;
  }
  return frame;
}

/** Every frame of every capture scenario, in capture order. */
export function loadCapturedFrames(): CapturedFrame[] {
  const scenarios = readdirSync(CAPTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return scenarios.flatMap((scenario) => {
    const index = JSON.parse(readFileSync(join(CAPTURES, scenario, 'index.json'), 'utf8')) as { frames: IndexFrame[] };
    return index.frames.map((f) => toFrame(scenario, f));
  });
}

/** `name (scenario/file)` for test titles and failure messages. */
export const describeFrame = (f: CapturedFrame): string => `${f.scenario}/${f.file}`;
