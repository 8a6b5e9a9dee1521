/**
 * The port call the Java client's request corresponds to: each captured request is turned back into the arguments of
 * the `RemotingPort` method that makes it, so that the client can be driven through the same calls.
 */
import type { RemotingClient } from '../../../../adapters/remoting/client/index.js';
import { decodeHeartbeat } from '../../../../adapters/remoting/protocol/body/heartbeat.js';
import { decodeLockBatchRequest } from '../../../../adapters/remoting/protocol/body/lock.js';
import { isOneway, type RemotingCommand } from '../../../../adapters/remoting/protocol/command.js';
import { decodeConsumerSendMsgBackRequest } from '../../../../adapters/remoting/protocol/headers/consumer-send-msg-back.js';
import { decodeCreateTopicRequest } from '../../../../adapters/remoting/protocol/headers/create-topic.js';
import { decodeEndTransactionRequest } from '../../../../adapters/remoting/protocol/headers/end-transaction.js';
import { decodePullMessageRequest } from '../../../../adapters/remoting/protocol/headers/pull-message.js';
import { decodeSendMessageV2Request } from '../../../../adapters/remoting/protocol/headers/send-message-v2.js';
import { decodeBatch } from '../../../../adapters/remoting/protocol/message/batch.js';
import { decodeProperties } from '../../../../adapters/remoting/protocol/message/properties.js';
import type { MessageQueue } from '../../../../core/message/message-queue.js';
import type { EndTransactionRequest, PullRequest, SendRequest } from '../../../../core/ports/broker-port.js';

export type PortCall = (client: RemotingClient, address: string) => Promise<unknown>;

const ext = (cmd: RemotingCommand): Record<string, string> => cmd.extFields ?? {};
const int = (cmd: RemotingCommand, key: string): number => Number(ext(cmd)[key]);
const str = (cmd: RemotingCommand, key: string): string => ext(cmd)[key] as string;
const body = (cmd: RemotingCommand): Buffer => cmd.body ?? Buffer.alloc(0);
const queueOf = (cmd: RemotingCommand): MessageQueue => ({ topic: str(cmd, 'topic'), brokerName: str(cmd, 'bname'), queueId: int(cmd, 'queueId') });

export function sendRequestOf(cmd: RemotingCommand): SendRequest {
  const h = decodeSendMessageV2Request(cmd.extFields);
  const req: SendRequest = {
    producerGroup: h.producerGroup,
    topic: h.topic,
    defaultTopic: h.defaultTopic,
    defaultTopicQueueNums: h.defaultTopicQueueNums,
    queueId: h.queueId,
    sysFlag: h.sysFlag,
    bornTimestamp: h.bornTimestamp,
    flag: h.flag,
    properties: decodeProperties(h.properties ?? ''),
    brokerName: h.bname as string,
    body: h.batch === true ? Buffer.alloc(0) : body(cmd),
  };
  if (h.reconsumeTimes !== undefined) req.reconsumeTimes = h.reconsumeTimes;
  if (h.maxReconsumeTimes !== undefined) req.maxReconsumeTimes = h.maxReconsumeTimes;
  if (h.batch === true) req.batch = decodeBatch(body(cmd)).map((m) => ({ flag: m.flag, body: Buffer.from(m.body), properties: m.properties }));
  return req;
}

export function pullRequestOf(cmd: RemotingCommand): PullRequest {
  const h = decodePullMessageRequest(cmd.extFields);
  const req: PullRequest = {
    consumerGroup: h.consumerGroup,
    queue: { topic: h.topic, brokerName: h.bname as string, queueId: h.queueId },
    queueOffset: h.queueOffset,
    maxMsgNums: h.maxMsgNums,
    sysFlag: h.sysFlag,
    commitOffset: h.commitOffset,
    suspendTimeoutMillis: h.suspendTimeoutMillis,
    subVersion: h.subVersion,
  };
  if (h.subscription !== undefined) req.subscription = h.subscription;
  if (h.expressionType !== undefined) req.expressionType = h.expressionType;
  return req;
}

