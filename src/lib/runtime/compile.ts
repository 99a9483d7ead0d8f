/** Turns a step's TypeScript into JavaScript modules the browser can run, and finds their imports. */
import { transform } from 'sucrase';
import type { CompileError, SourceFiles } from './sandbox.ts';

/** Compiled modules by the same paths as their sources, or the errors that stopped compiling. */
export type CompileOutcome =
  { ok: true; modules: SourceFiles } | { ok: false; errors: CompileError[] };

/**
 * Strips types from every `.ts` file (sucrase: fast, no type-check; the editor shows type errors).
 * `esm` keeps `import`/`export` (for Node in WebContainer); `cjs` turns them into `require` calls
 * that read bindings live, for the in-page ModuleLoader.
 */
export function compileAll(files: SourceFiles, format: 'esm' | 'cjs' = 'esm'): CompileOutcome {
  const modules: SourceFiles = {};
  const errors: CompileError[] = [];
  for (const [path, source] of Object.entries(files)) {
    if (!path.endsWith('.ts')) continue;
    try {
      modules[path] = transform(source, {
        transforms: format === 'cjs' ? ['typescript', 'imports'] : ['typescript'],
        disableESTransforms: true,
        keepUnusedImports: false,
        filePath: path,
      }).code;
    } catch (error) {
      errors.push(toCompileError(path, error));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, modules };
}

function toCompileError(file: string, error: unknown): CompileError {
  const message = error instanceof Error ? error.message : String(error);
  // Sucrase reports positions as "(line:column)" at the end of its message.
  const where = /\((\d+):(\d+)\)\s*$/.exec(message);
  return {
    file,
    line: where ? Number(where[1]) : 1,
    column: where ? Number(where[2]) + 1 : 1,
    message: message.replace(/\s*\(\d+:\d+\)\s*$/, ''),
  };
}

/** Matches static imports/exports `from '…'` and dynamic `import('…')` of relative paths. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]+)\2/g;

/** Resolves `spec` against the module at `from` (both relative to content/sandboxes). */
export function resolveSpecifier(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of spec.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

/** Replaces each relative import in `code` by `rename(resolvedPath)`. */
export function rewriteImports(
  path: string,
  code: string,
  rename: (target: string) => string,
): string {
  return code.replace(SPECIFIER, (_, lead: string, quote: string, spec: string) => {
    return `${lead}${quote}${rename(resolveSpecifier(path, spec))}${quote}`;
  });
}

/** The modules `code` (the module at `path`) imports by relative path, with the line of each. */
export function importsOf(path: string, code: string): { target: string; line: number }[] {
  return [...code.matchAll(SPECIFIER)].map((match) => ({
    target: resolveSpecifier(path, match[3] ?? ''),
    line: code.slice(0, match.index).split('\n').length,
  }));
}
