/** The peer's clients as the drivers build them: typed handles on `ali-ons`'s Producer and push Consumer. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `ali-ons`'s Message: `new Message(topic, tags, body)`. */
export interface AliMessage {
  readonly topic: string;
  body: Buffer;
}

export interface AliMessageClass {
  new (topic: string, tags: string, body: Buffer): AliMessage;
}

/** `ali-ons`'s producer (an sdk-base object: `ready()` resolves once started). */
export interface AliProducer {
  ready(): Promise<void>;
  send(message: AliMessage): Promise<{ sendStatus: string; msgId: string }>;
  close(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}

/** `ali-ons`'s push consumer; `subscribe` needs an `async function` handler (it checks). */
export interface AliConsumer {
  ready(): Promise<void>;
  subscribe(topic: string, expression: string, handler: (message: AliMessage) => Promise<void>): void;
  close(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}

interface AliOnsModule {
  Message: AliMessageClass;
  Producer: new (options: Record<string, unknown>) => AliProducer;
  Consumer: new (options: Record<string, unknown>) => AliConsumer;
}

const aliOns = require('ali-ons') as AliOnsModule;

export const AliMessage = aliOns.Message;

/** With `nameSrv` given, ali-ons never fetches its name-server list over HTTP; it still insists on a client. */
const NO_HTTP = {
  request(url: string): Promise<never> {
    return Promise.reject(new Error(`bench: ali-ons was not expected to fetch ${url}`));
  },
};

/** ali-ons logs warnings and errors with `console`; the drivers report them on stderr, never on stdout. */
const STDERR_LOGGER = {
  info: () => undefined,
  debug: () => undefined,
  warn: (...args: unknown[]) => console.error(...args),
  error: (...args: unknown[]) => console.error(...args),
};

/** An ali-ons producer with its defaults, on `nameServer`. */
export function aliProducer(nameServer: string, group: string): AliProducer {
  return new aliOns.Producer({ nameSrv: nameServer, httpclient: NO_HTTP, producerGroup: group, logger: STDERR_LOGGER });
}

/** An ali-ons push consumer reading from the first offset, on `nameServer`; `options` override its defaults. */
export function aliConsumer(nameServer: string, group: string, options: Record<string, unknown> = {}): AliConsumer {
  return new aliOns.Consumer({
    nameSrv: nameServer,
    httpclient: NO_HTTP,
    consumerGroup: group,
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    logger: STDERR_LOGGER,
    ...options,
  });
}
