/** Shared helpers for the sandbox tests: where the steps are and what they hold. */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkNames, readStepRaw } from '../../src/lib/content/step-yaml.ts';

/** The content/sandboxes folder, as a URL ending in a slash. */
export const sandboxes = new URL('../../content/sandboxes/', import.meta.url);

/** Every step folder (NN-slug), in order. */
export function stepFolders(): string[] {
  return readdirSync(sandboxes, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-[a-z0-9-]+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** The check/*.test.ts files of a step. */
export function checkFiles(step: string): string[] {
  return checkNames(step, fileURLToPath(sandboxes));
}

/** The top-level .ts files of a step (not check/). */
export function stepTsFiles(step: string): string[] {
  return readdirSync(new URL(`${step}/`, sandboxes))
    .filter((name) => name.endsWith('.ts'))
    .sort();
}

/** A step's step.yaml, parsed but unchecked (null when the step has none yet). */
export function readStepYaml(step: string): unknown {
  if (!existsSync(new URL(`${step}/step.yaml`, sandboxes))) return null;
  return readStepRaw(step, fileURLToPath(sandboxes));
}

/** A file of a step, as text. */
export function readStepFile(step: string, file: string): string {
  return readFileSync(new URL(`${step}/${file}`, sandboxes), 'utf8');
}
