/** Where an exercise's editable files come from (cut from its step, or its own starter/ and solution/), and the check that a private exercise's answer is not on the site. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExerciseError } from './exercise-error.ts';
import { normalise, workLines } from './fingerprint.ts';
import { cutGap } from './gap.ts';
import type { ExerciseData } from './schema.ts';

/** The files of `dir` whose names end with `suffix`, by name, in name order; none if it does not exist. */
export function readDir(dir: string, suffix: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.endsWith(suffix))
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

/**
 * The starter and solution of the exercise in `dir`: cut from the step's file in `stepDir`, or
 * read from its own folders. Either way they must hold exactly the editable files.
 */
export function editableSources(
  dir: string,
  mdFile: string,
  data: ExerciseData,
  stepDir: string,
): { starter: Record<string, string>; solution: Record<string, string> } {
  const sources = data.cut
    ? derivedGap(dir, mdFile, data, join(stepDir, data.cut.file))
    : {
        starter: readDir(join(dir, 'starter'), '.ts'),
        solution: readDir(join(dir, 'solution'), '.ts'),
      };
  for (const [label, files] of [
    ['starter', sources.starter],
    ['solution', sources.solution],
  ] as const) {
    const names = Object.keys(files).sort().join(', ');
    if (names !== [...data.editable].sort().join(', ')) {
      throw new ExerciseError(
        dir,
        `${label}/ must hold exactly the editable files (${data.editable.join(', ')}), has: ${names || 'none'}`,
      );
    }
  }
  return sources;
}

/** The starter and solution of an exercise that declares `cut`: both come from the step's file. */
function derivedGap(
  dir: string,
  mdFile: string,
  data: ExerciseData,
  stepFile: string,
): { starter: Record<string, string>; solution: Record<string, string> } {
  const cut = data.cut as NonNullable<ExerciseData['cut']>;
  if (data.kind === 'private') {
    throw new ExerciseError(
      mdFile,
      "kind: private, but cut makes the solution the step's code, which the site shows: mark it kind: practice, or give it its own starter/ and solution/",
    );
  }
  for (const sub of ['starter', 'solution']) {
    if (existsSync(join(dir, sub)))
      throw new ExerciseError(dir, `${sub}/ must not exist: cut derives it from the step`);
  }
  if (data.editable.length !== 1 || data.editable[0] !== cut.file)
    throw new ExerciseError(mdFile, `cut.file "${cut.file}" must be the one editable file`);
  const original = readFileSync(stepFile, 'utf8');
  let starter: string;
  try {
    starter = cutGap(original, cut.symbol, `TODO(${data.id}): implement ${cut.symbol}`);
  } catch (error) {
    throw new ExerciseError(
      mdFile,
      `cut.symbol: ${(error as Error).message} in ${data.step}/${cut.file}`,
    );
  }
  return { starter: { [cut.file]: starter }, solution: { [cut.file]: original } };
}

/**
 * A private exercise's answer must not be on the site: if any line of its work (solution lines
 * not in the starter) is in a step's code, the chapters show it, so the exercise is practice.
 */
export function privateCheck(
  mdFile: string,
  sandboxes: string,
  starter: Record<string, string>,
  solution: Record<string, string>,
): void {
  const steps = readdirSync(sandboxes, { withFileTypes: true }).filter((d) => d.isDirectory());
  const stepCode = steps.flatMap((d) =>
    Object.entries(readDir(join(sandboxes, d.name), '.ts')).map(
      ([name, text]) => [`${d.name}/${name}`, normalise(text)] as const,
    ),
  );
  for (const [name, text] of Object.entries(solution)) {
    for (const line of workLines(text, starter[name] ?? '')) {
      const found = stepCode.find(([, code]) => code.includes(line));
      if (found) {
        throw new ExerciseError(
          mdFile,
          `kind: private, but solution/${name} is step code (content/sandboxes/${found[0]} has "${line.slice(0, 60)}"): the site shows it, so mark the exercise kind: practice`,
        );
      }
    }
  }
}
