import { describe, expect, it } from 'vitest';
import { compileAll, resolveSpecifier, rewriteImports } from '../../../src/lib/runtime/compile.ts';

describe('compileAll', () => {
  it('strips types and keeps the code', () => {
    const out = compileAll({
      '01-a/x.ts': 'export const n: number = 1;\ninterface I { a: string }',
    });
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.modules['01-a/x.ts']).toContain('export const n = 1;');
  });

  it('locates syntax errors by file and line', () => {
    const out = compileAll({
      '01-a/ok.ts': 'export {};',
      '01-a/bad.ts': 'const a = 1;\nconst = 2;',
    });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.errors).toHaveLength(1);
      expect(out.errors[0]).toMatchObject({ file: '01-a/bad.ts', line: 2 });
    }
  });
});

describe('module linking', () => {
  it('resolves relative specifiers', () => {
    expect(resolveSpecifier('02-t/main.ts', './ioloop.ts')).toBe('02-t/ioloop.ts');
    expect(resolveSpecifier('02-t/main.ts', '../_template/platform.ts')).toBe(
      '_template/platform.ts',
    );
  });

  it('rewrites static, re-export and dynamic imports but not other strings', () => {
    const code = `import { a } from './a.ts';\nexport { b } from "../_template/b.ts";\nimport './side.ts';\nconst c = await import('./c.ts');\nconst s = 'from nowhere';`;
    const seen: string[] = [];
    rewriteImports('01-x/main.ts', code, (target) => {
      seen.push(target);
      return target;
    });
    expect(seen).toEqual(['01-x/a.ts', '_template/b.ts', '01-x/side.ts', '01-x/c.ts']);
  });

  it('rewrites imports to the names it is given', () => {
    expect(rewriteImports('01-x/m.ts', `import { a } from './a.ts';`, (p) => `blob:${p}`)).toBe(
      `import { a } from 'blob:01-x/a.ts';`,
    );
  });
});
