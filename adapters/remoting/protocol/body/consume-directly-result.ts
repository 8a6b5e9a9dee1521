import type { ConsumeDirectlyResult } from '../../../../core/ports/broker-port.js';
import { writeFastjson } from './fastjson-writer.js';
import { bool, invalid, num, optStr, parseBodyObject, str } from './fields.js';

export type { ConsumeDirectlyResult };

const RESULTS: ReadonlySet<string> = new Set(['CR_SUCCESS', 'CR_LATER', 'CR_ROLLBACK', 'CR_COMMIT', 'CR_THROW_EXCEPTION', 'CR_RETURN_NULL']);

/** ConsumeMessageDirectlyResult, the client's answer to CONSUME_MESSAGE_DIRECTLY (shared/protocol §4.15). */
export function encodeConsumeDirectlyResult(r: ConsumeDirectlyResult): Buffer {
  return Buffer.from(writeFastjson({ ...r }), 'utf8');
}

export function decodeConsumeDirectlyResult(body: Uint8Array | string): ConsumeDirectlyResult {
  const what = 'ConsumeMessageDirectlyResult';
  const o = parseBodyObject(body, what);
  const consumeResult = str(o, 'consumeResult', what);
  if (!RESULTS.has(consumeResult)) throw invalid(`${what}.consumeResult`, consumeResult, 'a CMResult name');
  const out: ConsumeDirectlyResult = {
    order: bool(o, 'order', what),
    autoCommit: bool(o, 'autoCommit', what),
    consumeResult: consumeResult as ConsumeDirectlyResult['consumeResult'],
    spentTimeMills: num(o, 'spentTimeMills', what),
  };
  const remark = optStr(o, 'remark', what);
  if (remark !== undefined) out.remark = remark;
  return out;
}
