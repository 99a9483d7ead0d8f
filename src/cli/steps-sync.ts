/** `npm run steps:sync [-- --check | --accept]`: carries a change in an early step forward through the later steps and into the exercises that copy a step file. */
import { parseArgs } from 'node:util';
import { syncSteps } from '../lib/content/step-sync.ts';
import { syncExercises } from '../lib/exercises/exercise-sync.ts';

const usage = `usage: npm run steps:sync [-- --check | --accept]

Derives each step from the one before: files a step does not change are copied
from the previous step; files it changes get the previous step's new edits by a
three-way merge (git merge-file) against the version recorded in
content/sandboxes/steps.lock.json. Exercises that copy a step file into their
starter/ and solution/ get its changes the same way (content/exercises/exercises.lock.json).
Conflicts are left as markers and listed.

  --check   only report what would change; exit 1 if anything would
  --accept  after resolving conflicts by hand: record the current bases`;

const { values } = parseArgs({
  options: {
    check: { type: 'boolean' },
    accept: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || (values.check && values.accept)) {
  process.stderr.write(`${usage}\n`);
  process.exit(values.help ? 0 : 2);
}

// A reader piping the list into `head` closes stdout early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const options = { write: !values.check, accept: values.accept === true };
// Steps first, so an exercise merges the step file as this run leaves it.
const actions = [...syncSteps(options), ...syncExercises(options)];
for (const { step, file, kind, detail } of actions) {
  process.stdout.write(`${kind.padEnd(8)} ${step}/${file}: ${detail}\n`);
}
const conflicts = actions.filter((a) => a.kind === 'conflict').length;
if (actions.length === 0) process.stdout.write('steps and exercises are in sync\n');
else if (values.check)
  process.stdout.write(`${actions.length} change(s) pending: run npm run steps:sync\n`);
else if (conflicts > 0) process.stdout.write(`${conflicts} conflict(s) to resolve by hand\n`);
process.exitCode = conflicts > 0 || (values.check && actions.length > 0) ? 1 : 0;
