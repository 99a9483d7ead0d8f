#!/usr/bin/env node
/** The `tornado-async-lab` command: grade submissions, make assignment links, author and check exercises. */
import { fileURLToPath } from 'node:url';

/** One line per command: what `--help` prints, for all of them or for one. */
const COMMANDS: Record<string, string> = {
  grade:
    'grade <bundles or folders…> [--out dir] [--assignment file.yaml] [--concurrency N] [--timeout-ms N] [--heap-mb N] [--shard K/N]\n  grade merge <shard folder> [--out dir]',
  link: 'link <assignment.yaml> [--site https://host]',
  course:
    'course <course id> --start YYYY-MM-DD [--out dir] [--lang en|zh] [--site https://host]   one assignment file and link per week',
  'exercise:new': 'exercise:new <id> --step NN-slug --file file.ts --gap functionName',
  'exercise:check': 'exercise:check [ids…]',
  'exercise:freeze':
    'exercise:freeze <id>      keep the current version loadable after later edits',
};

const usage = (only?: string) =>
  `usage: tornado-async-lab <command> [options]\n\ncommands:\n${Object.entries(COMMANDS)
    .filter(([name]) => only === undefined || name === only)
    .map(([, line]) => `  ${line}\n`)
    .join('')}`;

async function run(command: string, rest: string[]): Promise<number> {
  // Exercises, steps and courses come from the clone this file is in, whatever the working
  // directory: an instructor grades submissions kept anywhere. Paths given on the command line
  // stay relative to the working directory.
  const { ROOTS } = await import('../lib/exercises/exercise.ts');
  ROOTS.exercises = fileURLToPath(new URL('../../content/exercises', import.meta.url));
  ROOTS.sandboxes = fileURLToPath(new URL('../../content/sandboxes', import.meta.url));
  switch (command) {
    case 'grade':
      return (await import('./grade.ts')).main(rest);
    case 'link':
      return (await import('./link.ts')).main(rest);
    case 'course':
      return (await import('./course.ts')).main(rest);
    case 'exercise:new':
      return (await import('./exercise-new.ts')).main(rest);
    case 'exercise:check':
      return (await import('./exercise-check.ts')).main(rest);
    case 'exercise:freeze':
      return (await import('./exercise-freeze.ts')).main(rest);
    default:
      return -1;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  if (!(command in COMMANDS)) {
    process.stderr.write(`unknown command "${command}"\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(usage(command));
    return 0;
  }
  try {
    return await run(command, rest);
  } catch (error) {
    // A mistyped option, a broken input file or a folder that cannot be written is the user's to
    // fix: say what, not where in the code.
    const code = (error as { code?: unknown }).code;
    const known =
      (typeof code === 'string' && (code.startsWith('ERR_PARSE_ARGS') || /^E[A-Z]+$/.test(code))) ||
      ['ExerciseError', 'AssignmentFileError'].includes((error as Error).name);
    if (!known) throw error;
    process.stderr.write(`${(error as Error).message}\n${usage(command)}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));

export {};
