/** Reads the shared captures (`../shared/protocol/captures` from the repo root) as decoded frames paired into exchanges. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RemotingCommand } from '../../../../adapters/remoting/protocol/command.js';
import { decodeFrame } from '../../../../adapters/remoting/protocol/frame.js';

export const CAPTURES_DIR = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'protocol', 'captures');

interface IndexFrame {
  file: string;
  conn: string;
  direction: 'c2s' | 's2c';
  kind: 'request' | 'oneway' | 'response';
  code: number;
  opaque: number;
  body?: { stored_messages?: StoredMessageOracle[]; text?: string; batch_messages?: unknown[] };
}

/** The capture tool's own decoding of a stored message (an oracle independent of our decoder). */
export interface StoredMessageOracle {
  topic: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  sysFlag: number;
  flag: number;
  bornTimestamp: number;
  storeTimestamp: number;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  properties: Record<string, string>;
  body: string;
  bodyLen: number;
}

/** One captured frame, decoded with the protocol codec. */
export interface Frame {
  index: number;
  file: string;
  conn: string;
  direction: 'c2s' | 's2c';
  kind: IndexFrame['kind'];
  command: RemotingCommand;
  /** The capture tool's decoded stored messages, when the body holds some. */
  storedMessages?: StoredMessageOracle[];
}

/** A request the client sent (or the broker pushed) and the answer to it, if one was captured. */
export interface Exchange {
  request: Frame;
  response?: Frame;
}

export function loadFrames(scenario: string): Frame[] {
  const dir = join(CAPTURES_DIR, scenario);
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { frames: IndexFrame[] };
  return index.frames.map((f, i) => {
    const frame: Frame = { index: i, file: f.file, conn: f.conn, direction: f.direction, kind: f.kind, command: decodeFrame(readFileSync(join(dir, f.file))) };
    if (f.body?.stored_messages !== undefined) frame.storedMessages = f.body.stored_messages;
    return frame;
  });
}

/** Requests in `direction` (client → server by default), each with the first later response on its connection with its opaque. */
export function exchanges(frames: readonly Frame[], direction: 'c2s' | 's2c' = 'c2s'): Exchange[] {
  return frames
    .filter((f) => f.direction === direction && f.kind !== 'response')
    .map((request) => {
      const response = frames.find(
        (f) => f.index > request.index && f.kind === 'response' && f.conn === request.conn && f.direction !== direction && f.command.opaque === request.command.opaque,
      );
      return response === undefined || request.kind === 'oneway' ? { request } : { request, response };
    });
}
