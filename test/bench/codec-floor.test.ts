import { describe, expect, it } from 'vitest';
import { sendFloorRoundTrip } from '../../bench/codec-floor.js';
import { SEND_V2_FIELDS } from '../../bench/codec-ops.js';

/** Four inputs of one header length: the values that change from send to send keep their width. */
const inputs = [0, 1, 2, 3].map((n) => ({ ...SEND_V2_FIELDS, e: String(n), g: String(1700000000000 + n) }));
const body = Buffer.alloc(1024, 'x');

describe('codec floor (a yardstick)', () => {
  it('gives back each input\'s values and body, in turn, across slabs', () => {
    const roundTrip = sendFloorRoundTrip(inputs, body);
    // 100 calls: more frames than one 64 KiB slab holds.
    for (let n = 0; n < 100; n++) {
      const out = roundTrip() as { fields: Record<string, string>; command: { extFields: Record<string, string> }; body: Buffer };
      // The floor leaves the properties' escapes (`\u0001`, `\u0002`) as they are on the wire: undone here.
      const ext = out.command.extFields;
      expect({ ...ext, i: JSON.parse(`"${ext['i']!}"`) as string }).toEqual(inputs[n % 4]);
      expect(out.fields).toEqual(inputs[n % 4]);
      expect(out.body.equals(body)).toBe(true);
    }
  });

  it('refuses inputs whose headers differ in length, or whose count is not a power of two', () => {
    expect(() => sendFloorRoundTrip([inputs[0]!, { ...inputs[1]!, g: '17' }], body)).toThrow(/one header length/);
    expect(() => sendFloorRoundTrip(inputs.slice(0, 3), body)).toThrow(/power of two/);
  });
});
