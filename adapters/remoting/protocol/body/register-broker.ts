import { entriesOf, type JsonObject } from './fastjson.js';
import { writeFastjson } from './fastjson-writer.js';
import { asObject, list, num, parseBodyObject, stringItem } from './fields.js';
import { topicConfigBean, topicConfigFromJson, type TopicConfig } from './topic-config.js';

/**
 * RegisterBrokerBody in its JSON form (REGISTER_BROKER with `compressed=false`, shared/protocol §4.16). The topic
 * table keeps the broker's map order (a Map, so topic names that look like numbers stay in place).
 */
export interface DataVersion {
  counter: number;
  timestamp: number;
  /** 5.x. */
  stateVersion?: number;
}

export interface RegisterBrokerBody {
  dataVersion: DataVersion;
  topicConfigTable: Map<string, TopicConfig>;
  filterServerList: string[];
}

export function decodeRegisterBrokerBody(body: Uint8Array | string): RegisterBrokerBody {
  const what = 'RegisterBrokerBody';
  const o = parseBodyObject(body, what, { keepKeyOrder: true });
  const wrapper = asObject(o.topicConfigSerializeWrapper, `${what}.topicConfigSerializeWrapper`);
  const path = `${what}.topicConfigSerializeWrapper`;
  return {
    dataVersion: dataVersion(asObject(wrapper.dataVersion, `${path}.dataVersion`), `${path}.dataVersion`),
    topicConfigTable: new Map(
      entriesOf(wrapper.topicConfigTable ?? {}, `${path}.topicConfigTable`).map(([k, v]) => [String(k), topicConfigFromJson(v, `${path}.topicConfigTable.${String(k)}`)]),
    ),
    filterServerList: list(o, 'filterServerList', what, stringItem),
  };
}

function dataVersion(o: JsonObject, path: string): DataVersion {
  const out: DataVersion = { counter: num(o, 'counter', path), timestamp: num(o, 'timestamp', path) };
  if (o.stateVersion !== undefined) out.stateVersion = num(o, 'stateVersion', path);
  return out;
}

export function encodeRegisterBrokerBody(body: RegisterBrokerBody): Buffer {
  const bean = {
    filterServerList: body.filterServerList,
    topicConfigSerializeWrapper: {
      dataVersion: { ...body.dataVersion },
      topicConfigTable: new Map([...body.topicConfigTable].map(([k, c]) => [k, topicConfigBean(c)])),
    },
  };
  return Buffer.from(writeFastjson(bean), 'utf8');
}
