import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { splitFrame } from './raw-frame.js';

/** `../shared/protocol` from the repository root. */
export const PROTOCOL_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'protocol');
const CAPTURES = join(PROTOCOL_DIR, 'captures');

/** One captured frame, with the fields of the capture's index.json and the body bytes cut from the frame file. */
export interface CaptureFrame {
  scenario: string;
  file: string;
  direction: 'c2s' | 's2c';
  kind: 'request' | 'oneway' | 'response';
  code: number;
  codeName: string;
  requestCode?: number;
  requestName?: string;
  opaque: number;
  flag: number;
  conn: string;
  extFields: Record<string, string>;
  body: Buffer;
  /** The capture tool's own decoding of the body, when it made one. */
  indexBody?: Record<string, unknown>;
}

interface IndexEntry {
  file: string;
  direction: 'c2s' | 's2c';
  kind: 'request' | 'oneway' | 'response';
  code: number;
  code_name: string;
  request_code?: number;
  request_name?: string;
  opaque: number;
  flag: number;
  conn: string;
  header: { extFields?: Record<string, string> };
  body?: Record<string, unknown>;
}

export function scenarios(): string[] {
  return readdirSync(CAPTURES)
    .filter((d) => statSync(join(CAPTURES, d)).isDirectory())
    .sort();
}

export function loadCapture(scenario: string): CaptureFrame[] {
  const index = JSON.parse(readFileSync(join(CAPTURES, scenario, 'index.json'), 'utf8')) as { frames: IndexEntry[] };
  return index.frames.map((e) => {
    const frame: CaptureFrame = {
      scenario,
      file: e.file,
      direction: e.direction,
      kind: e.kind,
      code: e.code,
      codeName: e.code_name,
      opaque: e.opaque,
      flag: e.flag,
      conn: e.conn,
      extFields: e.header.extFields ?? {},
      body: splitFrame(readFileSync(join(CAPTURES, scenario, e.file))).body,
    };
    if (e.request_code !== undefined) frame.requestCode = e.request_code;
    if (e.request_name !== undefined) frame.requestName = e.request_name;
    if (e.body !== undefined) frame.indexBody = e.body;
    return frame;
  });
}

export function allFrames(): CaptureFrame[] {
  return scenarios().flatMap(loadCapture);
}

/** Requests (oneway included) with this code name (e.g. `HEART_BEAT`), or responses to them with `response: true`. */
export function framesNamed(frames: CaptureFrame[], name: string, response = false): CaptureFrame[] {
  return frames.filter((f) => (response ? f.kind === 'response' && f.requestName === name : f.kind !== 'response' && f.codeName === name));
}

export function readVector(name: string): Buffer {
  return readFileSync(join(PROTOCOL_DIR, 'vectors', name));
}
