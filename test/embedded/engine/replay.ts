/**
 * A minimal request dispatcher for capture replays: decodes a captured client request with the protocol codec, calls
 * the engine, and turns the outcome into the response code, remark and ext fields a remoting server would send.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RemotingCommand } from '../../../adapters/remoting/protocol/command.js';
import { decodeConsumerSendMsgBackRequest } from '../../../adapters/remoting/protocol/headers/consumer-send-msg-back.js';
import { decodeGetConsumerListByGroupRequest } from '../../../adapters/remoting/protocol/headers/get-consumer-list-by-group.js';
import { decodeGetMaxOffsetRequest } from '../../../adapters/remoting/protocol/headers/get-max-offset.js';
import { decodeGetMinOffsetRequest } from '../../../adapters/remoting/protocol/headers/get-min-offset.js';
import { decodePullMessageRequest } from '../../../adapters/remoting/protocol/headers/pull-message.js';
import { decodeQueryConsumerOffsetRequest } from '../../../adapters/remoting/protocol/headers/query-consumer-offset.js';
import { decodeSearchOffsetRequest } from '../../../adapters/remoting/protocol/headers/search-offset.js';
import { decodeSendMessageRequest } from '../../../adapters/remoting/protocol/headers/send-message.js';
import { decodeSendMessageV2Request } from '../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { decodeUnregisterClientRequest } from '../../../adapters/remoting/protocol/headers/unregister-client.js';
import { decodeUpdateConsumerOffsetRequest } from '../../../adapters/remoting/protocol/headers/update-consumer-offset.js';
import type { Broker } from '../../../adapters/embedded/engine/broker.js';
import { CAPTURES_DIR, captureFrame, type FakeChannel } from './helpers.js';

export interface IndexedFrame {
  ts: number;
  conn: string;
  direction: 'c2s' | 's2c';
  kind: 'request' | 'response' | 'oneway';
  code: number;
  opaque: number;
}

export interface Answer {
  code: number;
  remark?: string;
  ext: Record<string, string>;
  body?: Buffer;
}

export function indexOf(scenario: string): IndexedFrame[] {
  return (JSON.parse(readFileSync(join(CAPTURES_DIR, scenario, 'index.json'), 'utf8')) as { frames: IndexedFrame[] }).frames;
}

/** The captured answer to request frame `i`, if the capture has one. */
export function realAnswer(scenario: string, frames: IndexedFrame[], i: number): RemotingCommand | undefined {
  const req = frames[i]!;
  const j = frames.findIndex((f, k) => k > i && f.conn === req.conn && f.kind === 'response' && f.opaque === req.opaque);
  return j < 0 ? undefined : captureFrame(scenario, j);
}

const str = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

/** Runs one captured request against the engine; undefined when the engine answers nothing (yet). */
export async function dispatch(broker: Broker, cmd: RemotingCommand, ch: FakeChannel): Promise<Answer | undefined> {
  const ext = cmd.extFields ?? {};
  const body = cmd.body ?? Buffer.alloc(0);
  switch (cmd.code) {
    case 10:
      return asSend(await broker.send({ ...decodeSendMessageRequest(ext), body, version: cmd.version }, ch));
    case 310:
    case 320:
      return asSend(await broker.send({ ...decodeSendMessageV2Request(ext), body, version: cmd.version }, ch));
    case 34:
      return plain(await broker.heartbeat(JSON.parse(body.toString('utf8')), ch));
    case 35: {
      const { clientId, producerGroup, consumerGroup } = decodeUnregisterClientRequest(ext);
      return plain(await broker.unregisterClient({ clientID: clientId, producerGroup, consumerGroup }, ch));
    }
    case 38: {
      const out = await broker.consumerList(decodeGetConsumerListByGroupRequest(ext));
      return out.code === 0 ? { code: 0, ext: {}, body: Buffer.from(JSON.stringify({ consumerIdList: (out as { consumerIdList: string[] }).consumerIdList })) } : plain(out);
    }
    case 14:
      return offset(await broker.queryConsumerOffset(decodeQueryConsumerOffsetRequest(ext)));
    case 15:
      return plain(await broker.updateConsumerOffset(decodeUpdateConsumerOffsetRequest(ext)));
    case 29:
      return offset(await broker.searchOffset(decodeSearchOffsetRequest(ext)));
    case 30:
      return offset(await broker.maxOffset(decodeGetMaxOffsetRequest(ext)));
    case 31:
      return offset(await broker.minOffset(decodeGetMinOffsetRequest(ext)));
    case 36:
      return plain(await broker.consumerSendBack({ ...decodeConsumerSendMsgBackRequest(ext), version: cmd.version }));
    case 11: {
      const out = await broker.pull(decodePullMessageRequest(ext), ch);
      if (out === undefined) return undefined;
      if (!('nextBeginOffset' in out)) return plain(out);
      const { code, remark, suggestWhichBrokerId, nextBeginOffset, minOffset, maxOffset } = out;
      return { code, remark, ext: str({ suggestWhichBrokerId, nextBeginOffset, minOffset, maxOffset }), ...(out.body ? { body: out.body } : {}) };
    }
    default:
      throw new Error(`replay does not handle request code ${cmd.code}`);
  }
}

function plain(out: { code: number; remark?: string }): Answer {
  return { code: out.code, ...(out.remark !== undefined ? { remark: out.remark } : {}), ext: {} };
}

function offset(out: { code: number; remark?: string; offset?: number }): Answer {
  return out.code === 0 ? { code: 0, ext: { offset: String(out.offset) } } : plain(out);
}

function asSend(out: { code: number; remark?: string; msgId?: string; queueId?: number; queueOffset?: number }): Answer {
  if (out.code !== 0) return plain(out);
  return { code: 0, ext: { msgId: out.msgId!, queueId: String(out.queueId), queueOffset: String(out.queueOffset) } };
}
