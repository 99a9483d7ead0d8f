/** Loads exercises from content/exercises, validates them, and derives their public bundle, pin and grading snapshot. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { browserTemplate, type StepBundle } from '../content/step-bundle.ts';
import { readStep } from '../content/step-yaml.ts';
import { ExerciseError } from './exercise-error.ts';
import { editableSources, privateCheck, readDir } from './exercise-sources.ts';
import { inline, renderMarkdown } from './markdown.ts';
import { exerciseSchema, type ExerciseData } from './schema.ts';

/** Where exercises and steps live, relative to the project root. */
export interface ContentRoots {
  exercises: string;
  sandboxes: string;
}

/** The default roots (the working directory is the project root, as for the build). */
export const ROOTS: ContentRoots = {
  exercises: 'content/exercises',
  sandboxes: 'content/sandboxes',
};

/** An exercise as authored, with every file it needs read in. */
export interface Exercise {
  data: ExerciseData;
  /** Instructions in Markdown, per language. */
  instructions: { zh: string; en: string };
  /** The raw exercise.md, which is part of what a pin covers. */
  source: string;
  /** The step's entry file (its demo). */
  entry: string;
  /** Whether the step serves HTTP. */
  server: boolean;
  /** The step's files the learner does not edit, by bare name. */
  readonly: Record<string, string>;
  /** Editable files with gaps, by bare name. */
  starter: Record<string, string>;
  /** Editable files solved, by bare name. */
  solution: Record<string, string>;
  /** Visible tests, by file name. */
  visible: Record<string, string>;
  /** Held-back tests, by file name; never shipped with the site. */
  heldBack: Record<string, string>;
  /** Shared platform files the tests and steps import (`_template/x.ts` → text), browser-safe only. */
  template: Record<string, string>;
}

/** What the site serves for an exercise: a workspace bundle plus what the exercise page needs. */
export interface ExerciseBundle extends StepBundle {
  exercise: {
    id: string;
    /** Content hash of every public file: what an assignment pins. */
    pin: string;
    version: number;
    title: { zh: string; en: string };
    editable: string[];
    /** The starter files, by bare name (so a page can show or restore them). */
    starter: Record<string, string>;
    /** Names of the visible tests, in order of their files. */
    points: { visible: number; heldBack: number };
    timeLimitMs: number;
    /**
     * What a page that only has the bundle (an assignment) shows beside the workspace: the
     * instructions and hints as HTML, per language. Absent from versions frozen before they were added.
     */
    text?: {
      kind: 'practice' | 'private';
      difficulty: 'easy' | 'medium' | 'hard';
      instructions: { zh: string; en: string };
      hints: { zh: string; en: string }[];
    };
  };
}

/** Everything needed to grade one version of an exercise; kept in the repo, never in the site. */
export interface ExerciseSnapshot {
  format: 1;
  id: string;
  pin: string;
  bundle: ExerciseBundle;
  /** Held-back tests by file name. */
  heldBack: Record<string, string>;
  /** Solution files by bare name. */
  solution: Record<string, string>;
  /** `practice` (the solution ships with the site) or `private` (it never does). */
  kind: 'practice' | 'private';
}

// Loading an exercise throws it, so callers catch it from here.
export { ExerciseError };

/** Hex SHA-256 of a UTF-8 text. */
export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Splits `---` frontmatter from the body. */
export function splitFrontmatter(text: string): { frontmatter: string; body: string } | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  return match ? { frontmatter: match[1] ?? '', body: match[2] ?? '' } : null;
}

/** Splits the body at `<!-- zh -->` and `<!-- en -->` marker lines. */
export function splitInstructions(body: string): { zh: string; en: string } | null {
  const parts: Partial<Record<'zh' | 'en', string>> = {};
  let current: 'zh' | 'en' | null = null;
  const lines: string[] = [];
  const flush = () => {
    if (current) parts[current] = lines.join('\n').trim();
    lines.length = 0;
  };
  for (const line of body.split(/\r?\n/)) {
    const marker = /^<!--\s*(zh|en)\s*-->\s*$/.exec(line);
    if (marker) {
      flush();
      current = marker[1] as 'zh' | 'en';
    } else if (current) lines.push(line);
  }
  flush();
  return parts.zh && parts.en ? { zh: parts.zh, en: parts.en } : null;
}

/** Parses and validates an exercise.md; throws an ExerciseError naming each problem. */
export function parseExerciseMd(
  text: string,
  file: string,
): Omit<
  Exercise,
  'entry' | 'server' | 'readonly' | 'starter' | 'solution' | 'visible' | 'heldBack' | 'template'
