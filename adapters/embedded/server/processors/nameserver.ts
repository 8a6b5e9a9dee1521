import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { RequestCode, ResponseCode } from '../../../remoting/protocol/codes.js';
import { encodeClusterInfo } from '../../../remoting/protocol/body/cluster-info.js';
import { writeFastjson } from '../../../remoting/protocol/body/fastjson-writer.js';
import { decodeRegisterBrokerBody } from '../../../remoting/protocol/body/register-broker.js';
import { encodeTopicRoute } from '../../../remoting/protocol/body/route.js';
import { decodeGetRouteInfoRequest } from '../../../remoting/protocol/headers/get-route-info.js';
import { decodeRegisterBrokerRequest, encodeRegisterBrokerResponse } from '../../../remoting/protocol/headers/register-broker.js';
import { decodeUnregisterBrokerRequest } from '../../../remoting/protocol/headers/unregister-broker.js';
import { bodyCrc } from '../../../remoting/protocol/message/crc32.js';
import type { NameServer } from '../../engine/nameserver.js';
import { isFailure } from '../../engine/outcome.js';
import type { BrokerRegistration } from '../../engine/route-table.js';
import type { Handler, HandlerTable } from '../handler.js';
import { failureReply, reply } from '../reply.js';

/** V4_9_4: from this request version on, a 4.9.4+ name server writes routes as standard JSON. */
const STANDARD_JSON_SINCE = 401;

/**
 * The name server's requests: GET_ROUTEINFO_BY_TOPIC (105; standard JSON for `version >= 401` or
 * `acceptStandardJsonOnly=true`, else fastjson's bare-key form), GET_BROKER_CLUSTER_INFO (106, always bare keys),
 * REGISTER_BROKER / UNREGISTER_BROKER (103 / 104, so that an external broker can register too; oneway
 * re-registrations are not answered) and GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206).
 */
export function nameServerHandlers(nameServer: NameServer): HandlerTable {
  return new Map<number, Handler>([
    [RequestCode.GET_ROUTEINFO_BY_TOPIC, (request) => route(nameServer, request)],
    [RequestCode.GET_BROKER_CLUSTER_INFO, (request) =>
      reply(request, { code: ResponseCode.SUCCESS, body: encodeClusterInfo(nameServer.clusterInfo().clusterInfo) })],
    [RequestCode.REGISTER_BROKER, (request) => registerBroker(nameServer, request)],
    [RequestCode.UNREGISTER_BROKER, (request) => {
      const { clusterName, brokerName, brokerAddr, brokerId } = decodeUnregisterBrokerRequest(request.extFields);
      return reply(request, { code: nameServer.unregisterBroker({ clusterName, brokerName, brokerAddr, brokerId }).code });
    }],
    [RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, (request) =>
      reply(request, { code: ResponseCode.SUCCESS, body: Buffer.from(writeFastjson({ topicList: nameServer.topics() }), 'utf8') })],
  ]);
}

function route(nameServer: NameServer, request: RemotingCommand): RemotingCommand {
  const { topic, acceptStandardJsonOnly } = decodeGetRouteInfoRequest(request.extFields);
  const outcome = nameServer.routeData(topic);
  if (isFailure(outcome)) return failureReply(request, outcome);
  const standard = request.version >= STANDARD_JSON_SINCE || acceptStandardJsonOnly === true;
  return reply(request, { code: outcome.code, body: encodeTopicRoute(outcome.route, { standard }) });
}

function registerBroker(nameServer: NameServer, request: RemotingCommand): RemotingCommand {
  const header = decodeRegisterBrokerRequest(request.extFields);
  const body = request.body ?? Buffer.alloc(0);
  if (header.bodyCrc32 !== undefined && header.bodyCrc32 !== 0 && header.bodyCrc32 !== bodyCrc(body)) {
    return reply(request, { code: ResponseCode.SYSTEM_ERROR, remark: 'crc32 not match' });
  }
  if (header.compressed === true) {
    return reply(request, { code: ResponseCode.SYSTEM_ERROR, remark: 'the embedded name server takes only uncompressed REGISTER_BROKER bodies (compressedRegister=false)' });
  }
  const registration: BrokerRegistration = {
    clusterName: header.clusterName,
    brokerName: header.brokerName,
    brokerAddr: header.brokerAddr,
    brokerId: header.brokerId,
    haServerAddr: header.haServerAddr,
    dataVersion: { counter: 0, timestamp: 0 },
    topicConfigs: [],
  };
  if (body.length > 0) {
    const decoded = decodeRegisterBrokerBody(body);
    registration.dataVersion = { counter: decoded.dataVersion.counter, timestamp: decoded.dataVersion.timestamp };
    registration.topicConfigs = [...decoded.topicConfigTable.values()].map(({ topicName, readQueueNums, writeQueueNums, perm, topicSysFlag, order }) =>
      ({ topicName, readQueueNums, writeQueueNums, perm, topicSysFlag, order }));
  }
  const { code, masterAddr, haServerAddr } = nameServer.registerBroker(registration);
  return reply(request, { code, extFields: encodeRegisterBrokerResponse({ masterAddr, haServerAddr }) });
}