export function endTransactionOf(cmd: RemotingCommand): EndTransactionRequest {
  const h = decodeEndTransactionRequest(cmd.extFields);
  const req: EndTransactionRequest = {
    producerGroup: h.producerGroup,
    tranStateTableOffset: h.tranStateTableOffset,
    commitLogOffset: h.commitLogOffset,
    commitOrRollback: h.commitOrRollback as 0 | 8 | 12,
    fromTransactionCheck: h.fromTransactionCheck ?? false,
    msgId: h.msgId,
  };
  if (h.transactionId !== undefined) req.transactionId = h.transactionId;
  if (cmd.remark !== undefined) req.remark = cmd.remark;
  return req;
}

const DRIVERS: Readonly<Record<number, (cmd: RemotingCommand) => PortCall>> = {
  105: (cmd) => (c) => c.getRouteInfo(str(cmd, 'topic')),
  310: (cmd) => (c, a) => (isOneway(cmd) ? c.sendOneway(a, sendRequestOf(cmd)) : c.send(a, sendRequestOf(cmd))),
  320: (cmd) => (c, a) => c.send(a, sendRequestOf(cmd)),
  11: (cmd) => (c, a) => c.pull(a, pullRequestOf(cmd)),
  14: (cmd) => (c, a) => c.queryConsumerOffset(a, str(cmd, 'consumerGroup'), queueOf(cmd)),
  15: (cmd) => (c, a) => c.updateConsumerOffset(a, str(cmd, 'consumerGroup'), queueOf(cmd), int(cmd, 'commitOffset'), isOneway(cmd)),
  29: (cmd) => (c, a) => c.searchOffset(a, queueOf(cmd), int(cmd, 'timestamp')),
  30: (cmd) => (c, a) => c.getMaxOffset(a, queueOf(cmd)),
  31: (cmd) => (c, a) => c.getMinOffset(a, queueOf(cmd)),
  33: (cmd) => (c, a) => c.viewMessage(a, int(cmd, 'offset')),
  34: (cmd) => (c, a) => c.heartbeat(a, decodeHeartbeat(body(cmd))),
  35: (cmd) => (c, a) => {
    const group = ext(cmd)['producerGroup'] === undefined ? { consumerGroup: str(cmd, 'consumerGroup') } : { producerGroup: str(cmd, 'producerGroup') };
    return c.unregisterClient(a, str(cmd, 'clientID'), group);
  },
  36: (cmd) => (c, a) => {
    const h = decodeConsumerSendMsgBackRequest(cmd.extFields);
    const { offset, group, delayLevel } = h;
    return c.sendMessageBack(a, { offset, group, delayLevel, originMsgId: h.originMsgId as string, originTopic: h.originTopic as string, maxReconsumeTimes: h.maxReconsumeTimes as number, brokerName: h.bname as string });
  },
  37: (cmd) => (c, a) => c.endTransaction(a, endTransactionOf(cmd)),
  38: (cmd) => (c, a) => c.getConsumerIdList(a, str(cmd, 'consumerGroup')),
  41: (cmd) => (c, a) => {
    const b = decodeLockBatchRequest(body(cmd));
    return c.lockBatch(a, b.consumerGroup, b.clientId, b.mqSet);
  },
  42: (cmd) => (c, a) => {
    const b = decodeLockBatchRequest(body(cmd));
    return c.unlockBatch(a, b.consumerGroup, b.clientId, b.mqSet, isOneway(cmd));
  },
  17: (cmd) => (c, a) => {
    const h = decodeCreateTopicRequest(cmd.extFields);
    return c.createTopic(a, { topic: h.topic, readQueueNums: h.readQueueNums, writeQueueNums: h.writeQueueNums, perm: h.perm, order: h.order ?? false });
  },
};

/** The port call that makes `request`, or undefined for requests the port has no method for (admin tools, broker → name server). */
export function portCallFor(request: RemotingCommand): PortCall | undefined {
  return DRIVERS[request.code]?.(request);
}
