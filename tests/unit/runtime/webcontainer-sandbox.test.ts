import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSystemTree, WebContainerProcess } from '@webcontainer/api';
import { afterAll, describe, expect, it } from 'vitest';
import type { Container } from '../../../src/lib/runtime/webcontainer-adapter.ts';
import {
  harness,
  toTree,
  WebContainerSandbox,
} from '../../../src/lib/runtime/webcontainer-sandbox.ts';

const work = mkdtempSync(join(tmpdir(), 'tal-wc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeTree(dir: string, tree: FileSystemTree): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, node] of Object.entries(tree)) {
    if ('directory' in node) writeTree(join(dir, name), node.directory);
    else if ('file' in node && 'contents' in node.file)
      writeFileSync(join(dir, name), node.file.contents);
  }
}

/**
 * A stand-in for a booted WebContainer with the library's own typings: `mount` writes the tree to
 * disk and `spawn` runs real Node on it, so the compiled step, the harness and the Node bridge run
 * for real; only StackBlitz's hosting is absent.
 */
function nodeBackedContainer(): Container & { spawned: string[][] } {
  const spawned: string[][] = [];
  const container = {
    spawned,
    mount: (tree: FileSystemTree | Uint8Array | ArrayBuffer, options?: { mountPoint?: string }) => {
      writeTree(join(work, options?.mountPoint ?? ''), tree as FileSystemTree);
      return Promise.resolve();
    },
    spawn: (command: string, args: string[] | object, options?: { cwd?: string }) => {
      const argv = Array.isArray(args) ? (args as string[]) : [];
      spawned.push([command, ...argv]);
      const child = spawn(command, argv, { cwd: join(work, options?.cwd ?? '') });
      const output = new ReadableStream<string>({
        start(controller) {
          child.stdout.on('data', (chunk: Buffer) => controller.enqueue(chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => controller.enqueue(chunk.toString()));
          child.on('close', () => controller.close());
        },
      });
      const exit = new Promise<number>((resolve) =>
        child.on('close', (code) => resolve(code ?? 1)),
      );
      const process: WebContainerProcess = {
        output,
        exit,
        input: new WritableStream<string>(),
        kill: () => void child.kill('SIGKILL'),
        resize: () => undefined,
      };
      return Promise.resolve(process);
    },
    on: () => () => undefined,
  };
  return container as unknown as Container & { spawned: string[][] };
}

function stepSources(step: string): {
  files: Record<string, string>;
  nodeOnly: Record<string, string>;
} {
  const root = 'content/sandboxes';
  const files: Record<string, string> = {};
  const nodeOnly: Record<string, string> = {};
  for (const name of readdirSync(`${root}/_template`).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(`${root}/_template/${name}`, 'utf8');
    (/from ['"]node:/.test(text) ? nodeOnly : files)[`_template/${name}`] = text;
  }
  for (const name of readdirSync(`${root}/${step}`).filter((n) => n.endsWith('.ts'))) {
    files[`${step}/${name}`] = readFileSync(`${root}/${step}/${name}`, 'utf8');
  }
  return { files, nodeOnly };
}

describe('WebContainerSandbox (against a Node-backed fake with the real typings)', () => {
  it('builds a file tree with ESM imports rewritten to .js', () => {
    const tree = toTree({ '01-a/main.ts': `import { x } from '../_template/p.ts';` });
    expect(tree['package.json']).toBeDefined();
    const dir = tree['01-a'];
    expect(dir && 'directory' in dir && dir.directory['main.js']).toEqual({
      file: { contents: `import { x } from '../_template/p.js';` },
    });
    expect(harness('01-a/main.ts')).toContain(`await import('./01-a/main.js');`);
  });

  it('runs a step demo with node and streams its output', async () => {
    const container = nodeBackedContainer();
    const { files, nodeOnly } = stepSources('02-timers');
    const sandbox = new WebContainerSandbox(container, nodeOnly);
    await sandbox.mount(files);
    let output = '';
    const result = await sandbox.run(
      { entry: '02-timers/main.ts', mode: 'demo' },
      { output: (t) => (output += t) },
    );
    expect(result).toMatchObject({ runtime: 'webcontainer', exitCode: 0, compileErrors: [] });
    expect(container.spawned[0]).toEqual(['node', 'run.js']);
    expect(output).toMatch(/timer/);
  });

  it('serves a step over real TCP and answers the request panel with raw bytes', async () => {
    const container = nodeBackedContainer();
    const { files, nodeOnly } = stepSources('03-io-handlers');
    const sandbox = new WebContainerSandbox(container, nodeOnly);
    await sandbox.mount(files);
    let output = '';
    const port = 20000 + Math.floor(Math.random() * 20000);
    const running = sandbox.run(
      { entry: '03-io-handlers/main.ts', mode: 'serve', port },
      { output: (t) => (output += t) },
    );
    for (let i = 0; i < 100 && !output.includes('listening'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain(`listening on http://127.0.0.1:${port}`);
    const reply = await sandbox.request(new TextEncoder().encode('ping\n'), port);
    expect(new TextDecoder().decode(reply)).toBe('ping\n');
    sandbox.stop();
    expect((await running).exitCode).toBeNull();
  });

  it('reports the server-ready port as listening, during its serve run only', async () => {
    const ready: ((port: number, url: string) => void)[] = [];
    let kill = () => undefined as void;
    const container = {
      mount: () => Promise.resolve(),
      spawn: () => {
        const exit = new Promise<number>((resolve) => (kill = () => resolve(137)));
        const process: WebContainerProcess = {
          output: new ReadableStream<string>({ start: (c) => void exit.then(() => c.close()) }),
          exit,
          input: new WritableStream<string>(),
          kill,
          resize: () => undefined,
        };
        return Promise.resolve(process);
      },
      on: (event: string, fn: (port: number, url: string) => void) => {
        if (event === 'server-ready') ready.push(fn);
        return () => void ready.splice(ready.indexOf(fn), 1);
      },
    } as unknown as Container;
    const sandbox = new WebContainerSandbox(container, {});
    await sandbox.mount({ '09-x/main.ts': 'export const x = 1;' });
    const heard: number[] = [];
    const running = sandbox.run(
      { entry: '09-x/main.ts', mode: 'serve', port: 3000 },
      { output: () => undefined, listening: (port) => heard.push(port) },
    );
    for (let i = 0; i < 100 && ready.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(heard).toEqual([]);
    for (const fn of [...ready]) fn(3000, 'https://preview.example/');
    expect(heard).toEqual([3000]);
    sandbox.stop();
    expect((await running).exitCode).toBeNull();
    expect(ready).toEqual([]);
  });

  it('reports compile errors without starting node', async () => {
    const container = nodeBackedContainer();
    const sandbox = new WebContainerSandbox(container, {});
    await sandbox.mount({ '01-a/main.ts': 'const = 1;' });
    const result = await sandbox.run(
      { entry: '01-a/main.ts', mode: 'demo' },
      { output: () => undefined },
    );
    expect(result.compileErrors[0]).toMatchObject({ file: '01-a/main.ts', line: 1 });
    expect(container.spawned).toEqual([]);
  });
});
