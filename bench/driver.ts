/**
 * Runs a benchmark driver (`bench/children/<name>.ts`) in its own Node.js process, so that its CPU and memory are
 * its own, resolving with the JSON of its `@@bench-result` line. Two ways to run the drivers:
 * - compiled ({@link compileDrivers}): `node <out>/bench/children/<name>.js`, JavaScript emitted by `tsc` as the
 *   package ships it — what the client suites use, so that our client runs as users run it (and as ali-ons does);
 * - through tsx (the default of {@link runDriver}): `node --import tsx bench/children/<name>.ts`. tsx keeps function
 *   names by wrapping every closure it creates (`__name`), which costs our closure-heavy send path 20–30 %.
 * For looking into a run:
 * - `BENCH_CPU_PROF=<dir>` adds `--cpu-prof --cpu-prof-dir=<dir>` to every driver;
 * - `BENCH_NODE_FLAGS="<flags>"` adds Node/V8 flags to every driver (e.g. `--trace-gc`), space-separated;
 * - `BENCH_CHILD_LOG=<prefix>` keeps each driver's standard output in `<prefix>-<driver>-<pid>.log` (where such
 *   flags print, next to the driver's result line).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULT_PREFIX } from './children/io.js';

/** The repository root (drivers run from there so that `tsx` resolves). */
export const REPO_ROOT = join(import.meta.dirname, '..');

/** The driver files under `bench/children/`. */
export type DriverName =
  | 'producer-ours'
  | 'producer-ali'
  | 'producer-floor'
  | 'producer-core'
  | 'producer-wire'
  | 'consumer-ours'
  | 'consumer-ali'
  | 'consumer-floor'
  | 'consumer-core'
  | 'prefill'
  | 'codec';

/** How drivers are started: the command line of one, and what to release afterwards. */
export interface DriverSet {
  readonly mode: 'compiled' | 'tsx';
  /** Node arguments that run `name` (before its input). */
  argsOf(name: DriverName): string[];
  /** Node arguments that run the embedded broker's CLI (`adapters/embedded/cli`, before its own arguments). */
  brokerArgs(): string[];
  /** Removes the compiled output, if any. */
  dispose(): Promise<void>;
}

/** The flags `BENCH_CPU_PROF` and `BENCH_NODE_FLAGS` ask for. */
function debugArgs(): string[] {
  const prof = process.env['BENCH_CPU_PROF'];
  const extra = (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  return [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), ...extra];
}

/** Node flags for a TypeScript child (plus those of `BENCH_CPU_PROF` and `BENCH_NODE_FLAGS`). */
export function nodeArgs(script: string): string[] {
  return [...debugArgs(), '--import', 'tsx', script];
}

/** The drivers run from their TypeScript sources through tsx. */
export const TSX_DRIVERS: DriverSet = Object.freeze({
  mode: 'tsx',
  argsOf: (name: DriverName) => nodeArgs(join(REPO_ROOT, 'bench', 'children', `${name}.ts`)),
  brokerArgs: () => nodeArgs(join(REPO_ROOT, 'adapters', 'embedded', 'cli.ts')),
  dispose: async () => undefined,
});

/**
 * Emits the drivers, the embedded broker's CLI and everything they import as JavaScript (`tsc --noCheck`, the
 * repository's compiler options) into a fresh directory under `node_modules/.cache/` (so that packages resolve from
 * the repository). Dispose of the set to remove it. A few seconds.
 */
export async function compileDrivers(): Promise<DriverSet> {
  const cacheRoot = join(REPO_ROOT, 'node_modules', '.cache');
  await mkdir(cacheRoot, { recursive: true });
  const dir = await mkdtemp(join(cacheRoot, 'rmqrx-bench-'));
  const out = join(dir, 'out');
  const tsconfig = {
    extends: join(REPO_ROOT, 'tsconfig.json'),
    compilerOptions: { noEmit: false, noCheck: true, declaration: false, sourceMap: false, outDir: out, rootDir: REPO_ROOT },
    include: [join(REPO_ROOT, 'bench', 'children', '*.ts'), join(REPO_ROOT, 'adapters', 'embedded', 'cli.ts')],
  };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  try {
    await runTsc(join(dir, 'tsconfig.json'));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    mode: 'compiled',
    argsOf: (name) => [...debugArgs(), join(out, 'bench', 'children', `${name}.js`)],
    brokerArgs: () => [...debugArgs(), join(out, 'adapters', 'embedded', 'cli.js')],
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** With `BENCH_CHILD_LOG` set, writes a driver's standard output to `<prefix>-<driver>-<pid>.log` (a failure is only reported). */
function keepOutput(name: DriverName, pid: number | undefined, stdout: string): void {
  const prefix = process.env['BENCH_CHILD_LOG'];
  if (!prefix) return;
  const file = `${prefix}-${name}-${pid ?? 'unknown'}.log`;
  writeFile(file, stdout).catch((error: unknown) => process.stderr.write(`could not keep the output of ${name} in ${file}: ${String(error)}\n`));
}

function runTsc(project: string): Promise<void> {
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const child = spawn(process.execPath, [tsc, '-p', project], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (s: string) => (output = (output + s).slice(-4_000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tsc could not emit the bench drivers (status ${code})\n${output}`))));
  });
}

/**
 * Runs `name` with `input` and resolves with its result; rejects when it exits without one (with the end of its
 * stderr), or when it runs longer than `timeoutMs` (it is killed then).
 */
export function runDriver<T>(name: DriverName, input: object, timeoutMs: number, drivers: DriverSet = TSX_DRIVERS): Promise<T> {
  const child = spawn(process.execPath, [...drivers.argsOf(name), JSON.stringify(input)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-4_000)));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench driver ${name} ran longer than ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      keepOutput(name, child.pid, stdout);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line !== undefined && code === 0) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
      else reject(new Error(`bench driver ${name} exited with ${signal ?? `status ${code}`} and ${line ? 'a result' : 'no result'}\n${stderr}`));
    });
  });
}
