import { decodeBatch, decodeProperties } from '../../../adapters/remoting/protocol/message/index.js';
import type { CaptureFrame } from '../helpers/body-captures.js';

/** A message as the producer sent it, recovered from a SEND_MESSAGE(_V2) or SEND_BATCH_MESSAGE request frame. */
export interface SentMessage {
  scenario: string;
  topic: string;
  properties: Record<string, string>;
  body: Buffer;
  sysFlag: number;
  flag: number;
  bornTimestamp: number;
  /** Sent oneway (no response, so no offset id known). */
  oneway: boolean;
  /** Part of a SEND_BATCH_MESSAGE (a 4.9.8 broker keeps WAIT on batch items). */
  batch: boolean;
}

const V1_KEYS = { topic: 'topic', sysFlag: 'sysFlag', bornTimestamp: 'bornTimestamp', flag: 'flag', properties: 'properties' };
const V2_KEYS = { topic: 'b', sysFlag: 'f', bornTimestamp: 'g', flag: 'h', properties: 'i' };

/** Every sent message of the frames, by UNIQ_KEY (batch items from the batch body, which this also exercises). */
export function sentMessages(frames: CaptureFrame[]): Map<string, SentMessage> {
  const out = new Map<string, SentMessage>();
  for (const f of frames) {
    if (f.kind === 'response' || !['SEND_MESSAGE', 'SEND_MESSAGE_V2', 'SEND_BATCH_MESSAGE'].includes(f.codeName)) continue;
    const k = f.codeName === 'SEND_MESSAGE' ? V1_KEYS : V2_KEYS;
    const ext = f.extFields;
    const base = {
      scenario: f.scenario,
      topic: ext[k.topic] as string,
      sysFlag: Number(ext[k.sysFlag]),
      bornTimestamp: Number(ext[k.bornTimestamp]),
      oneway: f.kind === 'oneway',
      batch: f.codeName === 'SEND_BATCH_MESSAGE',
    };
    if (f.codeName === 'SEND_BATCH_MESSAGE') {
      for (const item of decodeBatch(f.body)) {
        out.set(item.properties.UNIQ_KEY as string, { ...base, flag: item.flag, properties: item.properties, body: item.body });
      }
    } else {
      const properties = decodeProperties(ext[k.properties] ?? '');
      out.set(properties.UNIQ_KEY as string, { ...base, flag: Number(ext[k.flag]), properties, body: f.body });
    }
  }
  return out;
}

/** The offset ids the broker answered to sends (`msgId`, comma-joined for a batch). */
export function sendResponseOffsetIds(frames: CaptureFrame[]): Set<string> {
  return new Set(
    frames
      .filter((f) => f.kind === 'response' && f.code === 0 && f.requestName?.startsWith('SEND') === true && f.extFields.msgId !== undefined)
      .flatMap((f) => (f.extFields.msgId as string).split(',')),
  );
}
