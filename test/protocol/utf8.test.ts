import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readUtf8, utf8Length, writeUtf8 } from '../../adapters/remoting/protocol/utf8.js';

/** Any UTF-16 code units, lone surrogates included, short and long (both sides of the JS/native switch). */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 150 });
const unicode = fc.string({ unit: 'binary', maxLength: 150 });

describe('UTF-8 helpers agree with Buffer', () => {
  it('utf8Length = Buffer.byteLength, writeUtf8 = Buffer.write', () => {
    fc.assert(
      fc.property(fc.oneof(utf16, unicode, fc.string({ maxLength: 150 })), (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
        const target = Buffer.alloc(utf8Length(s) + 3, 0xee);
        const n = writeUtf8(target, 1, s);
        expect(n).toBe(utf8Length(s));
        expect(target.subarray(1, 1 + n).equals(Buffer.from(s, 'utf8'))).toBe(true);
        expect(target[0]).toBe(0xee);
        expect(target[1 + n]).toBe(0xee);
      }),
      { numRuns: 500 },
    );
  });

  it('readUtf8 = Buffer.toString for ASCII and non-ASCII ranges', () => {
    fc.assert(
      fc.property(unicode, unicode, unicode, (a, b, c) => {
        const buf = Buffer.from(a + b + c, 'utf8');
        const start = Buffer.byteLength(a);
        const end = start + Buffer.byteLength(b);
        expect(readUtf8(buf, start, end, buf.toString('latin1'), 0)).toBe(b);
      }),
      { numRuns: 500 },
    );
  });
});
