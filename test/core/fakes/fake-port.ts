import { RocketMQError } from '../../../core/errors.js';
import type { MessageQueue } from '../../../core/message/message-queue.js';
import type {
  CallOptions,
  ClientRequestHandlers,
  EndTransactionRequest,
  PullRequest,
  PullResponse,
  RemotingPort,
  SendRequest,
  SendResponse,
} from '../../../core/ports/broker-port.js';
import { BrokerResponseError } from '../../../core/ports/errors.js';
import type { HeartbeatData } from '../../../core/ports/heartbeat.js';
import type { TopicRouteData } from '../../../core/ports/route.js';

/** One recorded port call: the method, the address (broker calls) and the other arguments. */
export interface PortCall {
  readonly method: string;
  readonly addr?: string;
  readonly args: readonly unknown[];
}

/** What a scripted send does: answer, fail, or stay pending until the test settles it (or the signal aborts). */
export type SendOutcome =
  | { readonly kind: 'ok'; readonly response?: Partial<SendResponse> }
  | { readonly kind: 'fail'; readonly error: unknown }
  | { readonly kind: 'hang' };

/** A send the fake has received and not settled yet. */
export interface PendingSend {
  readonly addr: string;
  readonly req: SendRequest;
  readonly opts: CallOptions | undefined;
  resolve(response?: Partial<SendResponse>): void;
  reject(error: unknown): void;
}

/** A broker of a fake route: its name, master address (and optional slaves), queue counts and permission. */
export interface FakeBroker {
  name: string;
  addr: string;
  slaves?: string[];
  queues?: number;
  perm?: number;
  cluster?: string;
}

/** Builds the route the name server would return for `brokers`. */
export function routeOf(brokers: readonly FakeBroker[]): TopicRouteData {
  return {
    queueDatas: brokers.map((b) => ({
      brokerName: b.name,
      readQueueNums: b.queues ?? 4,
      writeQueueNums: b.queues ?? 4,
      perm: b.perm ?? 6,
      topicSysFlag: 0,
    })),
    brokerDatas: brokers.map((b) => ({
      cluster: b.cluster ?? 'DefaultCluster',
      brokerName: b.name,
      brokerAddrs: Object.fromEntries([b.addr, ...(b.slaves ?? [])].map((addr, id) => [String(id), addr])),
    })),
    filterServerTable: {},
  };
}

/** A broker error as the adapter reports it. */
export function brokerError(code: number, remark = 'scripted', retriable = false): BrokerResponseError {
  return new BrokerResponseError(code, `CODE_${code}`, remark, { retriable });
}

/** A transport error as the adapter reports it (kinds: request-timeout, connection-closed, connect-failed …). */
export function transportError(kind = 'connection-closed'): RocketMQError {
  return new RocketMQError(kind, `scripted ${kind}`);
}

const abortError = (signal: AbortSignal) => new RocketMQError('request-aborted', 'aborted by the caller', { reason: signal.reason });

/**
 * An in-memory `RemotingPort` for core tests: routes per topic, scripted outcomes for sends (and overridable
 * behaviour for every other method), a record of every call, and the in-flight sends with their signals. By
 * default a send succeeds with a per-queue increasing offset and an offset message id whose last 16 hex digits are a
 * growing physical offset; every other broker call succeeds with an empty answer.
 */
export class FakePort implements RemotingPort {
  readonly calls: PortCall[] = [];
  readonly routes = new Map<string, TopicRouteData>();
  /** Route lookups fail with these errors first (one each), then answer from `routes`. */
  readonly routeFailures: unknown[] = [];
  /** Outcomes for the next sends, in order, regardless of address. */
  readonly sendScript: SendOutcome[] = [];
  /** Outcomes for the next sends to one address (used before `sendScript`). */
  readonly sendScriptByAddr = new Map<string, SendOutcome[]>();
  /** Used when no script applies. */
  defaultSend: SendOutcome = { kind: 'ok' };
  readonly pending: PendingSend[] = [];
  readonly abortedSends: SendRequest[] = [];
  /** Replace the behaviour of any method (after the call is recorded). */
  readonly overrides: Partial<RemotingPort> = {};
  handlers: ClientRequestHandlers | undefined;
  closed = false;
  maxInFlight = 0;
  private physicalOffset = 0;
  private idCounter = 0;
  private readonly queueOffsets = new Map<string, number>();

  /** Sets a topic's route to these brokers. */
  setRoute(topic: string, brokers: readonly FakeBroker[]): void {
    this.routes.set(topic, routeOf(brokers));
  }

