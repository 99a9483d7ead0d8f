/** Imports code into chapter prose from the step files, so prose and sandboxes cannot drift apart. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';
import ts from 'typescript';
import { contentProblem as problem } from './content-errors.ts';
import { readingOrder, type Appearance } from './reading-order.ts';
import { readStep } from './step-yaml.ts';
import { closeTag, openTag } from '../workspace/html.ts';
import { workspaceMarkup } from '../workspace/markup.ts';
import { workspaceStrings } from '../i18n/workspace.ts';

/** Where the steps live, relative to the project root. */
const SANDBOXES = process.env['TAL_CONTENT_ROOT']
  ? join(process.env['TAL_CONTENT_ROOT'], 'sandboxes')
  : 'content/sandboxes';

/** What a fence's meta string asks for: ```ts file=02-timers/ioloop.ts symbol=IOLoop.callLater */
export interface SnippetRef {
  /** `<step>/<file>` inside content/sandboxes. */
  file: string;
  /** A declaration to cut out: `Name` or `Class.member`. */
  symbol?: string;
  /** A `// #region name` … `// #endregion` block to cut out. */
  region?: string;
}

/** Reads `key=value` pairs (values may be quoted) from a fence's meta string. */
export function parseMeta(meta: string | null | undefined): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const match of (meta ?? '').matchAll(/([a-zA-Z]+)=(?:"([^"]*)"|(\S+))/g)) {
    const [, key, quoted, bare] = match;
    if (key) pairs[key] = quoted ?? bare ?? '';
  }
  return pairs;
}

/** Cuts a declaration (with its doc comment) out of TypeScript source by name or `Class.member`. */
export function extractSymbol(source: string, symbol: string): string {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const [outer, inner] = symbol.split('.');
  const named = (node: ts.Node, name: string | undefined): boolean => {
    const id = (node as { name?: ts.Node }).name;
    if (id && ts.isIdentifier(id)) return id.text === name;
    if (id && ts.isPrivateIdentifier(id)) return id.text === `#${name}` || id.text === name;
    if (ts.isVariableStatement(node)) {
      return node.declarationList.declarations.some(
        (d) => ts.isIdentifier(d.name) && d.name.text === name,
      );
    }
    return false;
  };
  const top = file.statements.find((s) => named(s, outer));
  let found: ts.Node | undefined = top;
  if (top && inner !== undefined) {
    found = ts.isClassDeclaration(top) ? top.members.find((m) => named(m, inner)) : undefined;
  }
  if (!found) throw new Error(`no declaration "${symbol}"`);
  const text = source
    .slice(found.getFullStart(), found.getEnd())
    .split('\n')
    .filter((line) => !/^\s*\/\/ #(end)?region\b/.test(line))
    .join('\n')
    .replace(/^\s*\n/, '');
  return dedent(text);
}

/** Cuts the lines between `// #region name` and the next `// #endregion`. */
export function extractRegion(source: string, region: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.trim() === `// #region ${region}`);
  if (start < 0) throw new Error(`no region "${region}"`);
  const end = lines.findIndex((l, i) => i > start && l.trim().startsWith('// #endregion'));
  if (end < 0) throw new Error(`region "${region}" is never closed`);
  return dedent(lines.slice(start + 1, end).join('\n'));
}

