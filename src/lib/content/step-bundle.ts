/** Gathers what the browser needs to run a step: its files, its checks, the shared template and the previous step's files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

const SANDBOXES = 'content/sandboxes';

function listFiles(yaml: string): string[] {
  const list = /^files:\s*\[([^\]]*)\]/m.exec(yaml)?.[1] ?? '';
  return list
    .split(',')
    .map((f) => f.trim().replace(/^['"]|['"]$/g, ''))
    .filter((f) => f !== '');
}

function readStep(step: string): { yaml: string; files: string[] } {
  const yaml = readFileSync(join(SANDBOXES, step, 'step.yaml'), 'utf8');
  return { yaml, files: listFiles(yaml) };
}

/** Builds the bundle for `step` (e.g. `02-timers`). */
export function stepBundle(step: string, root = SANDBOXES): StepBundle {
  const { yaml, files } = readStep(step);
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const bundle: StepBundle = {
    step,
    entry: /^entry:\s*(\S+)/m.exec(yaml)?.[1] ?? 'main.ts',
    files: Object.fromEntries(files.map((f) => [`${step}/${f}`, read(`${step}/${f}`)])),
    checks: {},
    template: {},
    previous: {},
    server: /^server:\s*true/m.test(yaml),
  };
  const checkDir = join(root, step, 'check');
  if (existsSync(checkDir)) {
    for (const name of readdirSync(checkDir)
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      bundle.checks[`${step}/check/${name}`] = read(`${step}/check/${name}`);
    }
  }
  for (const name of readdirSync(join(root, '_template')).sort()) {
    if (!name.endsWith('.ts')) continue;
    const text = read(`_template/${name}`);
    // Browsers have no `node:` modules; those files only serve the command line and WebContainer.
    if (!/from ['"]node:/.test(text)) bundle.template[`_template/${name}`] = text;
  }
  const order = Number(step.slice(0, 2));
  const previousStep = readdirSync(root).find((d) =>
    d.startsWith(String(order - 1).padStart(2, '0') + '-'),
  );
  if (previousStep && order > 1) {
    for (const name of readStep(previousStep).files) {
      bundle.previous[name] = read(`${previousStep}/${name}`);
    }
  }
  return bundle;
}

/** Every step folder (`NN-slug`) that has a step.yaml. */
export function allSteps(root = SANDBOXES): string[] {
  return readdirSync(root)
    .filter((d) => /^\d\d-/.test(d) && existsSync(join(root, d, 'step.yaml')))
    .sort();
}
