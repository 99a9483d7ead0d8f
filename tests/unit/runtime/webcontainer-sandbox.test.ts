/** The WebContainer runtime, run for real through a faithful fake: the files the page hands it, the harness the command line runs. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stepBundle } from '../../../src/lib/content/step-bundle.ts';
import { ChecksStopped, type TestOutcome } from '../../../src/lib/runtime/sandbox.ts';
import {
  missingImports,
  ROOT,
  toTree,
  WebContainerSandbox,
} from '../../../src/lib/runtime/webcontainer-sandbox.ts';
import { FakeWebContainer } from './fake-webcontainer.ts';
import { freePort } from '../../../src/lib/free-port.ts';

const containers: FakeWebContainer[] = [];
afterEach(() => {
  for (const container of containers.splice(0)) container.teardown();
});

/**
 * A booted container and a sandbox over it, given what the workspace gives them: the bundle's
 * browser template to the constructor (as `RuntimeManager.pick`) and the template plus the step's
 * files (and checks, for a check run) to `mount`.
 */
async function setup(step: string, extra: Record<string, string> = {}, withChecks = false) {
  const container = new FakeWebContainer();
  containers.push(container);
  const bundle = stepBundle(step);
  const sandbox = new WebContainerSandbox(container, bundle.template);
  await sandbox.mount({
    ...bundle.template,
    ...bundle.files,
    ...(withChecks ? bundle.checks : {}),
    ...extra,
  });
  let output = '';
  const listener = { output: (text: string) => void (output += text) };
  return { container, bundle, sandbox, listener, output: () => output };
}

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['src/cli/step.ts', ...args], { encoding: 'utf8' });

describe('WebContainerSandbox builds what it mounts', () => {
  it('builds a file tree with ESM imports rewritten to .js', () => {
    const tree = toTree({ '01-a/main.ts': `import { x } from '../_template/p.ts';` });
    expect(tree['package.json']).toBeDefined();
    const dir = tree['01-a'];
    expect(dir && 'directory' in dir && dir.directory['main.js']).toEqual({
      file: { contents: `import { x } from '../_template/p.js';` },
    });
  });

  it('names every import reachable from the entry that is not there, with its line', () => {
    const modules = {
      '01-a/main.ts': `import './b.ts';\nimport { x } from '../_template/gone.ts';`,
      '01-a/b.ts': `export {};\nawait import('../_template/node-bridge.ts');`,
      '01-a/unused.ts': `import './nowhere.ts';`,
    };
    const notMounted = (file: string, line: number, target: string) => ({
      file,
      line,
      column: 1,
      message: `imports ${target}, which is not mounted`,
    });
    expect(missingImports(modules, ['01-a/main.ts'])).toEqual([
      notMounted('01-a/main.ts', 2, '_template/gone.ts'),
      notMounted('01-a/b.ts', 2, '_template/node-bridge.ts'),
    ]);
  });
});

