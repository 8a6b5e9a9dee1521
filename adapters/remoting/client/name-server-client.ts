import type { CallOptions, NameServerPort } from '../../../core/ports/broker-port.js';
import type { TopicRouteData } from '../../../core/ports/route.js';
import { isRocketMQError } from '../../../core/errors.js';
import { decodeTopicRouteData } from '../protocol/body/index.js';
import { RequestCode } from '../protocol/codes.js';
import type { RemotingCommand } from '../protocol/command.js';
import { encodeGetRouteInfoRequest } from '../protocol/headers/get-route-info.js';
import { RemotingClientError } from './errors.js';
import { expectCode } from './response-errors.js';
import type { Rpc } from './rpc.js';

/** Transport failures after which the next name server is tried; anything else (an answer, an abort) is final. */
const FAIL_OVER_KINDS: ReadonlySet<string> = new Set([
  'connect-failed',
  'connect-timeout',
  'connection-closed',
  'request-timeout',
  'write-failed',
  'protocol-error',
  'invalid-address',
]);

function failsOver(error: unknown): boolean {
  return isRocketMQError(error) && FAIL_OVER_KINDS.has(error.kind);
}

/**
 * GET_ROUTEINFO_BY_TOPIC against a list of name servers with fail-over: the first request goes to a random one, a
 * connection error or timeout moves on to the next (round the list once), and the one that answered is used first
 * next time. An unknown topic is a `BrokerResponseError` with code TOPIC_NOT_EXIST (17).
 */
export class NameServerClient implements NameServerPort {
  private current: number;

  constructor(
    private readonly rpc: Rpc,
    private readonly addresses: readonly string[],
    random: () => number,
  ) {
    this.current = addresses.length === 0 ? 0 : Math.floor(random() * addresses.length) % addresses.length;
  }

  async getRouteInfo(topic: string, opts?: CallOptions): Promise<TopicRouteData> {
    const command = this.rpc.command(RequestCode.GET_ROUTEINFO_BY_TOPIC, encodeGetRouteInfoRequest({ topic }));
    const { address, response } = await this.invokeAny(command, opts);
    expectCode(response, { address, requestCode: RequestCode.GET_ROUTEINFO_BY_TOPIC });
    return decodeTopicRouteData(response.body ?? Buffer.alloc(0));
  }

  /** Sends `command` to the current name server, failing over to the others on connection errors and timeouts. */
  private async invokeAny(command: RemotingCommand, opts?: CallOptions): Promise<{ address: string; response: RemotingCommand }> {
    const count = this.addresses.length;
    if (count === 0) throw new RemotingClientError('no-name-server', 'no name server address is configured', { code: command.code });
    const failures: { address: string; error: unknown }[] = [];
    for (let i = 0; i < count; i++) {
      const index = (this.current + i) % count;
      const address = this.addresses[index] as string;
      try {
        const response = await this.rpc.invoke(address, command, opts);
        this.current = index;
        return { address, response };
      } catch (error) {
        if (!failsOver(error)) throw error;
        failures.push({ address, error });
      }
    }
    throw unavailable(command.code, failures);
  }
}

function unavailable(code: number, failures: { address: string; error: unknown }[]): RemotingClientError {
  const addresses = failures.map((f) => f.address);
  const detail = failures.map((f) => `${f.address} (${isRocketMQError(f.error) ? f.error.kind : String(f.error)})`).join(', ');
  return new RemotingClientError('name-servers-unavailable', `no name server answered request code ${code}: ${detail}`, {
    code,
    addresses,
    errors: failures.map((f) => f.error),
  }, { cause: failures[failures.length - 1]?.error });
}
