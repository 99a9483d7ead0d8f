/** Walks docs/exercises.md as an instructor would: every command of its sh blocks, then its grading workflow's steps, run in order from a fresh home folder outside the repository. */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readAssignmentYaml } from '../../../src/cli/link.ts';
import { assignmentHash } from '../../../src/lib/exercises/assignment.ts';
import { loadExercise } from '../../../src/lib/exercises/exercise.ts';
import { makeSubmission } from '../../../src/lib/exercises/submission.ts';
import { readCsv, readCsvRecords } from '../exercises/read-csv.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(join(repo, 'docs', 'exercises.md'), 'utf8');

/**
 * Documented commands the walk does not run, by subcommand, each with the reason. Each must still
 * be a real command whose usage lists every flag the line gives.
 */
const NOT_RUN: Record<string, string> = {
  'exercise:check':
    // Minutes on two cores: it runs every exercise in sandboxes, the solution three times.
    'npm test runs it (npm run exercise:check); right after the documented exercise:new it fails ' +
    'by design, until the author deletes the new tests that do not go through the gap',
};

/** A fenced block of the document, with the line its fence opens on. */
interface Block {
  lang: string;
  text: string;
  line: number;
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ lang: match[1] ?? '', text: match[2] ?? '', line });
  }
  return blocks;
}

