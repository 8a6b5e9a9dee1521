/**
 * The layering rule, checked mechanically: imports flow `decorators → core ← adapters`.
 *
 * - `core/` imports nothing from `adapters/`, `decorators/`, `samples/` and no I/O module
 *   (`node:net`, `node:tls`, `node:fs`, `node:dgram`, `node:http(s)`, `node:child_process`).
 * - `adapters/` imports nothing from `decorators/` or `samples/`.
 * - `decorators/` imports nothing from `adapters/` (it reaches adapters only through injected factories
 *   wired at the composition root, `index.ts`) nor from `samples/`.
 * - `adapters/remoting/protocol/` is pure: no sockets, no files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const IO_MODULES = ['net', 'tls', 'fs', 'fs/promises', 'dgram', 'http', 'https', 'http2', 'child_process'];

function listTs(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(listTs(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec) found.push(spec);
  }
  return found;
}

function layerOf(root: string, absPath: string): string {
  const rel = relative(root, absPath).split(sep);
  if (rel[0] === 'adapters' && rel[1] === 'remoting' && rel[2] === 'protocol') return 'protocol';
  return rel[0] ?? '';
}

function isIo(spec: string): boolean {
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  return IO_MODULES.includes(bare);
}

export function checkImports(root: string): Violation[] {
  const violations: Violation[] = [];
  const layers = ['core', 'adapters', 'decorators'];
  for (const layer of layers) {
    for (const file of listTs(join(root, layer))) {
      const from = layerOf(root, file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const rel = relative(root, file);
        if (spec.startsWith('.')) {
          const to = layerOf(root, resolve(dirname(file), spec));
          const bad =
            (from === 'core' && to !== 'core') ||
            ((from === 'adapters' || from === 'protocol') && (to === 'decorators' || to === 'samples')) ||
            (from === 'protocol' && to === 'adapters') ||
            (from === 'decorators' && (to === 'adapters' || to === 'protocol' || to === 'samples'));
          if (bad) violations.push({ file: rel, specifier: spec, rule: `${from} must not import ${to}` });
        } else if ((from === 'core' || from === 'protocol') && isIo(spec)) {
          violations.push({ file: rel, specifier: spec, rule: `${from} does no I/O` });
        }
      }
    }
  }
  return violations;
}
