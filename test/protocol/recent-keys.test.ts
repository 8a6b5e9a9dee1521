import { describe, expect, it } from 'vitest';
import { decodeBinaryHeader, encodeBinaryHeader } from '../../adapters/remoting/protocol/header-binary.js';
import { recentKey } from '../../adapters/remoting/protocol/recent-keys.js';

describe('recentKey', () => {
  it('gives back the string of an earlier key with the same bytes, and a new one for other bytes in the same slot', () => {
    const bytes = Buffer.from('xaXbyaXbzaYb', 'latin1');
    const text = bytes.toString('latin1');
    const first = recentKey(bytes, 1, 4, text, 0);
    expect(first).toBe('aXb');
    expect(recentKey(bytes, 5, 8, text, 0)).toBe('aXb');
    // Same length, first and last byte as 'aXb' (one slot), other bytes: its own text.
    expect(recentKey(bytes, 9, 12, text, 0)).toBe('aYb');
    expect(recentKey(bytes, 1, 4, text, 0)).toBe('aXb');
  });

  it('reads from a text that starts inside the buffer', () => {
    const bytes = Buffer.from('..key1..', 'latin1');
    expect(recentKey(bytes, 2, 6, bytes.toString('latin1', 2, 8), 2)).toBe('key1');
  });
});

describe('binary header ext keys', () => {
  it('decode to their own text when keys that share a remembered slot alternate', () => {
    const keys = ['aXb', 'aYb', 'aXb', 'a\u00e9b', 'aYb', 'k'.repeat(70), 'aXb', '__proto__'];
    for (const [i, key] of keys.entries()) {
      const header = { code: 1, language: 'JAVA', version: 1, opaque: i, flag: 0, extFields: { [key]: String(i), z: 'v' } };
      const ext = decodeBinaryHeader(encodeBinaryHeader(header)).extFields as Record<string, string>;
      expect(Object.keys(ext)).toEqual([key, 'z']);
      expect(Object.getOwnPropertyDescriptor(ext, key)?.value).toBe(String(i));
    }
  });
});
