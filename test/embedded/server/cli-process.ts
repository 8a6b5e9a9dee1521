/** Runs `adapters/embedded/cli.ts` in a child process (as `npm run broker` does, through tsx) for the CLI tests. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const cli = join(repoRoot, 'adapters', 'embedded', 'cli.ts');

export interface CliProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Every stdout line so far. */
  readonly stdout: string[];
  /** stderr so far. */
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (rejects if the process exits first). */
  line(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runCli(args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line);
    for (const w of [...waiters]) {
      const m = w.pattern.exec(line);
      if (m !== null) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`cli exited (${code ?? signal}) before printing ${w.pattern}; stderr: ${stderr}`));
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout,
    stderr: () => stderr,
    exited,
    line(pattern) {
      for (const l of stdout) {
        const m = pattern.exec(l);
        if (m !== null) return Promise.resolve(m);
      }
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`cli already exited; stderr: ${stderr}`));
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}

/** Kills the child if it is still running (test cleanup). */
export async function stop(p: CliProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}
