import { describe, expect, it } from 'vitest';
import { ResponseCode } from '../../../adapters/remoting/protocol/codes.js';
import { PERM_READ, PERM_WRITE, TOPIC_NOT_EXIST } from '../../../core/ports/route.js';

describe('route constants', () => {
  it('TOPIC_NOT_EXIST is the wire response code of the same name', () => {
    expect(TOPIC_NOT_EXIST).toBe(17);
    expect(TOPIC_NOT_EXIST).toBe(ResponseCode.TOPIC_NOT_EXIST);
  });

  it('read and write permission together are the bits 6 a created topic asks for', () => {
    expect(PERM_READ | PERM_WRITE).toBe(6);
  });
});
