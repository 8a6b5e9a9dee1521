import { describe, expect, it } from 'vitest';
import { isSendV2Keys } from '../../../adapters/remoting/protocol/headers/send-message-v2-keys.js';

describe('isSendV2Keys', () => {
  it('is true for exactly the keys a..n in the producer order, with or without l', () => {
    expect(isSendV2Keys(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n'])).toBe(true);
    expect(isSendV2Keys(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'])).toBe(true);
    expect(isSendV2Keys(['b', 'a', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n'])).toBe(false);
    expect(isSendV2Keys(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n', 'AccessKey'])).toBe(false);
    expect(isSendV2Keys(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm'])).toBe(false);
  });
});
