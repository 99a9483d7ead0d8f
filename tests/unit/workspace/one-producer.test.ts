/** The workspace's markup has one producer, every page uses it, and its strings are typed so no language can lack one. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseStrings, type ExerciseStrings } from '../../../src/lib/exercises/strings.ts';
import { workspaceStrings, type WorkspaceStrings } from '../../../src/lib/i18n/workspace.ts';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|astro)$/.test(name) ? [relative(root, path)] : [];
  });
}

/** Ways code could build a workspace of its own: the element's tag or its toolbar. */
const BUILDS_A_WORKSPACE = [
  /['"]<tal-workspace/, // an HTML string
  /`<tal-workspace\s/, // a template literal with attributes (comments name the tag as `<tal-workspace>`)
  /^\s*<tal-workspace/m, // Astro or HTML markup
  /createElement\(\s*['"]tal-workspace/,
  /openTag\(\s*['"]tal-workspace/,
  /class(?:Name)?[=:]\s*['"]ws-toolbar/,
];

describe('the workspace markup', () => {
  it('is built in src/lib/workspace/markup.ts alone', () => {
    const producers = sources(join(root, 'src')).filter((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return BUILDS_A_WORKSPACE.some((pattern) => pattern.test(text));
    });
    expect(producers).toEqual(['src/lib/workspace/markup.ts']);
  });

  it('is what chapters, exercise pages and the assignment view render', () => {
    const uses: Record<string, string> = {
      'src/lib/content/step-snippets.ts': 'workspaceMarkup(',
      'src/pages/[lang]/exercises/[id].astro': '<Workspace',
      'src/components/assignment/student-view.ts': 'plainWorkspace(',
      'src/components/workspace/Workspace.astro': 'workspaceMarkup(',
    };
    for (const [file, call] of Object.entries(uses))
      expect(readFileSync(join(root, file), 'utf8'), file).toContain(call);
  });
});

describe('interface strings', () => {
  it('a language that lacks a workspace or exercise string does not type-check', () => {
    const { run, ...withoutRun } = workspaceStrings('en');
    // @ts-expect-error run is missing: every language must name every control.
    const workspace: WorkspaceStrings = withoutRun;
    const { hints, ...withoutHints } = exerciseStrings.en;
    // @ts-expect-error hints is missing: every language must say every exercise string.
    const exercise: ExerciseStrings = withoutHints;
    expect([run, typeof hints]).toEqual(['Run', 'string']);
    expect(workspace).not.toHaveProperty('run');
    expect(exercise).not.toHaveProperty('hints');
  });

  it('both languages have the same keys', () => {
    expect(Object.keys(workspaceStrings('zh')).sort()).toEqual(
      Object.keys(workspaceStrings('en')).sort(),
    );
    expect(Object.keys(exerciseStrings.zh).sort()).toEqual(Object.keys(exerciseStrings.en).sort());
  });
});