function dedent(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Resolves a reference to the code it names; throws with a precise reason when it cannot. */
export function loadSnippet(ref: SnippetRef, root = SANDBOXES): string {
  if (!/^\d\d-[a-z0-9-]+\/[a-z0-9-]+\.ts$|^_template\/[a-z0-9-]+\.ts$/.test(ref.file)) {
    throw new Error(`file=${ref.file} is not <step>/<file>.ts`);
  }
  let source: string;
  try {
    source = readFileSync(join(root, ref.file), 'utf8');
  } catch {
    throw new Error(`file=${ref.file} does not exist in content/sandboxes`);
  }
  if (ref.symbol !== undefined) return extractSymbol(source, ref.symbol);
  if (ref.region !== undefined) return extractRegion(source, ref.region);
  return source.trimEnd();
}

/** The files of a step in display order; `changed` marks those new or changed in this step. */
export function stepFiles(
  step: string,
  root = SANDBOXES,
): { name: string; text: string; changed: boolean }[] {
  const { files, changes } = readStep(step, root);
  return files.map((name) => ({
    name,
    text: readFileSync(join(root, step, name), 'utf8').trimEnd(),
    changed: changes.includes(name),
  }));
}

/** How many step showings of each chapter file have been visited; the visitor goes in order. */
const showings = new Map<string, number>();
/** The reading order of each chapters folder, worked out once per pass over a chapter. */
const orders = new Map<string, Appearance[]>();

/** The index of this showing in its file; a file processed again (dev server) starts over. */
function nextShowing(file: string): number {
  const dir = join(file, '..');
  const index = showings.get(file) ?? 0;
  if (index === 0 || !orders.has(dir)) orders.set(dir, readingOrder(dir));
  const chapter = file.split(/[\\/]/).at(-1);
  const total = (orders.get(dir) ?? []).filter((a) => a.chapter === chapter).length;
  showings.set(file, total > 0 ? (index + 1) % total : 0);
  return index;
}

/**
 * The note before a chapter's first showing of a step that builds on steps the reader has not
 * met yet (see reading-order.ts), or '' when the step comes in order. `index` counts the
 * chapter's step showings (workspaces and `file=` snippets) from 0.
 */
export function previewNote(file: string, index: number): string {
  const lang = /[\\/]zh[\\/]/.test(file) ? 'zh' : 'en';
  const chapter = file.split(/[\\/]/).at(-1) ?? '';
  const order = orders.get(join(file, '..')) ?? readingOrder(join(file, '..'));
  const here = order.find((a) => a.chapter === chapter && a.index === index);
  if (!here?.preview) return '';
  // Only the chapter's first showing of the step carries the note.
  if (order.some((a) => a.chapter === chapter && a.step === here.step && a.index < index))
    return '';
  const n = here.step.slice(0, 2);
  const sameChapter = here.readyBy === chapter;
  const readyBy = Number(here.readyBy?.slice(0, 2));
  const text = workspaceStrings(lang).previewNote(n, sameChapter ? 'here' : readyBy);
  return `<p class="preview-note" data-preview-step="${here.step}">${text}</p>`;
}

/**
 * Two fence forms: ```ts file=NN-step/file.ts [symbol=Name.member | region=name] is replaced by
 * that code; ```step with a step id as its body becomes the step's workspace, its files highlighted
 * by the normal code pipeline. A reference that does not resolve fails the build, naming the
 * chapter file and the reference.
 */
export const stepSnippets = defineMdastPlugin({
  name: 'step-snippets',
  code(node, ctx) {
    const where = ctx.fileURL
      ? fileURLToPath(ctx.fileURL).replace(/^.*?content\//, 'content/')
      : '';
    // A fence showing a step before the steps it builds on says so (reading order).
    const shows = node.lang === 'step' || /\bfile=\d\d-/.test(node.meta ?? '');
    const note =
      shows && ctx.fileURL && /[\\/]chapters[\\/]/.test(where)
        ? previewNote(fileURLToPath(ctx.fileURL), nextShowing(fileURLToPath(ctx.fileURL)))
        : '';
    if (node.lang === 'step') {
      const step = node.value.trim();
      let files: { name: string; text: string; changed: boolean }[];
      let server: boolean;
      try {
        files = stepFiles(step);
        server = readStep(step, SANDBOXES).server;
      } catch (error) {
        problem(`${where}: step fence "${step}": ${(error as Error).message}`);
      }
      const lang = where.includes('/zh/') ? 'zh' : 'en';
      const changed = files.filter((file) => file.changed);
      const { open, close } = workspaceMarkup({
        step,
        lang,
        server,
        files: files.map((f) => f.name),
        ...(changed[0] ? { active: changed[0].name } : {}),
      });
      // Only what this step adds or changes is rendered into the page; the other files come with
      // the workspace's bundle when it upgrades, which keeps chapter pages light.
      ctx.replaceNode(node, [
        { type: 'html', value: note + open },
        ...changed.flatMap((file) => [
          {
            type: 'html' as const,
            value: openTag('div', { class: 'ws-file', 'data-file': file.name }).html,
          },
          { type: 'code' as const, lang: 'ts', meta: `title="${file.name}"`, value: file.text },
          { type: 'html' as const, value: closeTag('div').html },
        ]),
        { type: 'html', value: close },
      ]);
      return;
    }
    const meta = parseMeta(node.meta);
    if (meta['file'] === undefined) return;
    const ref: SnippetRef = { file: meta['file'] };
    if (meta['symbol'] !== undefined) ref.symbol = meta['symbol'];
    if (meta['region'] !== undefined) ref.region = meta['region'];
    try {
      ctx.setProperty(node, 'value', loadSnippet(ref));
    } catch (error) {
      problem(`${where}: code fence ${node.meta ?? ''}: ${(error as Error).message}`);
    }
    if (note) ctx.insertBefore(node, { type: 'html', value: note });
  },
});
