import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkImports } from '../scripts/check-imports.js';

const root = join(import.meta.dirname, '..');

describe('import direction: decorators → core ← adapters', () => {
  it('holds for the whole tree', () => {
    expect(checkImports(root)).toEqual([]);
  });

  it('catches each kind of violation (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layers-'));
    const put = (p: string, s: string) => {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), s);
    };
    put('core/a.ts', "import { x } from '../adapters/b.js';\nimport net from 'node:net';\n");
    put('adapters/b.ts', "export { y } from '../decorators/c.js';\n");
    put('decorators/c.ts', "import '../adapters/b.js';\n");
    put('adapters/remoting/protocol/p.ts', "import { readFileSync } from 'fs';\nimport { t } from '../transport/t.js';\n");
    const rules = checkImports(dir).map((v) => `${v.file}: ${v.rule}`).sort();
    expect(rules).toEqual([
      'adapters/b.ts: adapters must not import decorators',
      'adapters/remoting/protocol/p.ts: protocol does no I/O',
      'adapters/remoting/protocol/p.ts: protocol must not import adapters',
      'core/a.ts: core does no I/O',
      'core/a.ts: core must not import adapters',
      'decorators/c.ts: decorators must not import adapters',
    ]);
  });
});
