/**
 * The operations the codec benchmarks time, ours and `ali-ons`'s on the same inputs (run by `bench/children/codec.ts`):
 * - encode + decode of SEND_MESSAGE_V2 request frames with a 1 KiB body (JSON header, as both send by default;
 *   and ours with the ROCKETMQ binary header for reference);
 * - decode of a PULL_MESSAGE response body carrying 32 stored messages;
 * - the floor of the send round trip (`codec-floor.ts`: no codec, the headers known in advance), against the peer's.
 */
import { createRequest, decodeFrame, encodeFrame, type SerializeType } from '../adapters/remoting/protocol/index.js';
import {
  decodeStoredMessages,
  encodeStoredMessage,
  toPlainMessage,
} from '../adapters/remoting/protocol/message/index.js';
import { sendFloorRoundTrip } from './codec-floor.js';
import { AliByteBufferClass, aliMessageDecoder, AliRemotingCommand } from './ali-ons.js';
import type { OpsOptions } from './harness.js';

/** A realistic SEND_MESSAGE_V2 header (the one-letter fields the Java client sends). */
export const SEND_V2_FIELDS: Readonly<Record<string, string>> = {
  a: 'BenchProducerGroup', b: 'BenchTopic', c: 'TBW102', d: '4', e: '0', f: '0', g: '1700000000000', h: '0',
  i: 'KEYS\u0001order-42\u0002TAGS\u0001TagA\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001' +
    '7F0000011F9018B4AAC2197A6B1C0000',
  j: '0', k: 'false', m: 'false', n: 'broker-a',
};

const BODY_1K = Buffer.alloc(1024, 'x');

/**
 * 64 headers as one producer sends them: the queue, the born timestamp and the UNIQ_KEY change from one to the next
 * (made before the measurement; both sides cycle through the same ones).
 */
const SEND_V2_VARIANTS: readonly Readonly<Record<string, string>>[] = Array.from({ length: 64 }, (_, n) => ({
  ...SEND_V2_FIELDS,
  e: String(n & 3),
  g: String(1700000000000 + n),
  i: (SEND_V2_FIELDS['i'] as string).slice(0, -4) + n.toString(16).toUpperCase().padStart(4, '0'),
}));

// Module-local aliases, on both sides: under tsx every access to an imported binding is a getter call, which is
// the loader's cost, not the codec's (the peer's CommonJS internals are reached through such bindings too).
const newRequest = createRequest;
const encode = encodeFrame;
const decode = decodeFrame;
const decodeStored = decodeStoredMessages;
const toPlain = toPlainMessage;
const PeerCommand = AliRemotingCommand;
const peerDecoder = aliMessageDecoder;
const PeerByteBuffer = AliByteBufferClass;

function ourSendV2RoundTrip(serializeType: SerializeType): () => unknown {
  let opaque = 0;
  return () => {
    const cmd = newRequest({ code: 310, extFields: { ...SEND_V2_VARIANTS[opaque & 63] }, body: BODY_1K, serializeType });
    cmd.opaque = ++opaque;
    return decode(encode(cmd));
  };
}

function peerSendV2RoundTrip(): () => unknown {
  let n = 0;
  return () => {
    const cmd = new PeerCommand({ code: 310, customHeader: { ...SEND_V2_VARIANTS[n++ & 63] } });
    cmd.body = BODY_1K;
    return PeerCommand.decode(cmd.encode());
  };
}

/** A PULL_MESSAGE FOUND body: 32 stored records (1 KiB bodies, the properties a 4.9 broker stores). */
export function pullBody32(): Buffer {
  const records = Array.from({ length: 32 }, (_, i) =>
    encodeStoredMessage({
      topic: 'BenchTopic', queueId: 1, queueOffset: 1000 + i, physicalOffset: 123456 + i * 1200, sysFlag: 0,
      bornTimestamp: 1700000000000 + i, bornHost: '127.0.0.1:50123', storeTimestamp: 1700000000100 + i,
      storeHost: '127.0.0.1:10911', body: Buffer.alloc(1024, 0x61 + (i % 26)),
      properties: {
        KEYS: `order-${i}`, UNIQ_KEY: `FD000000000000000000000000000001000118B4AAC2197A6B1C${String(i).padStart(4, '0')}`,
        CLUSTER: 'DefaultCluster', TAGS: 'TagA', shop: 'bench',
      },
    }),
  );
  return Buffer.concat(records);
}

/** Ours, materializing what ali-ons materializes (every field, properties map, ids); our strings are lazy otherwise. */
function ourPullDecode(body: Buffer, materialize: boolean): () => unknown {
  return () => {
    const msgs = decodeStored(body);
    return materialize ? msgs.map(toPlain) : msgs;
  };
}

function peerPullDecode(body: Buffer): () => unknown {
  return () => peerDecoder.decodes(PeerByteBuffer.wrap(body));
}

/** The cases, by name: both sides' operation and how many operations one call counts. */
export type CodecCase = 'send-json' | 'send-rocketmq' | 'send-floor' | 'pull-eager' | 'pull-lazy';

export function codecCase(name: CodecCase): { ours: () => unknown; peer: () => unknown; options: OpsOptions } {
  switch (name) {
    case 'send-json':
      return { ours: ourSendV2RoundTrip('JSON'), peer: peerSendV2RoundTrip(), options: {} };
    case 'send-rocketmq':
      return { ours: ourSendV2RoundTrip('ROCKETMQ'), peer: peerSendV2RoundTrip(), options: {} };
    case 'send-floor':
      return { ours: sendFloorRoundTrip(SEND_V2_VARIANTS, BODY_1K), peer: peerSendV2RoundTrip(), options: {} };
    case 'pull-eager':
    case 'pull-lazy': {
      const body = pullBody32();
      return { ours: ourPullDecode(body, name === 'pull-eager'), peer: peerPullDecode(body), options: { opsPerCall: 32 } };
    }
  }
}