  /** Calls of one method. */
  callsOf(method: string): PortCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The send requests received so far (settled or not), with their addresses. */
  sends(): { addr: string; req: SendRequest; opts: CallOptions | undefined }[] {
    return this.callsOf('send').map((c) => ({ addr: c.addr!, req: c.args[0] as SendRequest, opts: c.args[1] as CallOptions | undefined }));
  }

  get inFlight(): number {
    return this.pending.length;
  }

  /** Settles every pending send successfully. */
  resolveAll(): void {
    for (const p of [...this.pending]) p.resolve();
  }

  private record(method: string, addr: string | undefined, ...args: unknown[]): void {
    this.calls.push(addr === undefined ? { method, args } : { method, addr, args });
  }

  async getRouteInfo(topic: string, opts?: CallOptions): Promise<TopicRouteData> {
    this.record('getRouteInfo', undefined, topic, opts);
    if (this.overrides.getRouteInfo) return this.overrides.getRouteInfo(topic, opts);
    if (this.routeFailures.length > 0) throw this.routeFailures.shift();
    const route = this.routes.get(topic);
    if (!route) throw brokerError(17, `No topic route info in name server for the topic: ${topic}`);
    return structuredClone(route);
  }

  send(addr: string, req: SendRequest, opts?: CallOptions): Promise<SendResponse> {
    this.record('send', addr, req, opts);
    if (this.overrides.send) return this.overrides.send(addr, req, opts);
    const outcome = this.sendScriptByAddr.get(addr)?.shift() ?? this.sendScript.shift() ?? this.defaultSend;
    if (outcome.kind === 'ok') return Promise.resolve(this.answer(addr, req, outcome.response));
    if (outcome.kind === 'fail') return Promise.reject(outcome.error);
    return this.hang(addr, req, opts);
  }

