import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserTemplate } from '../../../src/lib/content/step-bundle.ts';
import { compileAll } from '../../../src/lib/runtime/compile.ts';
import { ModuleLoader } from '../../../src/lib/runtime/module-loader.ts';

function compile(files: Record<string, string>) {
  const out = compileAll(files, 'cjs');
  if (!out.ok) throw new Error(JSON.stringify(out.errors));
  return out.modules;
}

describe('ModuleLoader', () => {
  it('runs modules with cycles, live bindings and top-level await', async () => {
    const modules = compile({
      'a.ts': `import { b } from './b.ts';\nexport let count = 0;\nexport function bump(): number { return ++count + b(); }`,
      'b.ts': `import { count } from './a.ts';\nexport const b = (): number => count * 10;`,
      'main.ts': `import { bump, count } from './a.ts';\nawait Promise.resolve();\nexport const seen = [bump(), count];`,
    });
    const main = new ModuleLoader(modules).load('main.ts');
    await main.done;
    expect((main.exports as { seen: number[] }).seen).toEqual([11, 1]);
  });

  it('names a missing import and keeps syntax errors as errors', () => {
    expect(() => new ModuleLoader(compile({ 'm.ts': `import './gone.ts';` })).load('m.ts')).toThrow(
      'm.ts imports gone.ts, which does not exist',
    );
    expect(() => new ModuleLoader({ 'x.ts': 'const = 1' }).load('x.ts')).toThrow(SyntaxError);
  });

  it('runs a real step with its template, as the Worker runtime does', async () => {
    const root = 'content/sandboxes';
    const files: Record<string, string> = browserTemplate(root);
    for (const name of readdirSync(`${root}/02-timers`).filter((n) => n.endsWith('.ts'))) {
      files[`02-timers/${name}`] = readFileSync(`${root}/02-timers/${name}`, 'utf8');
    }
    const modules = compile(files);
    const loader = new ModuleLoader(modules);
    const printed: string[] = [];
    const { setPlatform } = loader.load('_template/platform.ts').exports as {
      setPlatform: (p: unknown) => void;
    };
    const { VirtualPlatform } = loader.load('_template/virtual-net.ts').exports as {
      VirtualPlatform: new (o: object) => unknown;
    };
    setPlatform(new VirtualPlatform({ print: (line: string) => printed.push(line) }));
    await loader.load('02-timers/main.ts').done;
    expect(printed.length).toBeGreaterThan(3);
    expect(printed.join('\n')).toMatch(/timer/i);
  });
});
