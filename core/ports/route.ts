/** Route data as a name server returns it (GET_ROUTEINFO_BY_TOPIC), independent of its JSON form. */
export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  /** Bits: 8 priority, 4 read, 2 write, 1 inherit. */
  perm: number;
  topicSysFlag: number;
}

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** Broker id (0 = master) → `ip:port`. Keys are decimal strings. */
  brokerAddrs: Record<string, string>;
}

export interface TopicRouteData {
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  filterServerTable?: Record<string, string[]>;
}

/** Response code TOPIC_NOT_EXIST: the name server's (or broker's) answer for an unknown topic. */
export const TOPIC_NOT_EXIST = 17;

export const PERM_READ = 4;
export const PERM_WRITE = 2;
export const MASTER_ID = '0';