  private hang(addr: string, req: SendRequest, opts: CallOptions | undefined): Promise<SendResponse> {
    return new Promise<SendResponse>((resolve, reject) => {
      const done = () => {
        this.pending.splice(this.pending.indexOf(entry), 1);
        opts?.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        this.abortedSends.push(req);
        reject(abortError(opts!.signal!));
      };
      const entry: PendingSend = {
        addr,
        req,
        opts,
        resolve: (response) => {
          done();
          resolve(this.answer(addr, req, response));
        },
        reject: (error) => {
          done();
          reject(error);
        },
      };
      this.pending.push(entry);
      this.maxInFlight = Math.max(this.maxInFlight, this.pending.length);
      if (opts?.signal?.aborted) onAbort();
      else opts?.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A broker's answer: the next offset of the queue and a fresh offset id (`…` + 16 hex digits of the physical offset). */
  private answer(addr: string, req: SendRequest, partial: Partial<SendResponse> = {}): SendResponse {
    const queueId = req.queueId;
    const key = `${req.topic}@${req.brokerName}#${queueId}`;
    const count = Math.max(1, req.batch?.length ?? 1);
    const queueOffset = this.queueOffsets.get(key) ?? 0;
    this.queueOffsets.set(key, queueOffset + count);
    const ids = Array.from({ length: count }, () => {
      this.physicalOffset += 100;
      return offsetMsgIdOf(addr, this.physicalOffset);
    });
    return { status: 'SEND_OK', offsetMsgId: ids.join(','), queueId, queueOffset, regionId: 'DefaultRegion', ...partial };
  }

  async sendOneway(addr: string, req: SendRequest): Promise<void> {
    this.record('sendOneway', addr, req);
    if (this.overrides.sendOneway) return this.overrides.sendOneway(addr, req);
  }

  async pull(addr: string, req: PullRequest, opts?: CallOptions): Promise<PullResponse> {
    this.record('pull', addr, req, opts);
    if (this.overrides.pull) return this.overrides.pull(addr, req, opts);
    return { status: 'NO_NEW_MSG', nextBeginOffset: req.queueOffset, minOffset: 0, maxOffset: req.queueOffset, suggestWhichBrokerId: 0, messages: [] };
  }

  async queryConsumerOffset(addr: string, group: string, mq: MessageQueue, opts?: CallOptions): Promise<number | undefined> {
    this.record('queryConsumerOffset', addr, group, mq, opts);
    return this.overrides.queryConsumerOffset ? this.overrides.queryConsumerOffset(addr, group, mq, opts) : undefined;
  }

  async updateConsumerOffset(addr: string, group: string, mq: MessageQueue, offset: number, oneway: boolean): Promise<void> {
    this.record('updateConsumerOffset', addr, group, mq, offset, oneway);
    if (this.overrides.updateConsumerOffset) return this.overrides.updateConsumerOffset(addr, group, mq, offset, oneway);
  }

  async getMaxOffset(addr: string, mq: MessageQueue, opts?: CallOptions): Promise<number> {
    this.record('getMaxOffset', addr, mq, opts);
    return this.overrides.getMaxOffset ? this.overrides.getMaxOffset(addr, mq, opts) : 0;
  }

  async getMinOffset(addr: string, mq: MessageQueue, opts?: CallOptions): Promise<number> {
    this.record('getMinOffset', addr, mq, opts);
    return this.overrides.getMinOffset ? this.overrides.getMinOffset(addr, mq, opts) : 0;
  }

  async searchOffset(addr: string, mq: MessageQueue, timestamp: number, opts?: CallOptions): Promise<number> {
    this.record('searchOffset', addr, mq, timestamp, opts);
    return this.overrides.searchOffset ? this.overrides.searchOffset(addr, mq, timestamp, opts) : 0;
  }

  async heartbeat(addr: string, data: HeartbeatData, opts?: CallOptions): Promise<void> {
    this.record('heartbeat', addr, data, opts);
    if (this.overrides.heartbeat) return this.overrides.heartbeat(addr, data, opts);
  }

  async unregisterClient(addr: string, clientId: string, group: { producerGroup?: string; consumerGroup?: string }): Promise<void> {
    this.record('unregisterClient', addr, clientId, group);
    if (this.overrides.unregisterClient) return this.overrides.unregisterClient(addr, clientId, group);
  }

  async getConsumerIdList(addr: string, group: string, opts?: CallOptions): Promise<string[]> {
    this.record('getConsumerIdList', addr, group, opts);
    return this.overrides.getConsumerIdList ? this.overrides.getConsumerIdList(addr, group, opts) : [];
  }

  async lockBatch(addr: string, group: string, clientId: string, mqs: MessageQueue[], opts?: CallOptions): Promise<MessageQueue[]> {
    this.record('lockBatch', addr, group, clientId, mqs, opts);
    return this.overrides.lockBatch ? this.overrides.lockBatch(addr, group, clientId, mqs, opts) : mqs;
  }

  async unlockBatch(addr: string, group: string, clientId: string, mqs: MessageQueue[], oneway: boolean): Promise<void> {
    this.record('unlockBatch', addr, group, clientId, mqs, oneway);
    if (this.overrides.unlockBatch) return this.overrides.unlockBatch(addr, group, clientId, mqs, oneway);
  }

  async sendMessageBack(addr: string, req: Parameters<RemotingPort['sendMessageBack']>[1], opts?: CallOptions): Promise<void> {
    this.record('sendMessageBack', addr, req, opts);
    if (this.overrides.sendMessageBack) return this.overrides.sendMessageBack(addr, req, opts);
  }

  async endTransaction(addr: string, req: EndTransactionRequest): Promise<void> {
    this.record('endTransaction', addr, req);
    if (this.overrides.endTransaction) return this.overrides.endTransaction(addr, req);
  }

  async viewMessage(addr: string, physicalOffset: number, opts?: CallOptions): ReturnType<RemotingPort['viewMessage']> {
    this.record('viewMessage', addr, physicalOffset, opts);
    if (this.overrides.viewMessage) return this.overrides.viewMessage(addr, physicalOffset, opts);
    throw brokerError(22, 'no message');
  }

  async createTopic(addr: string, req: Parameters<RemotingPort['createTopic']>[1], opts?: CallOptions): Promise<void> {
    this.record('createTopic', addr, req, opts);
    if (this.overrides.createTopic) return this.overrides.createTopic(addr, req, opts);
  }

  nextUniqueId(): string {
    this.idCounter += 1;
    return `C0A8000A30391B6D3586${this.idCounter.toString(16).toUpperCase().padStart(12, '0')}`;
  }

  setHandlers(handlers: ClientRequestHandlers): void {
    this.record('setHandlers', undefined, handlers);
    this.handlers = handlers;
  }

  async close(): Promise<void> {
    this.record('close', undefined);
    this.closed = true;
  }
}

/** A 32-hex offset message id for `addr` (IPv4 + port) and a physical offset (shared/protocol §7.1). */
export function offsetMsgIdOf(addr: string, physicalOffset: number): string {
  const [host = '127.0.0.1', port = '10911'] = addr.split(':');
  const buf = Buffer.alloc(16);
  host.split('.').forEach((part, i) => buf.writeUInt8(Number(part) & 0xff, i));
  buf.writeInt32BE(Number(port), 4);
  buf.writeBigInt64BE(BigInt(physicalOffset), 8);
  return buf.toString('hex').toUpperCase();
}
