/** Loads Monaco with TypeScript only, coloured by the same Shiki themes as the page, with one model per file. */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/typescript/register';
import {
  getTypeScriptWorker,
  typescriptDefaults,
} from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import { shikiToMonaco } from '@shikijs/monaco';
import { createHighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';

export { monaco };

/** Only the editor and TypeScript workers ship; no other language's worker is referenced. */
(self as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
  getWorker(_id, label) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
  },
};

typescriptDefaults.setCompilerOptions({
  target: 99,
  module: 99,
  // Bundler resolution (100): the wrapper's enum lacks it, the worker's TypeScript accepts it.
  ...({ moduleResolution: 100 } as object),
  strict: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  isolatedModules: true,
});
typescriptDefaults.setEagerModelSync(true);

let themes: Promise<void> | undefined;
/** Registers the page's light and dark Shiki themes in Monaco (once). */
export function loadThemes(): Promise<void> {
  themes ??= (async () => {
    const highlighter = await createHighlighterCore({
      themes: [
        import('shiki/themes/github-light-default.mjs'),
        import('shiki/themes/github-dark-default.mjs'),
      ],
      langs: [import('shiki/langs/typescript.mjs')],
      engine: createJavaScriptRegexEngine(),
    });
    shikiToMonaco(highlighter, monaco);
  })();
  return themes;
}

/** The Monaco theme that matches the page's current theme. */
export function pageTheme(): string {
  return document.documentElement.dataset['theme'] === 'dark'
    ? 'github-dark-default'
    : 'github-light-default';
}

/** The model URI of a sandbox file (`02-timers/ioloop.ts`). */
export function fileUri(path: string): monaco.Uri {
  return monaco.Uri.parse(`file:///sandboxes/${path}`);
}

/** Returns the model for `path`, creating it with `text` if it does not exist yet. */
export function ensureModel(path: string, text: string): monaco.editor.ITextModel {
  const uri = fileUri(path);
  const existing = monaco.editor.getModel(uri);
  if (existing) return existing;
  return monaco.editor.createModel(text, 'typescript', uri);
}

/** Type errors (semantic and syntactic) of one model, from the TypeScript worker. */
export async function typeErrors(
  model: monaco.editor.ITextModel,
): Promise<{ line: number; column: number; message: string }[]> {
  const worker = await (await getTypeScriptWorker())(model.uri);
  const uri = model.uri.toString();
  const found = [
    ...(await worker.getSyntacticDiagnostics(uri)),
    ...(await worker.getSemanticDiagnostics(uri)),
  ];
  return found.map((d) => {
    const at = model.getPositionAt(d.start ?? 0);
    const text =
      typeof d.messageText === 'string' ? d.messageText : (d.messageText?.messageText ?? '');
    return { line: at.lineNumber, column: at.column, message: text };
  });
}
