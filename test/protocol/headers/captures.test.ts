import { describe, expect, it } from 'vitest';
import { isRocketMQError } from '../../../core/errors.js';
import { type HeaderExtras, type HeaderCodec } from '../../../adapters/remoting/protocol/headers/index.js';
import { describeFrame, loadCapturedFrames, type CapturedFrame } from './capture-frames.js';
import { CODES_WITH_HEADER, REQUEST_CODECS, RESPONSE_CODECS } from './codecs-by-code.js';

const frames = loadCapturedFrames();

function codecFor(f: CapturedFrame): HeaderCodec<HeaderExtras> | undefined {
  return f.kind === 'response' ? RESPONSE_CODECS.get(f.requestCode ?? -1) : REQUEST_CODECS.get(f.code);
}

const withCodec = frames.filter((f) => codecFor(f) !== undefined);
const decodable = withCodec.filter((f) => f.kind !== 'response' || CODES_WITH_HEADER.has(f.code));
const errorResponses = withCodec.filter((f) => f.kind === 'response' && !CODES_WITH_HEADER.has(f.code));

/** The order a Java peer writes for this frame's serialization. */
const orderOf = (f: CapturedFrame, codec: HeaderCodec<HeaderExtras>) => (f.serialize === 'ROCKETMQ' ? codec.binaryOrder : 'java');

describe('captured frames: decode then encode reproduces the ext fields', () => {
  it('covers a meaningful share of the captures', () => {
    expect(decodable.length).toBeGreaterThan(400);
    expect(new Set(decodable.filter((f) => f.serialize === 'ROCKETMQ').map((f) => f.code)).size).toBeGreaterThan(3);
  });

  it.each(decodable.map((f) => [describeFrame(f), f] as const))('%s', (_name, f) => {
    const codec = codecFor(f)!;
    const ext = f.ext ?? {};
    const encoded = codec.encode(codec.decode(ext), { order: orderOf(f, codec) });
    expect(encoded).toEqual(ext);
    expect(Object.keys(encoded)).toEqual(Object.keys(ext));
  });

  it('JSON headers: splicing the re-encoded ext into the header gives the captured bytes', () => {
    const json = decodable.filter((f) => f.serialize === 'JSON');
    for (const f of json) {
      const codec = codecFor(f)!;
      const header = JSON.parse(f.headerText!) as Record<string, unknown>;
      if (header.extFields !== undefined) header.extFields = codec.encode(codec.decode(f.ext));
      expect(JSON.stringify(header), describeFrame(f)).toBe(f.headerText);
    }
    expect(json.length).toBeGreaterThan(300);
  });
});

describe('captured error responses carry no response header', () => {
  it.each(errorResponses.map((f) => [describeFrame(f), f] as const))('%s', (_name, f) => {
    expect(f.ext ?? {}).toEqual({});
    let error: unknown;
    try {
      codecFor(f)!.decode(f.ext);
    } catch (e) {
      error = e;
    }
    expect(isRocketMQError(error) && error.kind).toBe('missing-header-field');
  });
});
