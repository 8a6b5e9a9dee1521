/** Fully qualified names (`Class.getName()`) of the Java 4.9.8 header classes; they feed `Field.hashCode()`. */
const HEADER_PACKAGE = 'org.apache.rocketmq.common.protocol.header';

/** A class in `org.apache.rocketmq.common.protocol.header`. */
export const headerClass = (simpleName: string): string => `${HEADER_PACKAGE}.${simpleName}`;

/** A class in `org.apache.rocketmq.common.protocol.header.namesrv`. */
export const namesrvHeaderClass = (simpleName: string): string => `${HEADER_PACKAGE}.namesrv.${simpleName}`;

/** Superclass of most 4.9.x client request headers; declares `bname`. */
export const RPC_REQUEST_HEADER = 'org.apache.rocketmq.common.rpc.RpcRequestHeader';
