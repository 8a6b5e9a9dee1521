import { RocketMQError } from '../../core/errors.js';

/** A command line the CLI cannot run; `context.flag` names the offending flag (or `command`). Exit status 2. */
export class UsageError extends RocketMQError {
  declare readonly kind: 'usage';

  constructor(message: string, context: { flag: string; value?: unknown }) {
    super('usage', message, context);
  }
}

/** `rocketmq-rx broker …` as parsed. */
export interface BrokerCommand {
  readonly command: 'broker';
  readonly host: string;
  readonly port: number;
  readonly dataDir: string | undefined;
  readonly queues: number;
  readonly brokers: number;
  readonly flush: 'sync' | 'async';
}

export type CliCommand = BrokerCommand | { readonly command: 'help' };

export const USAGE = `Usage: rocketmq-rx broker [--port 9876] [--host 127.0.0.1] [--data-dir DIR] [--queues 4] [--brokers 1] [--flush async|sync]

Runs a RocketMQ name server and broker in this process (real remoting protocol) until SIGINT/SIGTERM.
  --port N        port of the name server and first broker (0 = a free port; default 9876)
  --host H        interface to listen on (default 127.0.0.1, loopback)
  --data-dir DIR  keep messages, offsets and topics on disk under DIR (default: in memory)
  --queues N      queues of a topic created on first use (default 4)
  --brokers N     brokers registered with the name server (default 1; the others on free ports)
  --flush MODE    with --data-dir: async (periodic fsync, default) or sync (fsync before each acknowledgement)`;

type Flag = 'port' | 'host' | 'data-dir' | 'queues' | 'brokers' | 'flush';
const FLAGS: readonly Flag[] = ['port', 'host', 'data-dir', 'queues', 'brokers', 'flush'];

/** Parses the arguments after the program name; throws {@link UsageError} naming the flag that is wrong. */
export function parseArgs(argv: readonly string[]): CliCommand {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'broker') throw new UsageError(`unknown command "${command}" (expected "broker")`, { flag: 'command', value: command });
  const values = flagValues(rest);
  return {
    command: 'broker',
    host: values.get('host') ?? '127.0.0.1',
    port: integer(values, 'port', 9876, 0, 65535),
    dataDir: values.get('data-dir'),
    queues: integer(values, 'queues', 4, 1, 1024),
    brokers: integer(values, 'brokers', 1, 1, 26),
    flush: flushMode(values.get('flush')),
  };
}

function flagValues(args: readonly string[]): Map<Flag, string> {
  const values = new Map<Flag, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`, { flag: arg, value: arg });
    const eq = arg.indexOf('=');
    const name = (eq < 0 ? arg.slice(2) : arg.slice(2, eq)) as Flag;
    if (!FLAGS.includes(name)) throw new UsageError(`unknown flag --${name}`, { flag: `--${name}` });
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value.length === 0 || (eq < 0 && value.startsWith('--'))) {
      throw new UsageError(`flag --${name} needs a value`, { flag: `--${name}` });
    }
    if (values.has(name)) throw new UsageError(`flag --${name} given twice`, { flag: `--${name}`, value });
    values.set(name, value);
  }
  return values;
}

function integer(values: Map<Flag, string>, flag: Flag, fallback: number, min: number, max: number): number {
  const text = values.get(flag);
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`flag --${flag} must be an integer ${min}..${max}, got "${text}"`, { flag: `--${flag}`, value: text });
  return n;
}

function flushMode(text: string | undefined): 'sync' | 'async' {
  if (text === undefined) return 'async';
  if (text === 'async' || text === 'sync') return text;
  throw new UsageError(`flag --flush must be "async" or "sync", got "${text}"`, { flag: '--flush', value: text });
}