describe('WebContainerSandbox through a faithful fake WebContainer', () => {
  it('runs a demo with the command line harness: same output, exit 0', async () => {
    const { container, sandbox, listener, output } = await setup('02-timers');
    const result = await sandbox.run({ entry: '02-timers/main.ts', mode: 'demo' }, listener);
    expect(result).toMatchObject({ runtime: 'webcontainer', exitCode: 0, compileErrors: [] });
    expect(container.spawned).toEqual([['node', '_template/run.js', '02-timers/main.js']]);
    // What ran is what was mounted: the harness is the compiled _template/run.ts.
    expect(existsSync(join(container.workdir, ROOT, '_template/run.js'))).toBe(true);
    expect(output()).toBe(cli('02').stdout);
  });

  it("runs step 10's executor on worker_threads in the container: same output as the CLI", async () => {
    const { sandbox, listener, output } = await setup('10-execution-order');
    const result = await sandbox.run(
      { entry: '10-execution-order/main.ts', mode: 'demo' },
      listener,
    );
    expect(result.exitCode, output()).toBe(0);
    expect(output()).toContain('response A 200 offloaded done');
    expect(output()).toBe(cli('10').stdout);
  });

  it('reports a step that throws with exit 1 and the message the command line prints', async () => {
    const { sandbox, listener, output } = await setup('01-callbacks', {
      '01-callbacks/main.ts': `throw new Error('boom');\nexport {};\n`,
    });
    const result = await sandbox.run({ entry: '01-callbacks/main.ts', mode: 'demo' }, listener);
    expect(result.exitCode).toBe(1);
    expect(output()).toMatch(/^01-callbacks failed: Error: boom/);
  });

  it("runs a step's checks through the harness and returns each outcome", async () => {
    const { container, bundle, sandbox, listener, output } = await setup('02-timers', {}, true);
    const checks = Object.keys(bundle.checks);
    const outcomes = await sandbox.test(checks, listener);
    expect(outcomes.length).toBeGreaterThan(3);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(container.spawned[0]?.slice(0, 3)).toEqual(['node', '_template/run.js', '--check']);
    expect(output()).toContain(`${outcomes.length}/${outcomes.length} passed`);
    // The very same harness, from the command line.
    expect(cli('02', '--check').stdout).toBe(output());
  });

  it('keeps expected and actual of a failing check, and says which file did not load', async () => {
    const failing = `import { assert, test } from '../../_template/testing.ts';
test('adds', () => assert.deepEqual([1 + 1], [3], 'sum'));
`;
    const { sandbox, listener } = await setup('02-timers', {
      '02-timers/check/fails.test.ts': failing,
      '02-timers/check/broken.test.ts': `throw new Error('cannot load');\nexport {};\n`,
    });
    const outcomes: TestOutcome[] = await sandbox.test(['02-timers/check/fails.test.ts'], listener);
    expect(outcomes).toEqual([
      { name: 'adds', ok: false, message: 'sum', expected: [3], actual: [2], view: 'value' },
    ]);
    const broken = await sandbox.test(['02-timers/check/broken.test.ts'], listener);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ name: 'tests', ok: false });
    expect(broken[0]?.message).toMatch(/broken\.test\.js failed to load: Error: cannot load/);
  });

  it('serves step 09 over real TCP: listening comes from server-ready, and HTTP gets answers', async () => {
    const { container, sandbox, listener, output } = await setup('09-serving');
    const port = await freePort();
    const opened: string[] = [];
    container.on('port', (p, type) => opened.push(`${p} ${type}`));
    let listening!: (port: number) => void;
    const heard = new Promise<number>((resolve) => (listening = resolve));
    // The preview frame gets the container's URL for the served port.
    const previews: string[] = [];
    const unwatch = sandbox.onPreview((url) => previews.push(url));
    const running = sandbox.run(
      { entry: '09-serving/main.ts', mode: 'serve', port },
      { ...listener, listening },
    );
    // A server that ends before it listens fails here at once, showing how it ended.
    expect(await Promise.race([heard, running]), output()).toBe(port);
    expect(container.spawned[0]).toEqual([
      'node',
      '_template/run.js',
      '09-serving/main.js',
      '--listen',
      String(port),
    ]);
    // The request panel's path: raw bytes through a client process in the container.
    const raw = new TextEncoder().encode('GET /hello/web HTTP/1.1\r\nHost: lab\r\n\r\n');
    const reply = new TextDecoder().decode(await sandbox.request(raw, port));
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply).toMatch(/\r\n\r\nHello, web$/);
    // And any HTTP client on the machine.
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toBe('Hello, world');
    expect(output()).toContain(`listening on http://127.0.0.1:${port}`);
    expect(previews).toHaveLength(1);
    expect(previews[0]).toContain(String(port));
    unwatch();
    sandbox.stop();
    expect((await running).exitCode).toBeNull();
    expect(opened).toEqual([`${port} open`, `${port} close`]);
  });

  it('reports missing imports as compile errors without starting node', async () => {
    const { container, sandbox, listener } = await setup('01-callbacks', {
      '01-callbacks/main.ts': `import { gone } from './gone.ts';\ngone();\n`,
    });
    const result = await sandbox.run({ entry: '01-callbacks/main.ts', mode: 'demo' }, listener);
    expect(result.exitCode).toBe(1);
    expect(result.compileErrors).toEqual([
      {
        file: '01-callbacks/main.ts',
        line: 1,
        column: 1,
        message: 'imports 01-callbacks/gone.ts, which is not mounted',
      },
    ]);
    expect(container.spawned).toEqual([]);
  });

  it('reports syntax errors without starting node', async () => {
    const { container, sandbox, listener } = await setup('01-callbacks', {
      '01-callbacks/main.ts': 'const = 1;',
    });
    const result = await sandbox.run({ entry: '01-callbacks/main.ts', mode: 'demo' }, listener);
    expect(result.compileErrors[0]).toMatchObject({ file: '01-callbacks/main.ts', line: 1 });
    expect(container.spawned).toEqual([]);
  });

  it('stop() ends a run that would never end', async () => {
    const { sandbox, listener, output } = await setup('01-callbacks', {
      '01-callbacks/main.ts': `console.log('spinning');\nsetInterval(() => {}, 1000);\nexport {};\n`,
    });
    const running = sandbox.run({ entry: '01-callbacks/main.ts', mode: 'demo' }, listener);
    for (let i = 0; i < 200 && !output().includes('spinning'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    sandbox.stop();
    expect((await running).exitCode).toBeNull();
  });

  it('stop() during checks rejects with ChecksStopped: a stopped run is no result', async () => {
    const { sandbox, listener, output } = await setup('02-timers', {
      '02-timers/check/spins.test.ts': `import { test } from '../../_template/testing.ts';
console.log('spinning');
test('never ends', () => new Promise<void>(() => setInterval(() => {}, 1000)));
`,
    });
    const checking = sandbox.test(['02-timers/check/spins.test.ts'], listener);
    for (let i = 0; i < 500 && !output().includes('spinning'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    sandbox.stop();
    await expect(checking).rejects.toBeInstanceOf(ChecksStopped);
  });
});

describe('the fake keeps to the WebContainer API', () => {
  it('mount() refuses a mount point that does not exist, as WebContainer does', async () => {
    const container = new FakeWebContainer();
    containers.push(container);
    const tree = { 'a.txt': { file: { contents: 'a' } } };
    await expect(container.mount(tree, { mountPoint: 'missing' })).rejects.toThrow(/missing/);
    mkdirSync(join(container.workdir, 'here'));
    await container.mount(tree, { mountPoint: 'here' });
    expect(await container.fs.readFile('/here/a.txt', 'utf-8')).toBe('a');
  });

  it('spawn() runs exactly the command given, merges stdout and stderr, and reports exit codes', async () => {
    const container = new FakeWebContainer();
    containers.push(container);
    const proc = await container.spawn('node', [
      '-e',
      `process.stdout.write('out '); process.stderr.write('err'); process.exit(3)`,
    ]);
    let text = '';
    await proc.output.pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) }));
    expect(await proc.exit).toBe(3);
    expect(text.split(' ').sort()).toEqual(['err', 'out']);
    const missing = await container.spawn('no-such-command');
    expect(await missing.exit).toBe(127);
  });

  it('server-ready fires when the process really listens, not when it says so', async () => {
    const container = new FakeWebContainer();
    containers.push(container);
    const ready: number[] = [];
    container.on('server-ready', (port) => ready.push(port));
    const proc = await container.spawn('node', [
      '-e',
      `console.log('listening soon');
       setTimeout(() => require('node:net').createServer().listen(0, '127.0.0.1'), 300);
       setTimeout(() => process.exit(0), 600);`,
    ]);
    await new Promise((r) => setTimeout(r, 150));
    expect(ready).toEqual([]);
    await proc.exit;
    expect(ready).toHaveLength(1);
    expect(ready[0]).toBeGreaterThan(0);
  });
});
