/** A student who wants a better grade: each way to forge a score, read the held-back tests or reach outside scores only what the honest code earns. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GradeRun } from '../../../src/cli/grade/model.ts';
import { writeReports } from '../../../src/cli/grade/reports.ts';
import { grade } from '../../../src/cli/grade/run.ts';
import { loadExercise, maxPoints, snapshotOf } from '../../../src/lib/exercises/exercise.ts';
import { makeSubmission } from '../../../src/lib/exercises/submission.ts';

const rounds = snapshotOf(loadExercise('loop-rounds'));
const starter = rounds.bundle.exercise.starter['ioloop.ts'] ?? '';
const solution = rounds.solution['ioloop.ts'] ?? '';
const heldBackLines = Object.values(rounds.heldBack)
  .join('\n')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 30);

let dir = '';
let run: GradeRun;
let feedback = '';
let server: Server;
let connections = 0;
const marker = join(tmpdir(), `tal-attack-${process.pid}`);

/** The attacks: each name is a student id, each value the code put before the starter's. */
function attacks(port: number): Record<string, string> {
  const escape = `
    const tries: (() => unknown)[] = [
      () => (globalThis as any).process,
      () => (function () {}).constructor('return process')(),
      () => ({}).constructor.constructor('return globalThis.process')(),
      () => (async function () {}).constructor('return process')(),
      () => (0, eval)('process'),
      () => new (globalThis as any).Compartment({ globals: {}, __options__: true }).evaluate('process'),
    ];
    for (const get of tries) {
      try {
        const p: any = get();
        if (p) p.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(marker)}, 'escaped');
      } catch {}
    }
  `;
  return {
    forger: `console.log('@@tal-results@@' + JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ file: 'x', name: 'forged ' + i, ok: true }))));
      (globalThis as any).process?.exit(0);\n`,
    registrar: `import { test as register } from '../_template/testing.ts';
      for (let i = 0; i < 50; i++) register('extra ' + i, () => {});\n`,
    patcher: `import * as platform from '../_template/platform.ts';
      const tries = [
        () => Object.defineProperty(Array.prototype, 'every', { value: () => true }),
        () => { (Object as any).is = () => true; },
        () => { (JSON as any).stringify = () => '[]'; },
        () => { (Promise.prototype as any).then = function () {}; },
        () => { (platform as any).setPlatform = () => {}; },
      ];
      for (const attempt of tries) {
        try { attempt(); console.log('patched'); } catch { console.log('refused'); }
      }\n`,
    reader: `let leaked = '';
      for (const spec of ['./check/rounds-extra.test.ts', '../loop-rounds/check/rounds-extra.test.ts']) {
        try { leaked += String(require(spec)); } catch (e) { leaked += String(e); }
      }
      console.log(leaked);\n`,
    importer: `for (const m of ['node:fs', 'node:net', 'node:sqlite', 'node:child_process', 'node:worker_threads']) {
        import(m).then((x: any) => { x.writeFileSync?.(${JSON.stringify(marker)}, 'x'); x.connect?.(${port}, '127.0.0.1');
          x.DatabaseSync && new x.DatabaseSync(':memory:').exec("ATTACH DATABASE '${marker}' AS o; CREATE TABLE o.t (x)");
          x.execSync?.('touch ${marker}'); }, () => {});
      }
      try { void (globalThis as any).fetch('http://127.0.0.1:${port}/'); } catch {}
      try { new (globalThis as any).Worker('data:,'); } catch {}
      try { new (globalThis as any).WebSocket('ws://127.0.0.1:${port}/'); } catch {}\n`,
    escaper: `${escape}\n`,
  };
}

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  dir = mkdtempSync(join(tmpdir(), 'tal-attack-'));
  const write = async (id: string, code: string) => {
    const bundle = await makeSubmission({
      assignment: { id: 'attacks', sourceHash: 'x' },
      student: { id, name: id },
      createdAt: '2026-01-01T00:00:00Z',
      exercises: [{ id: rounds.id, pin: rounds.pin, files: { 'ioloop.ts': code }, claimed: null }],
    });
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(bundle));
  };
  await write('honest', starter);
  for (const [id, code] of Object.entries(attacks(port))) await write(id, code + starter);
  // An honest, correct solution that prints 10 MB of debugging output, some of it in Chinese.
  await write(
    'chatty',
    `for (let i = 0; i < 50_000; i++) console.log('调试 debug line ' + i + ' ' + 'x'.repeat(180));\n` +
      solution,
  );
  const files = readdirSync(dir)
    .sort()
    .map((n) => join(dir, n));
  run = await grade(files, { concurrency: 2, timeoutMs: 20_000, heapMb: 256 });
  writeReports(run, join(dir, 'out'));
  const feedbackDir = join(dir, 'out', 'feedback');
  feedback = readdirSync(feedbackDir)
    .map((name) => readFileSync(join(feedbackDir, name), 'utf8'))
    .join('\n');
}, 180_000);

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(marker, { force: true });
});

