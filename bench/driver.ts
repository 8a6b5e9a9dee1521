/**
 * Runs a benchmark driver (`bench/children/<name>.ts`) in its own Node.js process, so that its CPU and memory are
 * its own: `node --import tsx <driver> '<input JSON>'`, resolving with the JSON of its `@@bench-result` line.
 * `BENCH_CPU_PROF=<dir>` adds `--cpu-prof --cpu-prof-dir=<dir>` to every driver (for profiling a run).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { RESULT_PREFIX } from './children/io.js';

/** The repository root (drivers run from there so that `tsx` resolves). */
export const REPO_ROOT = join(import.meta.dirname, '..');

/** The driver files under `bench/children/`. */
export type DriverName = 'producer-ours' | 'producer-ali' | 'consumer-ours' | 'consumer-ali' | 'prefill';

/** Node flags for a TypeScript child (plus the CPU profiler when `BENCH_CPU_PROF` is set). */
export function nodeArgs(script: string): string[] {
  const prof = process.env['BENCH_CPU_PROF'];
  return [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--import', 'tsx', script];
}

/**
 * Runs `name` with `input` and resolves with its result; rejects when it exits without one (with the end of its
 * stderr), or when it runs longer than `timeoutMs` (it is killed then).
 */
export function runDriver<T>(name: DriverName, input: object, timeoutMs: number): Promise<T> {
  const script = join(REPO_ROOT, 'bench', 'children', `${name}.ts`);
  const child = spawn(process.execPath, [...nodeArgs(script), JSON.stringify(input)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line !== undefined && code === 0) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
      else reject(new Error(`bench driver ${name} exited with ${signal ?? `status ${code}`} and ${line ? 'a result' : 'no result'}\n${stderr}`));
    });
  });
}
