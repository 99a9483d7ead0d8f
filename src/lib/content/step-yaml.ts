/** The one reader of `content/sandboxes/NN-slug/step.yaml`: the content collection, the bundles, the exercises, the CLI and the tests all go through it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Loader } from 'astro/loaders';
import { parse } from 'yaml';
import { stepSchema, type StepData } from './schemas.ts';

/** Where the steps live, relative to the project root. */
export const SANDBOXES = 'content/sandboxes';

/** A step id is its folder's name: two digits, a dash and a slug. */
const STEP_ID = /^\d\d-[a-z0-9-]+$/;

/** Every step folder (`NN-slug`) that has a step.yaml, in order. */
export function stepIds(root = SANDBOXES): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && STEP_ID.test(d.name))
    .filter((d) => existsSync(join(root, d.name, 'step.yaml')))
    .map((d) => d.name)
    .sort();
}

/** The step.yaml of `step` as parsed YAML, unchecked (the content collection checks it with its schema). */
export function readStepRaw(step: string, root = SANDBOXES): unknown {
  return parse(readFileSync(join(root, step, 'step.yaml'), 'utf8')) as unknown;
}

/** The step.yaml of `step`, checked against the schema; a bad one throws naming the file and each field. */
export function readStep(step: string, root = SANDBOXES): StepData {
  const file = join(root, step, 'step.yaml');
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const result = stepSchema.safeParse(readStepRaw(step, root));
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file} is invalid: ${fields.join('; ')}`);
  }
  return result.data;
}

/** The names of a step's check tests (`check/*.test.ts`), sorted; none when it has no check/. */
export function checkNames(step: string, root = SANDBOXES): string[] {
  const dir = join(root, step, 'check');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort();
}

/** The step before `step` (order minus one), if there is one. */
export function previousStepId(step: string, root = SANDBOXES): string | undefined {
  const order = Number(step.slice(0, 2));
  return stepIds(root).find((id) => Number(id.slice(0, 2)) === order - 1);
}

/** The content collection's loader: each step.yaml becomes an entry, checked by the collection's schema. */
export function stepLoader(root = SANDBOXES): Loader {
  return {
    name: 'step-yaml',
    load: async (context) => {
      const { store } = context;
      store.clear();
      for (const id of stepIds(root)) {
        const filePath = join(root, id, 'step.yaml');
        const data = await context.parseData({
          id,
          data: readStepRaw(id, root) as Record<string, unknown>,
          filePath,
        });
        store.set({ id, data, filePath });
      }
    },
  };
}
