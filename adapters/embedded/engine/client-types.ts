/** HEART_BEAT body as decoded by the server (shared/protocol §5.3); structurally compatible with core's HeartbeatData. */
export interface HeartbeatInput {
  clientID: string;
  producerDataSet?: readonly { groupName: string }[];
  consumerDataSet?: readonly ConsumerDataInput[];
}

export interface ConsumerDataInput {
  groupName: string;
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
  subscriptionDataSet?: readonly SubscriptionDataInput[];
  unitMode?: boolean;
}

export interface SubscriptionDataInput {
  topic: string;
  subString?: string;
  tagsSet?: readonly string[];
  codeSet?: readonly number[];
  subVersion?: number;
  expressionType?: string;
}

/** UNREGISTER_CLIENT header (ext key `clientID`; the protocol's decoded header calls the field `clientId`). */
export interface UnregisterInput {
  clientID: string;
  producerGroup?: string;
  consumerGroup?: string;
}

/** GET_CONSUMER_LIST_BY_GROUP answer: body `{"consumerIdList":[…]}`. */
export interface ConsumerListResult {
  readonly code: 0;
  readonly consumerIdList: string[];
}
