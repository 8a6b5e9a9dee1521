import { ResponseCode } from '../../remoting/protocol/codes.js';
import type { HeaderExtras } from '../../remoting/protocol/headers/field-spec.js';
import type { QueryMessageRequestHeader } from '../../remoting/protocol/headers/query-message.js';
import type { MessageStore } from '../store/message-store.js';
import type { ResolvedBrokerConfig } from './config.js';
import type { KeyIndex } from './key-index.js';
import { failure, type Failure } from './outcome.js';

/** QUERY_MESSAGE (shared/protocol §4.3): the protocol's decoded `QueryMessageRequestHeader`, `_UNIQUE_KEY_QUERY` included. */
export type QueryMessageRequest = Omit<QueryMessageRequestHeader, keyof HeaderExtras>;

interface IndexHeader {
  readonly indexLastUpdateTimestamp: number;
  readonly indexLastUpdatePhyoffset: number;
}

export interface QueryMessageResult extends IndexHeader {
  readonly code: typeof ResponseCode.SUCCESS;
  /** The found records back to back. */
  readonly body: Buffer;
  readonly messageCount: number;
}

/** QUERY_NOT_FOUND still carries the index header (0 when nothing matched), as the Java broker sends it. */
export type QueryNotFound = Failure<typeof ResponseCode.QUERY_NOT_FOUND> & IndexHeader;

export interface ViewMessageResult {
  readonly code: typeof ResponseCode.SUCCESS;
  readonly body: Buffer;
}

/** QUERY_MESSAGE by key / unique key and VIEW_MESSAGE_BY_ID (Java `QueryMessageProcessor`). */
export class QueryService {
  constructor(
    private readonly store: MessageStore,
    private readonly index: KeyIndex,
    private readonly config: ResolvedBrokerConfig,
  ) {}

  queryMessage(req: QueryMessageRequest): QueryMessageResult | QueryNotFound | Failure {
    if (typeof req.topic !== 'string' || typeof req.key !== 'string') return failure(ResponseCode.SYSTEM_ERROR, 'the custom field <topic> or <key> is null');
    if ([req.maxNum, req.beginTimestamp, req.endTimestamp].some((n) => typeof n !== 'number' || Number.isNaN(n))) {
      return failure(ResponseCode.SYSTEM_ERROR, 'QUERY_MESSAGE maxNum / beginTimestamp / endTimestamp must be numbers');
    }
    const requested = req.uniqueKeyQuery === true ? this.config.defaultQueryMaxNum : req.maxNum;
    const maxNum = Math.min(requested, this.config.maxQueryResults);
    const found = this.index.lookup(req.topic, req.key, maxNum, req.beginTimestamp, req.endTimestamp);
    const records = found.physicalOffsets.map((o) => this.store.readRecord(o)).filter((r): r is Buffer => r !== undefined);
    if (records.length === 0) {
      return { ...failure(ResponseCode.QUERY_NOT_FOUND, 'can not find message, maybe time range not correct'), indexLastUpdateTimestamp: 0, indexLastUpdatePhyoffset: 0 };
    }
    return {
      code: ResponseCode.SUCCESS,
      body: Buffer.concat(records),
      messageCount: records.length,
      indexLastUpdateTimestamp: found.lastUpdateTimestamp,
      indexLastUpdatePhyoffset: found.lastUpdatePhyOffset,
    };
  }

  viewMessage(req: { offset: number }): ViewMessageResult | Failure {
    const record = Number.isSafeInteger(req.offset) && req.offset >= 0 ? this.store.readRecord(req.offset) : undefined;
    if (record === undefined) return failure(ResponseCode.SYSTEM_ERROR, `can not find message by the offset, ${req.offset}`);
    return { code: ResponseCode.SUCCESS, body: record };
  }
}
