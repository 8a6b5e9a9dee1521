import { describe, expect, it } from 'vitest';
import { defineHeader, type HeaderExtras } from '../../../adapters/remoting/protocol/headers/index.js';

interface Demo extends HeaderExtras {
  commitOffset: number;
  topic?: string;
  on?: boolean;
}

// In a 16-bucket HashMap `bname` and `commitOffset` share a bucket, so their insertion order shows.
const demo = defineHeader<Demo>({
  name: 'DemoHeader',
  javaClass: 'org.example.DemoHeader',
  fields: [
    { field: 'commitOffset', key: 'commitOffset', type: 'long', required: true },
    { field: 'topic', key: 'topic', type: 'string', required: false },
    { field: 'on', key: 'on', type: 'boolean', required: false, javaDefault: true },
  ],
});

describe('defineHeader', () => {
  it('puts extra entries before the class fields by default, after on request', () => {
    const header: Demo = { commitOffset: 1, extra: { bname: 'b' } };
    expect(Object.keys(demo.encode(header))).toEqual(['bname', 'commitOffset', 'on']);
    expect(Object.keys(demo.encode(header, { extraPosition: 'after' }))).toEqual(['commitOffset', 'bname', 'on']);
  });

  it('declaration order: fields as declared, then extras in HashMap order', () => {
    const header: Demo = { commitOffset: 1, topic: 't', extra: { Signature: 's', AccessKey: 'a' } };
    expect(Object.keys(demo.encode(header, { order: 'declaration' }))).toEqual(['commitOffset', 'topic', 'on', 'Signature', 'AccessKey']);
  });

  it('a class field wins over an extra entry of the same key', () => {
    expect(demo.encode({ commitOffset: 1, extra: { commitOffset: '9' } }).commitOffset).toBe('1');
  });

  it('fills a Java default when decoding a frame without it, omits absent optional fields', () => {
    expect(demo.decode({ commitOffset: '5' })).toEqual({ commitOffset: 5, on: true });
    expect(demo.binaryOrder).toBe('java');
  });

  it('rejects a spec whose type does not fit the interface (compile time)', () => {
    defineHeader<Demo>({
      name: 'Bad',
      javaClass: 'org.example.Bad',
      // @ts-expect-error commitOffset is a number, so 'string' is not a valid type for it
      fields: [{ field: 'commitOffset', key: 'commitOffset', type: 'string', required: true }],
    });
    defineHeader<Demo>({
      name: 'Bad',
      javaClass: 'org.example.Bad',
      // @ts-expect-error no such property on Demo
      fields: [{ field: 'nope', key: 'nope', type: 'string', required: true }],
    });
    expect(true).toBe(true);
  });
});