> {
  const split = splitFrontmatter(text);
  if (!split) throw new ExerciseError(file, 'has no --- frontmatter ---');
  let raw: unknown;
  try {
    raw = parseYaml(split.frontmatter);
  } catch (error) {
    throw new ExerciseError(file, `frontmatter is not YAML: ${String(error)}`);
  }
  const parsed = exerciseSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ExerciseError(file, `invalid frontmatter: ${issues.join('; ')}`);
  }
  const instructions = splitInstructions(split.body);
  if (!instructions) {
    throw new ExerciseError(file, 'the body needs a `<!-- zh -->` part and an `<!-- en -->` part');
  }
  return { data: parsed.data, instructions, source: text };
}

/** Ids of every exercise folder (those holding an exercise.md). */
export function exerciseIds(roots: ContentRoots = ROOTS): string[] {
  if (!existsSync(roots.exercises)) return [];
  return readdirSync(roots.exercises, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(roots.exercises, d.name, 'exercise.md')))
    .map((d) => d.name)
    .sort();
}

/** Loads one exercise and checks that its files agree with its frontmatter and its step. */
export function loadExercise(id: string, roots: ContentRoots = ROOTS): Exercise {
  const dir = join(roots.exercises, id);
  const mdFile = join(dir, 'exercise.md');
  const meta = parseExerciseMd(readFileSync(mdFile, 'utf8'), mdFile);
  const { data } = meta;
  if (data.id !== id)
    throw new ExerciseError(mdFile, `id "${data.id}" differs from its folder "${id}"`);
  const stepDir = join(roots.sandboxes, data.step);
  if (!existsSync(join(stepDir, 'step.yaml')))
    throw new ExerciseError(mdFile, `step "${data.step}" does not exist`);
  const stepYaml = readStep(data.step, roots.sandboxes);
  const stepFiles = stepYaml.files;
  // A cut exercise edits a step file; one with its own starter may also add files of its own.
  if (data.cut && !stepFiles.includes(data.cut.file)) {
    throw new ExerciseError(
      mdFile,
      `cut.file "${data.cut.file}" is not a file of step ${data.step}`,
    );
  }
  const chapters = join(roots.sandboxes, '..', 'chapters', 'en');
  if (data.extends && existsSync(chapters) && !existsSync(join(chapters, `${data.extends}.md`))) {
    throw new ExerciseError(mdFile, `extends: there is no chapter "${data.extends}"`);
  }
  const { starter, solution } = editableSources(dir, mdFile, data, stepDir);
  const visible = readDir(join(dir, 'tests', 'visible'), '.test.ts');
  const heldBack = readDir(join(dir, 'tests', 'held-back'), '.test.ts');
  if (Object.keys(visible).length === 0)
    throw new ExerciseError(dir, 'tests/visible/ has no *.test.ts');
  if (Object.keys(heldBack).length === 0)
    throw new ExerciseError(dir, 'tests/held-back/ has no *.test.ts');
  for (const name of Object.keys(heldBack)) {
    if (name in visible)
      throw new ExerciseError(dir, `test file ${name} is both visible and held back`);
  }
  const readonly: Record<string, string> = {};
  for (const name of stepFiles) {
    if (!data.editable.includes(name)) readonly[name] = readFileSync(join(stepDir, name), 'utf8');
  }
  if (data.kind === 'private') privateCheck(mdFile, roots.sandboxes, starter, solution);
  return {
    ...meta,
    entry: stepYaml.entry,
    server: stepYaml.server,
    readonly,
    starter,
    solution,
    visible,
    heldBack,
    template: browserTemplate(roots.sandboxes),
  };
}

