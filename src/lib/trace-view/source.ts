/** Finds, in a stack trace taken when an event was emitted, the line of step code that produced it. */
import type { SourceLocation } from './model.ts';

/**
 * Modules run as `new Function` bodies, which V8 numbers from the function's two-line header;
 * subtracting it gives the line in the file the reader sees.
 */
export const FUNCTION_HEADER_LINES = 2;

const FRAME = /sandbox:\/\/\/([^/\s():]+)\/([^/\s():]+\.ts):(\d+):\d+/g;

/**
 * The first frame in `stack` that belongs to a step rather than to the shared `_template`
 * (trace.ts itself, the platform), as `{ file, line }` with a bare file name; undefined if none.
 */
export function producerOf(
  stack: string | undefined,
  headerLines = FUNCTION_HEADER_LINES,
): SourceLocation | undefined {
  if (!stack) return undefined;
  for (const match of stack.matchAll(FRAME)) {
    const [, dir, file, line] = match;
    if (dir === '_template' || !file || !line) continue;
    return { file, line: Math.max(1, Number(line) - headerLines) };
  }
  return undefined;
}
