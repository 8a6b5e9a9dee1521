import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bufferView, subview } from '../../adapters/remoting/protocol/buffer-view.js';

describe('buffer views', () => {
  const base = Buffer.from('0123456789abcdef', 'latin1');

  it('share the memory of what they view, over exactly the bytes asked', () => {
    const v = subview(base, 3, 9);
    expect(v.length).toBe(6);
    expect(v.buffer).toBe(base.buffer);
    expect(v.byteOffset).toBe(base.byteOffset + 3);
    expect(v.toString('latin1')).toBe('345678');
    v[0] = 0x58;
    expect(base[3]).toBe(0x58);
    base[3] = 0x33;
    expect(bufferView(base.buffer, base.byteOffset + 10, 2).toString('latin1')).toBe('ab');
  });

  it('are Buffers to every caller: isBuffer, instanceof, its methods, equality with a Buffer', () => {
    const v = subview(base, 0, 8);
    expect(Buffer.isBuffer(v)).toBe(true);
    expect(v instanceof Buffer).toBe(true);
    expect(v.readUInt32BE(0)).toBe(base.readUInt32BE(0));
    expect(v.equals(base.subarray(0, 8))).toBe(true);
    expect(Buffer.compare(v, Buffer.from('01234567'))).toBe(0);
    expect(v.subarray(2, 4).toString()).toBe('23');
    expect(Buffer.isBuffer(v.subarray(2, 4))).toBe(true);
    expect(Buffer.concat([v, v]).toString()).toBe('0123456701234567');
    expect(v.toJSON()).toEqual(Buffer.from('01234567').toJSON());
    expect(v).toEqual(Buffer.from('01234567'));
    expect(v.constructor).toBe(Buffer);
    expect(inspect(v)).toBe(inspect(Buffer.from('01234567')));
    expect(Object.getPrototypeOf(v.subarray(1))).toBe(Buffer.prototype);
  });

  it('views an empty range', () => {
    expect(subview(base, 5, 5).length).toBe(0);
  });
});