/** Tests declared at the top level of a test file (`test(` at the start of a line). */
export function countTests(text: string): number {
  return (text.match(/^test\(/gm) ?? []).length;
}

/** The most an exercise can score, counted from its test files so a crash cannot lower it. */
export function maxPoints(snapshot: ExerciseSnapshot): number {
  const { points } = snapshot.bundle.exercise;
  const tests = (files: Record<string, string>) =>
    Object.values(files).reduce((n, text) => n + countTests(text), 0);
  return (
    tests(snapshot.bundle.checks) * points.visible + tests(snapshot.heldBack) * points.heldBack
  );
}

/** Every exercise, loaded. */
export function loadExercises(roots: ContentRoots = ROOTS): Exercise[] {
  return exerciseIds(roots).map((id) => loadExercise(id, roots));
}

/** The files a pin covers: the instructions, every runnable file the learner gets, the visible tests. */
export function publicFiles(exercise: Exercise): Record<string, string> {
  const id = exercise.data.id;
  const files: Record<string, string> = { 'exercise.md': exercise.source, ...exercise.template };
  for (const [name, text] of Object.entries(exercise.readonly)) files[`${id}/${name}`] = text;
  for (const [name, text] of Object.entries(exercise.starter)) files[`${id}/${name}`] = text;
  for (const [name, text] of Object.entries(exercise.visible)) files[`${id}/check/${name}`] = text;
  return files;
}

/** A content hash over path and text of each file: the same files give the same hash in any order. */
export function filesHash(files: Record<string, string>): string {
  const lines = Object.keys(files)
    .sort()
    .map((path) => `${path}\0${sha256(files[path] ?? '')}\n`);
  return sha256(lines.join('')).slice(0, 16);
}

/** The pin of the exercise as it is now. */
export function pinOf(exercise: Exercise): string {
  return filesHash(publicFiles(exercise));
}

/** The bundle the site serves: no held-back tests, no solution. */
export function publicBundle(exercise: Exercise): ExerciseBundle {
  const { data } = exercise;
  const id = data.id;
  const template: Record<string, string> = { ...exercise.template };
  // Files the learner does not edit run beside the template, so they never show up as tabs.
  for (const [name, text] of Object.entries(exercise.readonly)) template[`${id}/${name}`] = text;
  return {
    step: id,
    entry: exercise.entry,
    files: Object.fromEntries(
      data.editable.map((name) => [`${id}/${name}`, exercise.starter[name] ?? '']),
    ),
    checks: Object.fromEntries(
      Object.entries(exercise.visible).map(([name, text]) => [`${id}/check/${name}`, text]),
    ),
    template,
    previous: {},
    server: exercise.server,
    exercise: {
      id,
      pin: pinOf(exercise),
      version: data.version,
      title: data.title,
      editable: data.editable,
      starter: exercise.starter,
      points: data.points,
      timeLimitMs: data.timeLimitMs,
      text: {
        kind: data.kind,
        difficulty: data.difficulty,
        instructions: {
          zh: renderMarkdown(exercise.instructions.zh),
          en: renderMarkdown(exercise.instructions.en),
        },
        hints: data.hints.map((hint) => ({ zh: inline(hint.zh), en: inline(hint.en) })),
      },
    },
  };
}

/** Everything the grader needs for this version. */
export function snapshotOf(exercise: Exercise): ExerciseSnapshot {
  const bundle = publicBundle(exercise);
  return {
    format: 1,
    id: exercise.data.id,
    pin: bundle.exercise.pin,
    bundle,
    heldBack: exercise.heldBack,
    solution: exercise.solution,
    kind: exercise.data.kind,
  };
}

/** Older versions kept in `content/exercises/<id>/versions/<pin>.json`, so assigned pins stay loadable. */
export function archivedSnapshots(id: string, roots: ContentRoots = ROOTS): ExerciseSnapshot[] {
  const dir = join(roots.exercises, id, 'versions');
  return Object.entries(readDir(dir, '.json')).map(([name, text]) => {
    const snapshot = JSON.parse(text) as ExerciseSnapshot;
    if (snapshot.id !== id || `${snapshot.pin}.json` !== name) {
      throw new ExerciseError(join(dir, name), 'file name, id and pin disagree');
    }
    return snapshot;
  });
}

/** Every known version of every exercise: the current one first, then archived ones. */
export function allSnapshots(roots: ContentRoots = ROOTS): ExerciseSnapshot[] {
  return exerciseIds(roots).flatMap((id) => {
    const current = snapshotOf(loadExercise(id, roots));
    return [current, ...archivedSnapshots(id, roots).filter((s) => s.pin !== current.pin)];
  });
}

/**
 * The files of one run, as paths relative to a root folder: the template, the step files with
 * `editable` in place of the starter, and the tests of the chosen tiers under `<id>/check/`.
 */
export function runtimeTree(
  snapshot: ExerciseSnapshot,
  editable: Record<string, string>,
  tiers: { visible: boolean; heldBack: boolean } = { visible: true, heldBack: true },
): Record<string, string> {
  const { bundle, heldBack, id } = snapshot;
  const tree: Record<string, string> = { ...bundle.template, ...bundle.files };
  for (const name of bundle.exercise.editable) {
    if (name in editable) tree[`${id}/${name}`] = editable[name] ?? '';
  }
  if (tiers.visible) Object.assign(tree, bundle.checks);
  if (tiers.heldBack) {
    for (const [name, text] of Object.entries(heldBack)) tree[`${id}/check/${name}`] = text;
  }
  return tree;
}
