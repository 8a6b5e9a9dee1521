/**
 * Benchmark entry point: `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object per
 * line and scenario; `--only <prefix>` runs the scenarios whose name starts with the prefix (e.g. `codec:`);
 * `--messages N` sizes the consumer backlog (default 10⁶), `--producer-messages N` the producer runs (default 10⁵).
 * Each suite file exports a `register…(registry, settings)` function; add yours to SUITES.
 */
import { registerBroker } from './broker.js';
import { registerCodec } from './codec.js';
import { registerConsumer } from './consumer.js';
import { createRegistry, report, type BenchRegistry, type BenchReport, type BenchSettings } from './harness.js';
import { registerProducer } from './producer.js';

const SUITES: ((registry: BenchRegistry, settings: BenchSettings) => void)[] = [registerCodec, registerProducer, registerConsumer, registerBroker];

interface Args {
  json: boolean;
  only: string[];
  settings: { messages?: number; producerMessages?: number };
}

function count(flag: string, text: string | undefined): number {
  const n = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1)) throw new Error(`${flag} needs a positive integer, got ${text}`);
  return n;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { json: false, only: [], settings: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') args.json = true;
    else if (a === '--only' && argv[i + 1] !== undefined) args.only.push(argv[++i] as string);
    else if (a.startsWith('--only=')) args.only.push(a.slice('--only='.length));
    else if (a === '--messages') args.settings.messages = count(a, argv[++i]);
    else if (a === '--producer-messages') args.settings.producerMessages = count(a, argv[++i]);
    else throw new Error(`unknown argument ${a} (use --json, --only <prefix>, --messages N, --producer-messages N)`);
  }
  return args;
}

function formatNumber(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}

function printTable(rows: readonly BenchReport[]): void {
  const cells = rows.map((r) => [r.scenario, r.unit, formatNumber(r.ours), formatNumber(r.peer), `${r.ratio.toFixed(2)}×`]);
  const header = ['scenario', 'unit', 'ours', 'peer', 'ours vs peer'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: readonly string[]) =>
    c.map((v, i) => (i === 0 || i === 1 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const registry = createRegistry();
  for (const register of SUITES) register(registry, args.settings);
  const selected = registry.scenarios.filter((s) => args.only.length === 0 || args.only.some((p) => s.name.startsWith(p)));
  const rows: BenchReport[] = [];
  for (const scenario of selected) {
    const row = report(scenario, await scenario.run());
    rows.push(row);
    if (args.json) console.log(JSON.stringify(row));
    else console.error(`done: ${scenario.name}`);
  }
  if (!args.json) printTable(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
