import { RocketMQError } from '../errors.js';

/**
 * The commit-log (physical) offset inside a broker's offset message id (shared/protocol §7.1): the id is the
 * hex of store IP (4 or 16 bytes) ‖ port (4) ‖ offset (8), so the offset is its last 16 hex digits.
 */
export function commitLogOffsetOf(offsetMsgId: string): number {
  const id = offsetMsgId.split(',')[0]!.trim();
  if ((id.length !== 32 && id.length !== 56) || !/^[0-9A-Fa-f]+$/.test(id)) {
    throw new RocketMQError('invalid-message-id', `not an offset message id: ${JSON.stringify(offsetMsgId)}`, { offsetMsgId });
  }
  return Number(BigInt.asIntN(64, BigInt(`0x${id.slice(-16)}`)));
}
