/** Test helper: which header codec a captured frame's code maps to (codes from the protocol reference §3). */
import * as h from '../../../adapters/remoting/protocol/headers/index.js';
import type { HeaderCodec, HeaderExtras } from '../../../adapters/remoting/protocol/headers/index.js';

type AnyCodec = HeaderCodec<HeaderExtras>;
const c = <T extends HeaderExtras>(codec: HeaderCodec<T>): AnyCodec => codec as unknown as AnyCodec;

/** Request code → request header codec. */
export const REQUEST_CODECS: ReadonlyMap<number, AnyCodec> = new Map([
  [10, c(h.sendMessageRequestCodec)],
  [11, c(h.pullMessageRequestCodec)],
  [12, c(h.queryMessageRequestCodec)],
  [14, c(h.queryConsumerOffsetRequestCodec)],
  [15, c(h.updateConsumerOffsetRequestCodec)],
  [17, c(h.createTopicRequestCodec)],
  [29, c(h.searchOffsetRequestCodec)],
  [30, c(h.getMaxOffsetRequestCodec)],
  [31, c(h.getMinOffsetRequestCodec)],
  [32, c(h.getEarliestMsgStoretimeRequestCodec)],
  [33, c(h.viewMessageRequestCodec)],
  [35, c(h.unregisterClientRequestCodec)],
  [36, c(h.consumerSendMsgBackRequestCodec)],
  [37, c(h.endTransactionRequestCodec)],
  [38, c(h.getConsumerListByGroupRequestCodec)],
  [39, c(h.checkTransactionStateRequestCodec)],
  [40, c(h.notifyConsumerIdsChangedRequestCodec)],
  [103, c(h.registerBrokerRequestCodec)],
  [104, c(h.unregisterBrokerRequestCodec)],
  [105, c(h.getRouteInfoRequestCodec)],
  [220, c(h.resetOffsetRequestCodec)],
  [221, c(h.getConsumerStatusRequestCodec)],
  [222, c(h.resetOffsetRequestCodec)], // INVOKE_BROKER_TO_RESET_OFFSET: same Java class
  [307, c(h.getConsumerRunningInfoRequestCodec)],
  [309, c(h.consumeMessageDirectlyRequestCodec)],
  [310, c(h.sendMessageV2RequestCodec)],
  [320, c(h.sendMessageV2RequestCodec)],
]);

/** Request code → codec of the header its (successful) response carries. */
export const RESPONSE_CODECS: ReadonlyMap<number, AnyCodec> = new Map([
  [10, c(h.sendMessageResponseCodec)],
  [11, c(h.pullMessageResponseCodec)],
  [12, c(h.queryMessageResponseCodec)],
  [14, c(h.queryConsumerOffsetResponseCodec)],
  [29, c(h.searchOffsetResponseCodec)],
  [30, c(h.getMaxOffsetResponseCodec)],
  [31, c(h.getMinOffsetResponseCodec)],
  [32, c(h.getEarliestMsgStoretimeResponseCodec)],
  [103, c(h.registerBrokerResponseCodec)],
  [310, c(h.sendMessageResponseCodec)],
  [320, c(h.sendMessageResponseCodec)],
]);

/** Response codes that come with the response header (SUCCESS and the pull outcomes). */
export const CODES_WITH_HEADER: ReadonlySet<number> = new Set([0, 19, 20, 21]);
