/** Content collections: chapters (prose in both languages) and steps (the runnable implementation). */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema, stepSchema } from './lib/content/schemas.ts';
import { stepLoader } from './lib/content/step-yaml.ts';
import { exerciseSchema } from './lib/exercises/schema.ts';

/** Where content lives; tests point it at broken fixtures to prove the build refuses them. */
const root = process.env['TAL_CONTENT_ROOT'] ?? './content';

const chapters = defineCollection({
  loader: glob({ pattern: '{zh,en}/[0-9][0-9]-*.md', base: `${root}/chapters` }),
  schema: chapterSchema,
});

const steps = defineCollection({
  loader: stepLoader(`${root}/sandboxes`),
  schema: stepSchema,
});

/** Exercises: the build refuses an exercise.md whose frontmatter is invalid or has unknown keys. */
const exercises = defineCollection({
  loader: glob({
    pattern: '*/exercise.md',
    base: `${root}/exercises`,
    generateId: ({ entry }) => entry.split('/')[0] ?? entry,
  }),
  schema: exerciseSchema,
});

export const collections = { chapters, steps, exercises };
