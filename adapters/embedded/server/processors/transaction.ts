import { RequestCode } from '../../../remoting/protocol/codes.js';
import { decodeEndTransactionRequest } from '../../../remoting/protocol/headers/end-transaction.js';
import type { Broker } from '../../engine/broker.js';
import { isFailure } from '../../engine/outcome.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';

/**
 * END_TRANSACTION (37), oneway from Java clients: commit re-stores the half message in its real queue, rollback drops
 * it. State UNKNOWN (0) is answered nothing, as the Java broker does (it checks back later).
 */
export function transactionHandlers(broker: Broker): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.END_TRANSACTION, async (request) => {
      const { extra: _extra, bname: _bname, ...header } = decodeEndTransactionRequest(request.extFields);
      const outcome = await broker.endTransaction(header);
      if (outcome === undefined) return undefined;
      return isFailure(outcome) ? failureReply(request, outcome) : reply(request, { code: outcome.code });
    }],
  ]);
}
