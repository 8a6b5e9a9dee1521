import { describe, expect, it } from 'vitest';
import * as h from '../../../adapters/remoting/protocol/headers/index.js';
import { loadCapturedFrames } from './capture-frames.js';

const frames = loadCapturedFrames();
const v1Sends = frames.filter((f) => f.code === 10 && f.kind === 'request');
const v2Sends = frames.filter((f) => f.scenario === 'json-v2' && f.code === 310 && f.kind === 'request');

const V1_TO_V2: Record<string, string> = {
  producerGroup: 'a', topic: 'b', defaultTopic: 'c', defaultTopicQueueNums: 'd', queueId: 'e', sysFlag: 'f', bornTimestamp: 'g',
  flag: 'h', properties: 'i', reconsumeTimes: 'j', unitMode: 'k', maxReconsumeTimes: 'l', batch: 'm', bname: 'n',
};

describe('SEND_MESSAGE V1 ⇄ SEND_MESSAGE_V2', () => {
  it('has captured V1 sends to convert', () => {
    expect(v1Sends.length).toBe(3);
  });

  it.each(v1Sends.map((f) => [f.file, f.ext!] as const))('%s: every value moves to its one-letter key, in V2 order, and back', (_file, ext) => {
    const v2 = h.sendMessageV1ToV2(ext);
    expect(Object.keys(v2)).toEqual(Object.keys(v2Sends[0]!.ext!)); // the key order of a captured V2 send
    for (const [long, short] of Object.entries(V1_TO_V2)) expect(v2[short]).toBe(ext[long]);
    const back = h.sendMessageV2ToV1(v2);
    expect(back).toEqual(ext);
    expect(Object.keys(back)).toEqual(Object.keys(ext));
  });

  it('carries unknown ext fields over', () => {
    const v2 = h.sendMessageV1ToV2({ ...v1Sends[0]!.ext!, AccessKey: 'ak' });
    expect(v2.AccessKey).toBe('ak');
  });

  it('binary order for V2 is a..n (declaration), extras after', () => {
    const header = h.decodeSendMessageV2Request(v2Sends[0]!.ext);
    const ext = h.encodeSendMessageV2Request({ ...header, maxReconsumeTimes: 16, extra: { ReqT: '0' } }, { order: h.sendMessageV2RequestCodec.binaryOrder });
    expect(Object.keys(ext)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'ReqT']);
  });
});

describe('SEND_BATCH_MESSAGE', () => {
  it('forces batch = true whatever the header says', () => {
    const header = h.decodeSendMessageV2Request(v2Sends[0]!.ext);
    expect(header.batch).toBe(false);
    expect(h.encodeSendBatchMessageRequest(header).m).toBe('true');
    expect(h.decodeSendBatchMessageRequest(h.encodeSendBatchMessageRequest(header)).batch).toBe(true);
  });
});
