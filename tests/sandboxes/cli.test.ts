/** The step command line, run for real: a demo prints its trace; step 03 serves echo over TCP. */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { freePort } from '../../src/lib/free-port.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** Starts the CLI and resolves with the port from its "listening on" line. */
function startListening(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['src/cli/step.ts', ...args], { cwd: root });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

function echo(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(payload));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

describe('npm run step', () => {
  test.each(['01', '02', '03', '04', '05', '06'])('step %s prints a trace and exits 0', (id) => {
    const run = spawnSync(process.execPath, ['src/cli/step.ts', id], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+time\s+lane\s+event$/);
    expect(lines.length).toBeGreaterThan(5);
    // Every trace line has the aligned time column.
    expect(lines.slice(1).every((line) => /^\s*\d+(\.\d)?ms {2}\S/.test(line))).toBe(true);
  });

  test('runs are deterministic on the virtual network', () => {
    // Real work of 100 ms or more would move the clock; a loaded machine must not.
    const env = { ...process.env, TAL_REAL_WORK: '0' };
    const once = spawnSync(process.execPath, ['src/cli/step.ts', '6'], {
      cwd: root,
      encoding: 'utf8',
      env,
    });
    const twice = spawnSync(process.execPath, ['src/cli/step.ts', '06-coroutines'], {
      cwd: root,
      encoding: 'utf8',
      env,
    });
    expect(once.stdout).toBe(twice.stdout);
  });

  test('unknown steps and --listen on a step that does not serve fail with a message', () => {
    const unknown = spawnSync(process.execPath, ['src/cli/step.ts', '99'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/no step "99"/);
    const notServing = spawnSync(process.execPath, ['src/cli/step.ts', '01', '--listen', '0'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(notServing.status).not.toBe(0);
    expect(notServing.stderr).toMatch(/does not serve/);
  });

  test('step 03 --listen PORT echoes real TCP on that port', async () => {
    const wanted = await freePort();
    const { port } = await startListening(['03', '--listen', String(wanted)]);
    expect(port).toBe(wanted);
    const small = await echo(port, Buffer.from('hello over real TCP\n'));
    expect(small.toString()).toBe('hello over real TCP\n');
    // Large enough to need several reads, writes and WRITE-readiness waits.
    const big = Buffer.alloc(3 << 20, 0);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const [a, b] = await Promise.all([echo(port, big), echo(port, Buffer.from('second client'))]);
    expect(a.equals(big)).toBe(true);
    expect(b.toString()).toBe('second client');
  });

  test('--listen 0 picks a free port and reports it', async () => {
    const { port } = await startListening(['03', '--listen', '0']);
    expect(port).toBeGreaterThan(0);
    expect((await echo(port, Buffer.from('x'))).toString()).toBe('x');
  });
});
