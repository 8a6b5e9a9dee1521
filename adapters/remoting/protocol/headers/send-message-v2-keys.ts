/**
 * The key list of a SEND_MESSAGE_V2 (and SEND_BATCH_MESSAGE) header as the producer writes it: the one-letter keys
 * `a`..`n` in order (`l` only with maxReconsumeTimes), which is also Java's HashMap order for them. The send header
 * templates (`send-v2-json-header.ts` to write, `send-v2-json-header-read.ts` to read) cover exactly these.
 */

const KEYS_13 = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'm', 'n'] as const;
const KEYS_14 = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'] as const;

/** Whether `keys` (an object's own keys, in order) are those of a SEND_MESSAGE_V2 header as the producer writes it. */
export function isSendV2Keys(keys: readonly string[]): boolean {
  const expected = keys.length === 13 ? KEYS_13 : keys.length === 14 ? KEYS_14 : undefined;
  if (expected === undefined) return false;
  for (let i = 0; i < expected.length; i++) if (keys[i] !== expected[i]) return false;
  return true;
}
