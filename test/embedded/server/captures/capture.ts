/** The captured scenarios of shared/protocol/captures as the replay needs them: frames decoded from their bytes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RemotingCommand } from '../../../../adapters/remoting/protocol/command.js';
import { decodeFrame } from '../../../../adapters/remoting/protocol/frame.js';

export const CAPTURES_DIR = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'protocol', 'captures');

interface IndexFrame {
  ts: number;
  conn: string;
  server: string;
  direction: 'c2s' | 's2c';
  kind: 'request' | 'response' | 'oneway';
  opaque: number;
  file: string;
}

export interface Frame {
  /** Position in the capture (frames are in time order). */
  index: number;
  /** Seconds since the epoch, when the frame was seen. */
  ts: number;
  /** The TCP connection (`conn03_broker10911`); a request and its response share it and the opaque. */
  conn: string;
  server: string;
  direction: 'c2s' | 's2c';
  kind: 'request' | 'response' | 'oneway';
  file: string;
  command: RemotingCommand;
}

export interface Capture {
  name: string;
  frames: Frame[];
  /** The response to a request frame, if one was captured. */
  responseTo(request: Frame): Frame | undefined;
}

export function loadCapture(name: string): Capture {
  const dir = join(CAPTURES_DIR, name);
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { frames: IndexFrame[] };
  const ordered = [...index.frames].sort((a, b) => frameNumber(a.file) - frameNumber(b.file));
  const frames = ordered.map((f, i): Frame => ({
    index: i,
    ts: f.ts,
    conn: f.conn,
    server: f.server,
    direction: f.direction,
    kind: f.kind,
    file: f.file,
    command: decodeFrame(readFileSync(join(dir, f.file))),
  }));
  const responses = new Map(frames.filter((f) => f.kind === 'response').map((f) => [`${f.conn}/${f.command.opaque}`, f]));
  return { name, frames, responseTo: (request) => responses.get(`${request.conn}/${request.command.opaque}`) };
}

/** `frames/017_conn02_…bin` → 17: the frames' order in the capture (index.json lists them by connection). */
function frameNumber(file: string): number {
  return Number(/(\d+)_conn/.exec(file)?.[1] ?? NaN);
}
