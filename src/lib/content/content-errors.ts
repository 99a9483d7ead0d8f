/** Collects what the chapters' Markdown plugins could not render, and fails the build over it. */
import type { AstroIntegration } from 'astro';

/**
 * Problems found while rendering chapters. Astro's content loader logs a render error and carries
 * on, so each plugin also records its problem here and the `contentErrors` integration fails the
 * build.
 */
const problems: string[] = [];

/** Fails `astro build` when a chapter's code reference, step fence or benchmark figure did not resolve. */
export function contentErrors(): AstroIntegration {
  return {
    name: 'tornado-async-lab:content-errors',
    hooks: {
      'astro:build:start': () => {
        if (problems.length > 0) {
          throw new Error(`Chapters refer to things that do not exist:\n${problems.join('\n')}`);
        }
      },
    },
  };
}

/** Records and throws a content problem. */
export function contentProblem(message: string): never {
  problems.push(message);
  throw new Error(message);
}