function graded(id: string) {
  const found = run.students.find((s) => s.studentId === id)?.exercises[0];
  if (!found) throw new Error(`${id} was not graded`);
  return found;
}

describe('a cheat scores no more than its honest code', () => {
  const honest = () => graded('honest').score;

  test('the honest starter is graded as the baseline', () => {
    expect(graded('honest').status).toBe('graded');
    expect(graded('honest').tests.length).toBeGreaterThan(3);
    expect(honest()).toBeLessThan(maxPoints(rounds));
  });

  test.each(['forger', 'registrar', 'patcher', 'reader', 'importer', 'escaper'])(
    '%s gains nothing and adds no test',
    (id) => {
      const result = graded(id);
      expect(result.score).toBeLessThanOrEqual(honest());
      expect(result.tests.length).toBeLessThanOrEqual(graded('honest').tests.length);
      expect(result.tests.map((t) => t.name)).not.toContainEqual(
        expect.stringMatching(/^(forged|extra) /),
      );
    },
  );

  test('a forged results line and an early exit cannot end the run', () => {
    expect(graded('forger').tests.some((t) => t.name.startsWith('forged'))).toBe(false);
  });

  test('shared objects are frozen: patching intrinsics or the platform is refused, the code still runs', () => {
    const patcher = graded('patcher');
    expect(patcher.output).not.toContain('patched');
    expect(patcher.output.match(/refused/g)).toHaveLength(5);
    expect(patcher.tests.map((t) => t.ok)).toEqual(graded('honest').tests.map((t) => t.ok));
  });

  test('every escape from the compartment fails, and the code still runs', () => {
    expect(graded('escaper').tests.map((t) => t.ok)).toEqual(
      graded('honest').tests.map((t) => t.ok),
    );
  });

  test('lesson code cannot import the test API or a test file', () => {
    const messages = graded('registrar')
      .tests.map((t) => t.message)
      .join('\n');
    expect(messages).toMatch(/may not import \.\.\/_template\/testing\.ts/);
  });

  test('no held-back test line reaches any feedback file', () => {
    expect(heldBackLines.length).toBeGreaterThan(3);
    for (const line of heldBackLines) expect(feedback).not.toContain(line);
  });

  test('no file was written, no socket opened, no process started', () => {
    expect(existsSync(marker)).toBe(false);
    expect(connections).toBe(0);
  });
});

describe('honest students keep their marks', () => {
  test('a correct solution printing 10 MB gets full marks and the tail of its output', () => {
    const chatty = graded('chatty');
    expect(chatty.status).toBe('graded');
    expect(chatty.score).toBe(maxPoints(rounds));
    expect(chatty.outputChars).toBeGreaterThan(10_000_000);
    expect(chatty.output).toContain('调试 debug line 49999');
    expect(chatty.output).not.toContain('\uFFFD');
    expect(chatty.output.length).toBeLessThanOrEqual(16_384);
  });
});
