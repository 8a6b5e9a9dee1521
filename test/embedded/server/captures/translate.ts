/**
 * What has to change in a captured request before our broker can answer it the way the real one did: values tied to
 * the real broker's commit log and clock. Everything else is sent exactly as captured.
 */
import type { RemotingCommand } from '../../../../adapters/remoting/protocol/command.js';
import { RequestCode, ResponseCode } from '../../../../adapters/remoting/protocol/codes.js';
import { decodeProperties } from '../../../../adapters/remoting/protocol/message/properties.js';
import { decodeOffsetMessageId } from '../../../../adapters/remoting/protocol/message/message-id.js';
import { decodeStoredMessages } from '../../../../adapters/remoting/protocol/message/stored-message.js';
import type { Frame } from './capture.js';

/** How long a replayed pull waits when the real broker held it until its suspend time ran out (PULL_NOT_FOUND). */
export const SHORT_SUSPEND_MS = 300;

/** What the replay learned so far: our offsets for the real broker's, and the clock shift. */
export class ReplayMapping {
  /** The real broker's commit-log offsets → ours, for the same messages. */
  readonly physical = new Map<number, number>();
  /** Half messages by UNIQ_KEY → our queue and commit-log offsets (for END_TRANSACTION). */
  readonly halves = new Map<string, { queueOffset: number; physicalOffset: number }>();
  /** (capture time, our time) of every frame replayed so far, in order. */
  private readonly clock: { captured: number; ours: number }[] = [];

  /**
   * @param shiftMs our clock minus the capture's, added to timestamps in requests so that time windows hold.
   * @param window the capture's time span (ms) widened by an hour: only values inside it are treated as timestamps.
   */
  constructor(
    readonly shiftMs: number,
    private readonly window: { from: number; to: number },
  ) {}

  /** Born timestamps: shifted by a constant (only compared, never interpreted by the broker). */
  shiftTime(value: string | undefined): string | undefined {
    return this.isTime(value) ? String(Number(value) + this.shiftMs) : value;
  }

  /** Notes that the frame seen at `capturedMs` is being replayed now. */
  replaying(capturedMs: number, nowMs: number): void {
    this.clock.push({ captured: capturedMs, ours: nowMs });
  }

  /**
   * A time the broker compares with store times (search by time, query windows): placed on our time line between
   * the replayed frames around it, since the replay runs faster than the capture did.
   */
  mapTime(value: string | undefined): string | undefined {
    if (!this.isTime(value) || this.clock.length === 0) return value;
    const t = Number(value);
    const after = this.clock.findIndex((p) => p.captured > t);
    const a = this.clock[after === -1 ? this.clock.length - 1 : Math.max(0, after - 1)]!;
    const b = after > 0 ? this.clock[after] : undefined;
    if (b === undefined || t < a.captured) return String(Math.round(a.ours + (t - a.captured)));
    return String(Math.round(a.ours + ((b.ours - a.ours) * (t - a.captured)) / (b.captured - a.captured)));
  }

  private isTime(value: string | undefined): value is string {
    const n = Number(value);
    return value !== undefined && n >= this.window.from && n <= this.window.to;
  }

  /** Learns from a request answered by both brokers: message ids of sends, and records of pulls, queries and views. */
  learn(request: RemotingCommand, captured: RemotingCommand, ours: RemotingCommand): void {
    if (captured.code !== ResponseCode.SUCCESS || ours.code !== ResponseCode.SUCCESS) return;
    if (isSend(request.code)) return this.learnSend(request, captured, ours);
    if (captured.body !== undefined && ours.body !== undefined && hasRecords(request.code)) {
      const theirs = decodeStoredMessages(captured.body);
      const mine = decodeStoredMessages(ours.body);
      if (theirs.length === mine.length) theirs.forEach((m, i) => this.physical.set(m.physicalOffset, mine[i]!.physicalOffset));
    }
  }

  private learnSend(request: RemotingCommand, captured: RemotingCommand, ours: RemotingCommand): void {
    const ids = (c: RemotingCommand) => (c.extFields?.['msgId'] ?? '').split(',').filter((s) => s.length > 0).map((id) => decodeOffsetMessageId(id).physicalOffset);
    const theirs = ids(captured);
    const mine = ids(ours);
    theirs.forEach((p, i) => mine[i] !== undefined && this.physical.set(p, mine[i]));
    const props = decodeProperties(request.extFields?.['i'] ?? request.extFields?.['properties'] ?? '');
    if (props['TRAN_MSG'] === 'true' && props['UNIQ_KEY'] !== undefined && mine[0] !== undefined) {
      this.halves.set(props['UNIQ_KEY'], { queueOffset: Number(ours.extFields!['queueOffset']), physicalOffset: mine[0] });
    }
  }
}

export const isSend = (code: number): boolean =>
  code === RequestCode.SEND_MESSAGE || code === RequestCode.SEND_MESSAGE_V2 || code === RequestCode.SEND_BATCH_MESSAGE;

export const hasRecords = (code: number): boolean =>
  code === RequestCode.PULL_MESSAGE || code === RequestCode.QUERY_MESSAGE || code === RequestCode.VIEW_MESSAGE_BY_ID;

/** The captured request as we replay it (same code, serialization, version, ext fields and body, but for the above). */
export function translate(frame: Frame, response: Frame | undefined, map: ReplayMapping): RemotingCommand {
  const cmd = frame.command;
  const ext = { ...cmd.extFields };
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && ext[key] !== undefined) ext[key] = value;
  };
  const mapped = (key: string) => {
    const real = Number(ext[key]);
    return map.physical.has(real) ? String(map.physical.get(real)) : undefined;
  };
  switch (cmd.code) {
    case RequestCode.SEND_MESSAGE_V2:
    case RequestCode.SEND_BATCH_MESSAGE:
      set('g', map.shiftTime(ext['g']));
      break;
    case RequestCode.SEND_MESSAGE:
      set('bornTimestamp', map.shiftTime(ext['bornTimestamp']));
      break;
    case RequestCode.QUERY_MESSAGE:
      set('beginTimestamp', map.mapTime(ext['beginTimestamp']));
      set('endTimestamp', map.mapTime(ext['endTimestamp']));
      break;
    case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP:
      set('timestamp', map.mapTime(ext['timestamp']));
      break;
    case RequestCode.VIEW_MESSAGE_BY_ID:
    case RequestCode.CONSUMER_SEND_MSG_BACK:
      set('offset', mapped('offset'));
      break;
    case RequestCode.END_TRANSACTION: {
      const half = map.halves.get(ext['msgId'] ?? '');
      set('tranStateTableOffset', half === undefined ? undefined : String(half.queueOffset));
      set('commitLogOffset', half === undefined ? undefined : String(half.physicalOffset));
      break;
    }
    case RequestCode.PULL_MESSAGE:
      if (response?.command.code === ResponseCode.PULL_NOT_FOUND && (Number(ext['sysFlag']) & 2) !== 0) set('suspendTimeoutMillis', String(SHORT_SUSPEND_MS));
      break;
  }
  return { ...cmd, ...(cmd.extFields === undefined ? {} : { extFields: ext }) };
}
