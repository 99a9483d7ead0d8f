/** `link assignment.yaml`: prints the shareable assignment link, pinning each exercise to its current version unless a pin is given. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import {
  assignmentHash,
  assignmentLink,
  parseAssignment,
  type Assignment,
} from '../lib/exercises/assignment.ts';
import { allSnapshots } from '../lib/exercises/exercise.ts';

interface AssignmentYaml {
  id?: unknown;
  title?: unknown;
  due?: unknown;
  notes?: unknown;
  site?: unknown;
  lang?: unknown;
  exercises?: unknown;
}

/** An assignment file that cannot be used, with the file and the reason: the user's to fix. */
export class AssignmentFileError extends Error {
  override name = 'AssignmentFileError';
}

/** Reads assignment.yaml into an Assignment, pinning exercises listed by id alone. */
export function readAssignmentYaml(file: string): {
  assignment: Assignment;
  site: string;
  lang: 'zh' | 'en';
} {
  try {
    return readYaml(file);
  } catch (error) {
    if (error instanceof AssignmentFileError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AssignmentFileError(message.startsWith(file) ? message : `${file}: ${message}`);
  }
}

function readYaml(file: string): {
  assignment: Assignment;
  site: string;
  lang: 'zh' | 'en';
} {
  const raw = parseYaml(readFileSync(file, 'utf8')) as AssignmentYaml | null;
  if (!raw || !Array.isArray(raw.exercises)) throw new Error(`${file}: needs an exercises list`);
  const snapshots = allSnapshots();
  const exercises = raw.exercises.map((entry: unknown) => {
    const { id, pin } =
      typeof entry === 'string'
        ? { id: entry, pin: undefined }
        : ((entry ?? {}) as { id?: unknown; pin?: unknown });
    const versions = snapshots.filter((s) => s.id === id);
    if (versions.length === 0) throw new Error(`${file}: no exercise "${String(id)}"`);
    if (pin !== undefined && !versions.some((s) => s.pin === pin)) {
      throw new Error(
        `${file}: exercise ${String(id)} has no version pinned ${JSON.stringify(pin)}`,
      );
    }
    return { id: String(id), pin: typeof pin === 'string' ? pin : (versions[0]?.pin ?? '') };
  });
  const due =
    raw.due instanceof Date
      ? raw.due.toISOString().slice(0, 10)
      : typeof raw.due === 'string'
        ? raw.due
        : '';
  const assignment = parseAssignment({
    format: 1,
    id: raw.id,
    title: raw.title,
    due,
    notes: typeof raw.notes === 'string' ? raw.notes : '',
    exercises,
  });
  const site = typeof raw.site === 'string' ? raw.site : 'http://localhost:4321';
  return { assignment, site, lang: raw.lang === 'zh' ? 'zh' : 'en' };
}

/** Entry point of `link`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { site: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: link <assignment.yaml> [--site https://host]\n');
    return 2;
  }
  const { assignment, site, lang } = readAssignmentYaml(file);
  process.stdout.write(`${await assignmentLink(values.site ?? site, assignment, lang)}\n`);
  process.stderr.write(`assignment ${assignment.id}, hash ${await assignmentHash(assignment)}\n`);
  return 0;
}