/** The command lines of an sh block: continuation lines joined, blank and comment lines dropped. */
function commandLines(block: Block): string[] {
  return block.text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const blocks = fencedBlocks(doc);
const home = realpathSync(mkdtempSync(join(tmpdir(), 'tal-docs-home-')));
// Outside the home folder, so the walk leaves nothing in it but what the documented commands write.
const state = mkdtempSync(join(tmpdir(), 'tal-docs-state-'));
const env = {
  ...process.env,
  HOME: home,
  // The `node` of the documented commands is the one running these tests.
  PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}`,
};
const expandHome = (path: string) => path.replace(/^~(?=\/|$)/, home);

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

/** What one documented command did. */
interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The working directory the command left, as the next line of a terminal would start in. */
  cwd: string;
}

/** Runs one line in bash, in `cwd`, as a terminal would, and notes where a `cd` in it went. */
function sh(line: string, cwd: string): Ran {
  const pwdFile = join(state, 'pwd');
  const result = spawnSync(
    'bash',
    ['-c', `${line}\nstatus=$?\npwd > "$0"\nexit $status`, pwdFile],
    {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const after = existsSync(pwdFile) ? readFileSync(pwdFile, 'utf8').trim() : cwd;
  rmSync(pwdFile, { force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, cwd: after };
}

/** The words bash makes of a line (quotes removed, `~` expanded, comments dropped), without running it. */
function words(line: string): string[] {
  const result = spawnSync('bash', ['-c', `set -- ${line}\nprintf '%s\\0' "$@"`], {
    env,
    encoding: 'utf8',
  });
  return result.stdout.split('\0').slice(0, -1);
}

/** The arguments after `node …/src/cli/index.ts`, or null for any other command. */
function cliArgs(line: string): string[] | null {
  if (!line.startsWith('node ')) return null;
  const [, script, ...rest] = words(line);
  return script?.endsWith(`src${sep}cli${sep}index.ts`) ? rest : null;
}

/** Positionals and `--flag value` pairs (every flag of `grade` takes a value). */
function options(args: string[]): { positionals: string[]; flags: Map<string, string> } {
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) flags.set(arg, args[++i] ?? '');
    else positionals.push(arg);
  }
  return { positionals, flags };
}

/** Example files the document shows as a `yaml` block headed `# <name>.yaml`. */
const examples = new Map<string, string>();

/** By student id, the name and receipt grades.csv should show: Ada's solved bundle's, none for Bob's tampered one. */
type Expected = Map<string, { name: string; receipt: string }>;

/**
 * Hands in what the site's **Export submission** would for `assignment`: Ada's solutions, and
 * Bob's starters edited after export (a bad bundle). The files are named as the page names them.
 */
async function handIn(folder: string, assignmentFile: string): Promise<Expected> {
  const { assignment } = readAssignmentYaml(assignmentFile);
  const bundle = async (id: string, name: string, tier: 'solution' | 'starter') =>
    makeSubmission({
      assignment: { id: assignment.id, sourceHash: await assignmentHash(assignment) },
      student: { id, name },
      exercises: assignment.exercises.map(({ id: exercise, pin }) => ({
        id: exercise,
        pin,
        files: loadExercise(exercise)[tier],
        claimed: null,
      })),
    });
  // A comma and quotes in the name: the CSV must quote them.
  const ada = await bundle('ada', 'Lovelace, Ada "Countess"', 'solution');
  const bob = await bundle('bob', 'Bob', 'starter');
  const [key] = Object.keys(bob.files);
  if (key) bob.files[key] += '\n// changed after export\n';
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${assignment.id}-ada.json`), JSON.stringify(ada, null, 1));
  writeFileSync(join(folder, `${assignment.id}-bob.json`), JSON.stringify(bob, null, 1));
  return new Map([
    ['ada', { name: ada.manifest.student.name, receipt: ada.manifest.receipt }],
    ['bob', { name: '', receipt: '' }],
  ]);
}

/** grades.csv in `out` is valid CSV with the receipt of every graded bundle and none for a bad one. */
function checkGrades(out: string, expected: Expected, where: string): string {
  const csv = readFileSync(join(out, 'grades.csv'), 'utf8');
  const records = readCsvRecords(csv);
  expect(readCsv(csv)[0], where).toContain('receipt');
  const ada = records.find((r) => r['student_id'] === 'ada');
  expect(ada, where).toMatchObject({ ...expected.get('ada'), status: 'ok' });
  expect(ada?.['total'], where).toBe(ada?.['max']);
  const bob = records.find((r) => r['student_id'] === 'bob');
  expect(bob, where).toMatchObject(expected.get('bob') ?? {});
  expect(bob?.['status'], where).toMatch(/^bad bundle: tampered file /);
  expect(readFileSync(join(out, 'feedback', 'ada.md'), 'utf8'), where).toContain(
    `Receipt ${expected.get('ada')?.receipt}.`,
  );
  expect(readFileSync(join(out, 'summary.md'), 'utf8'), where).toMatch(/^# Grading summary/);
  return csv;
}

/** The walk's own record: where the clone stands, the last grades.csv written, what was handed in. */
const walk = {
  clone: '',
  cloned: false,
  lastCsv: '',
  handedIn: new Map<string, Expected>(),
  graded: 0,
};

/**
 * Runs one documented command in `cwd` and checks what it did; returns the directory it left.
 * `where` names the line of the document for failure messages.
 */
async function runCommand(line: string, cwd: string, where: string): Promise<string> {
  const context = `${where}: ${line}`;
  if (/^git clone /.test(line)) {
    // The clone: a copy of this working tree (git clone would leave out edits not yet committed),
    // its node_modules linked rather than installed: CI (.ci/run) runs `npm ci` on its checkout
    // before `npm test`, and a second install here would take minutes. This test only checks that
    // the document clones, then installs inside the clone, then runs the command from it.
    const target = expandHome(line.split(/\s+/).at(-1) ?? '');
    expect(existsSync(target), `${context}: the clone's folder exists already`).toBe(false);
    const skip = new Set(['node_modules', '.git', 'dist', '.astro', 'test-results']);
    cpSync(repo, target, {
      recursive: true,
      filter: (source) => !skip.has(relative(repo, source).split(sep)[0] ?? ''),
    });
    symlinkSync(join(repo, 'node_modules'), join(target, 'node_modules'));
    walk.clone = target;
    walk.cloned = true;
    return cwd;
  }
  if (line === 'npm ci') {
    expect(walk.cloned, `${context}: npm ci comes after git clone`).toBe(true);
    expect(realpathSync(cwd), `${context}: npm ci runs inside the clone`).toBe(
      realpathSync(walk.clone),
    );
    return cwd;
  }
  // Anything else that installs or fetches would work on the linked node_modules of this checkout.
  expect(line, `${context}: the walk runs no other npm, npx or git command`).not.toMatch(
    /^(npm|npx|git)\b/,
  );
  const args = cliArgs(line);
  const [command, ...rest] = args ?? [];
  if (command !== undefined && command in NOT_RUN) {
    const help = sh(`node ${join(walk.clone, 'src', 'cli', 'index.ts')} ${command} --help`, cwd);
    expect(help.status, `${context}: not a command`).toBe(0);
    for (const flag of rest.filter((a) => a.startsWith('--')))
      expect(help.stdout, `${context}: ${flag} is not in its usage`).toContain(flag);
    return cwd;
  }
  const grading = command === 'grade' && rest[0] !== 'merge';
  const { positionals, flags } = options(grading ? rest : []);
  let expected: Expected | undefined;
  if (grading) {
    expect(flags.has('--assignment'), `${context}: the walk hands in work for an assignment`).toBe(
      true,
    );
    const assignment = resolve(cwd, flags.get('--assignment') ?? '');
    // The workflow reads the assignment file the instructor committed: the document's example.
    const example = examples.get(basename(assignment));
    if (!existsSync(assignment) && example !== undefined) writeFileSync(assignment, example);
    const folder = resolve(cwd, positionals[0] ?? '');
    expected = walk.handedIn.get(folder) ?? (await handIn(folder, assignment));
    walk.handedIn.set(folder, expected);
  }
  const ran = sh(line, cwd);
  const output = `${context}\n--- stdout\n${ran.stdout}\n--- stderr\n${ran.stderr}`;
  expect(ran.status, output).toBe(0);
  if (args?.join(' ') === 'course') expect(ran.stdout, output).toMatch(/^ {2}tornado-internals:/m);
  if (grading && expected && !flags.has('--shard')) {
    walk.lastCsv = checkGrades(resolve(cwd, flags.get('--out') ?? 'grades'), expected, context);
    walk.graded++;
  }
  if (command === 'exercise:new') {
    // Authoring writes into the clone the command was run from, never into this checkout.
    const id = rest[0] ?? '';
    expect(existsSync(join(walk.clone, 'content', 'exercises', id, 'exercise.md')), output).toBe(
      true,
    );
    expect(existsSync(join(repo, 'content', 'exercises', id)), output).toBe(false);
  }
  if (command === 'grade' && rest[0] === 'merge') {
    // The shards' students are the ones handed in for the workflow's submissions folder.
    const handed = [...walk.handedIn.entries()].find(([folder]) => folder.startsWith(walk.clone));
    if (!handed) throw new Error(`${context}: merge before any shard was graded`);
    const out = resolve(cwd, options(rest.slice(1)).flags.get('--out') ?? 'grades');
    walk.lastCsv = checkGrades(out, handed[1], context);
  }
  return ran.cwd;
}

