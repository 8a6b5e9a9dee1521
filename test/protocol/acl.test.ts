import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  createRequest,
  decodeFrame,
  signRequest,
} from '../../adapters/remoting/protocol/index.js';
import { CAPTURES_DIR, scenario } from './fixtures.js';

const acl = scenario('acl');

/** file → secret key, from the capture's own recomputation (`signature-check.txt`). */
function secretsByFile(): Map<string, string> {
  const text = readFileSync(join(CAPTURES_DIR, 'acl', 'signature-check.txt'), 'utf8');
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^(frames\/\S+)\s.*OK \(secret='([^']*)'\)$/gm)) out.set(m[1] as string, m[2] as string);
  return out;
}

const hmac = (key: string, data: Buffer) => createHmac('sha1', key).update(data).digest('base64');

describe('ACL 1.0 signatures', () => {
  const secrets = secretsByFile();
  const signed = acl.frames.filter((f) => f.header.extFields?.Signature !== undefined);

  it('every signed request in captures/acl re-verifies with its secret key', () => {
    expect(signed.length).toBe(16);
    expect(secrets.size).toBe(16);
    for (const f of signed) {
      const cmd = decodeFrame(acl.read(f.file));
      const secret = secrets.get(f.file);
      expect(secret, f.file).toBeDefined();
      expect(computeSignature(cmd.extFields, cmd.body, secret as string), f.file).toBe(cmd.extFields?.Signature);
    }
  });

  it('detects the wrongly signed send (036, signed with "wrong-secret") against the broker key', () => {
    const cmd = decodeFrame(acl.read('frames/036_conn07_broker-acl10921_c2s_SEND_MESSAGE_V2_op36.bin'));
    expect(computeSignature(cmd.extFields, cmd.body, '12345678')).not.toBe(cmd.extFields?.Signature);
    expect(computeSignature(cmd.extFields, cmd.body, 'wrong-secret')).toBe(cmd.extFields?.Signature);
  });

  it('detects a tampered value and a tampered body', () => {
    const cmd = decodeFrame(acl.read('frames/004_conn01_broker-acl10921_c2s_SEND_MESSAGE_V2_op4.bin'));
    const sig = cmd.extFields?.Signature;
    expect(computeSignature(cmd.extFields, cmd.body, '12345678')).toBe(sig);
    expect(computeSignature({ ...cmd.extFields, b: 'OtherTopic' }, cmd.body, '12345678')).not.toBe(sig);
    expect(computeSignature(cmd.extFields, Buffer.from('acl body from someone else'), '12345678')).not.toBe(sig);
  });

  it('signRequest reproduces the Java hook: frame 004 re-signed gives the wire signature', () => {
    const cmd = decodeFrame(acl.read('frames/004_conn01_broker-acl10921_c2s_SEND_MESSAGE_V2_op4.bin'));
    const { AccessKey: _a, Signature, ...fields } = cmd.extFields as Record<string, string>;
    const unsigned = { ...cmd, extFields: fields };
    const resigned = signRequest(unsigned, { accessKey: 'rocketmq2', secretKey: '12345678' });
    expect(resigned.extFields?.Signature).toBe('/hzJkOFxqNXOywzx0cHt7MxMMe0=');
    expect(resigned.extFields?.Signature).toBe(Signature);
    expect(resigned.extFields?.AccessKey).toBe('rocketmq2');
    expect(unsigned.extFields).toEqual(fields); // the input is not modified
    expect(resigned.body).toBe(cmd.body);
  });

  it('signs SecurityToken too, sorts keys by UTF-16 code unit, and skips Signature', () => {
    const ext = { b: 'B', '\uff61': 'X', '\u{1f600}': 'Y', Signature: 'old' };
    const body = Buffer.from('body');
    const signed = signRequest(createRequest({ code: 310, extFields: ext, body }), {
      accessKey: 'ak',
      secretKey: 'sk',
      securityToken: 'tok',
    });
    // "AccessKey" < "SecurityToken" < "b" < U+1F600 (D83D…) < U+FF61 in UTF-16 order
    const expected = hmac('sk', Buffer.concat([Buffer.from('aktokBYX', 'utf8'), body]));
    expect(signed.extFields?.Signature).toBe(expected);
    expect(signed.extFields?.SecurityToken).toBe('tok');
    expect(computeSignature(signed.extFields, body, 'sk')).toBe(expected);
  });

  it('signs a request without ext fields or body (AccessKey only)', () => {
    const signed = signRequest(createRequest({ code: 34 }), { accessKey: 'rocketmq2', secretKey: '12345678' });
    expect(signed.extFields?.Signature).toBe(hmac('12345678', Buffer.from('rocketmq2')));
    expect(computeSignature(undefined, undefined, 'k')).toBe(hmac('k', Buffer.alloc(0)));
  });
});
