import { writeFastjson } from './fastjson-writer.js';
import { list, parseBodyObject, stringItem } from './fields.js';

/** GetConsumerListByGroupResponseBody (shared/protocol §5.5): `{"consumerIdList":[…]}`. */
export interface ConsumerListBody {
  consumerIdList: string[];
}

export function encodeConsumerList(body: ConsumerListBody): Buffer {
  return Buffer.from(writeFastjson({ consumerIdList: body.consumerIdList }), 'utf8');
}

export function decodeConsumerList(body: Uint8Array | string): ConsumerListBody {
  const o = parseBodyObject(body, 'GetConsumerListByGroupResponseBody');
  return { consumerIdList: list(o, 'consumerIdList', 'GetConsumerListByGroupResponseBody', stringItem) };
}
