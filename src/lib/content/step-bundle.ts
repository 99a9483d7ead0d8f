/** Gathers what the browser needs to run a step: its files, its checks, the shared template and the previous step's files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { previousStepId, readStep, SANDBOXES } from './step-yaml.ts';

/** The files a workspace downloads for one step; paths are relative to content/sandboxes. */
export interface StepBundle {
  step: string;
  entry: string;
  /** The step's own files, `NN-slug/file.ts` → text, in display order. */
  files: Record<string, string>;
  /** Its check tests, `NN-slug/check/x.test.ts` → text. */
  checks: Record<string, string>;
  /** Shared platform files that run in a browser (`_template/x.ts`); the Node bridge is left out. */
  template: Record<string, string>;
  /** The previous step's files by bare name, for "what this step changed". */
  previous: Record<string, string>;
  /** Whether the step serves HTTP (the workspace offers a request panel). */
  server: boolean;
}

/**
 * The shared platform files that run in a browser (`_template/x.ts` → text). Browsers have no
 * `node:` modules; files importing them (the Node bridge) serve only the command line and WebContainer.
 */
export function browserTemplate(root = SANDBOXES): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(root, '_template')).sort()) {
    if (!name.endsWith('.ts')) continue;
    const text = readFileSync(join(root, '_template', name), 'utf8');
    if (!/from ['"]node:/.test(text)) files[`_template/${name}`] = text;
  }
  return files;
}

/** Builds the bundle for `step` (e.g. `02-timers`). */
export function stepBundle(step: string, root = SANDBOXES): StepBundle {
  const { entry, files, server } = readStep(step, root);
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const bundle: StepBundle = {
    step,
    entry,
    files: Object.fromEntries(files.map((f) => [`${step}/${f}`, read(`${step}/${f}`)])),
    checks: {},
    template: {},
    previous: {},
    server,
  };
  const checkDir = join(root, step, 'check');
  if (existsSync(checkDir)) {
    for (const name of readdirSync(checkDir)
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      bundle.checks[`${step}/check/${name}`] = read(`${step}/check/${name}`);
    }
  }
  bundle.template = browserTemplate(root);
  const previousStep = previousStepId(step, root);
  if (previousStep) {
    for (const name of readStep(previousStep, root).files) {
      bundle.previous[name] = read(`${previousStep}/${name}`);
    }
  }
  return bundle;
}