/** Runs the `run:` steps of a GitHub workflow in the clone: each job in turn, each matrix value in turn. */
async function runWorkflow(block: Block): Promise<void> {
  const workflow = parseYaml(block.text) as {
    jobs: Record<
      string,
      { strategy?: { matrix?: Record<string, unknown[]> }; steps: { run?: string }[] }
    >;
  };
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const matrix = Object.entries(job.strategy?.matrix ?? {});
    expect(matrix.length, `job ${name}: one matrix key at most`).toBeLessThanOrEqual(1);
    const [key, values] = matrix[0] ?? ['', [undefined]];
    // Every machine works in the one clone here: the shards' files landing in one folder is what
    // download-artifact with merge-multiple hands the merge job.
    for (const value of values) {
      for (const step of job.steps) {
        if (step.run === undefined) continue;
        const line = step.run.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (whole, k: string) =>
          k === key ? String(value) : whole,
        );
        expect(line, `line ${block.line}: every matrix value is known`).not.toContain('${{');
        await runCommand(line, walk.clone, `workflow job ${name}, line ${block.line}`);
      }
    }
  }
}

test('the document suggests no npx and installs before it runs anything', () => {
  expect(doc).not.toMatch(/npx tornado-async-lab/);
  const lines = blocks.filter((b) => b.lang === 'sh').flatMap(commandLines);
  const clone = lines.findIndex((l) => /^git clone /.test(l));
  const install = lines.findIndex((l) => l === 'npm ci');
  const firstUse = lines.findIndex((l) => cliArgs(l) !== null);
  expect(clone).toBeGreaterThanOrEqual(0);
  expect(install).toBeGreaterThan(clone);
  expect(firstUse).toBeGreaterThan(install);
  // The walk starts outside the repository, or it would prove nothing about grading from anywhere.
  expect(relative(repo, home).startsWith('..')).toBe(true);
});

// About 17 s alone and 92 s beside the other grader tests on two busy cores; 300 s leaves room.
test('every documented command runs, in order, from a folder outside the repository', async () => {
  let cwd = home;
  for (const block of blocks) {
    const heading = /^# (\S+)\n/.exec(block.text)?.[1] ?? '';
    if (block.lang === 'sh') {
      for (const line of commandLines(block)) {
        cwd = await runCommand(line, cwd, `docs/exercises.md line ${block.line}`);
      }
    } else if (block.lang === 'yaml' && /^[\w.-]+\.yaml$/.test(heading)) {
      // An example file the next commands read: written where the instructor stands.
      examples.set(heading, block.text);
      writeFileSync(join(cwd, heading), block.text);
    } else if (block.lang === 'yaml' && heading.startsWith('.github/workflows/')) {
      await runWorkflow(block);
    } else if (block.lang === 'csv') {
      // The example shows the grades.csv of the command above it: the same columns.
      expect(walk.lastCsv, `line ${block.line}: a CSV example before any grading`).not.toBe('');
      expect(readCsv(block.text)[0], `line ${block.line}`).toEqual(readCsv(walk.lastCsv)[0]);
    }
  }
  expect(walk.graded, 'the document grades at least once').toBeGreaterThan(0);
}, 300_000);
