#!/usr/bin/env node
/** The `tornado-async-lab` command: grade submissions, make assignment links, author and check exercises. */

const USAGE = `usage: tornado-async-lab <command> [options]

commands:
  grade <bundles or folders…> [--out dir] [--concurrency N] [--assignment file.yaml]
  link <assignment.yaml> [--site https://host]
  course <course id> --start YYYY-MM-DD [--out dir]   one assignment file and link per week
  exercise:new <id> --step NN-slug --file file.ts --gap functionName
  exercise:check [ids…]
  exercise:freeze <id>      keep the current version loadable after later edits
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
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
      process.stderr.write(USAGE);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}

process.exitCode = await main(process.argv.slice(2));

export {};
