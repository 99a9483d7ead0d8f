/** The editor behind the file tabs: Monaco with TypeScript on fine pointers, a plain textarea on touch. */
// Types only: Monaco itself is imported on demand, in monacoEditor.
import type { monaco } from '../../lib/editor/monaco.ts';

/** What the workspace needs from an editor, whichever it is. */
export interface CodeEditor {
  readonly kind: 'monaco' | 'plain';
  show(file: string): void;
  setText(file: string, text: string): void;
  reveal(file: string, line: number, column: number): void;
  /** Type errors in the step's files (Monaco only; the plain editor has no type checker). */
  typeErrors(): Promise<{ file: string; line: number; column: number; message: string }[]>;
}

/** Options for createEditor. */
export interface EditorOptions {
  host: HTMLElement;
  step: string;
  /** The step's files by bare name (current text). */
  files: ReadonlyMap<string, string>;
  /** Read-only files the step imports (`_template/x.ts`), so IntelliSense sees them. */
  support: Record<string, string>;
  /** Read-only tabs: tab name → its path in `support` (the platform contract). */
  readonlyTabs: Record<string, string>;
  plain: boolean;
  label(file: string): string;
  onChange(file: string, text: string): void;
  onRun(): void;
}

/** Creates the editor; Monaco loads only here. */
export async function createEditor(options: EditorOptions): Promise<CodeEditor> {
  return options.plain ? plainEditor(options) : monacoEditor(options);
}

function plainEditor(options: EditorOptions): CodeEditor {
  const area = document.createElement('textarea');
  area.className = 'ws-plain';
  area.spellcheck = false;
  area.autocapitalize = 'off';
  area.rows = 18;
  let current = '';
  area.addEventListener('input', () => {
    if (!area.readOnly) options.onChange(current, area.value);
  });
  area.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      options.onRun();
    }
  });
  options.host.append(area);
  const view: CodeEditor = {
    kind: 'plain',
    show(file) {
      current = file;
      const support = options.readonlyTabs[file];
      area.readOnly = support !== undefined;
      area.value =
        support !== undefined ? (options.support[support] ?? '') : (options.files.get(file) ?? '');
      area.setAttribute('aria-label', options.label(file));
    },
    setText(file, text) {
      if (file === current) area.value = text;
    },
    reveal(file, line) {
      view.show(file);
      const offset = area.value
        .split('\n')
        .slice(0, line - 1)
        .join('\n').length;
      area.focus();
      area.setSelectionRange(offset, offset);
    },
    typeErrors: () => Promise.resolve([]),
  };
  return view;
}

/**
 * Escape arms Tab to leave the editor (instead of indenting), as a keyboard user expects; any
 * other key, or leaving the editor, disarms it.
 */
function escapeArmsTab(
  editor: monaco.editor.IStandaloneCodeEditor,
  keys: typeof monaco.KeyCode,
): void {
  let leaving = false;
  editor.onKeyDown((event) => {
    if (event.keyCode === keys.Escape) {
      leaving = true;
      editor.updateOptions({ tabFocusMode: true });
    } else if (leaving && event.keyCode !== keys.Tab) {
      leaving = false;
      editor.updateOptions({ tabFocusMode: false });
    }
  });
  editor.onDidBlurEditorText(() => {
    if (leaving) {
      leaving = false;
      editor.updateOptions({ tabFocusMode: false });
    }
  });
}

async function monacoEditor(options: EditorOptions): Promise<CodeEditor> {
  const { monaco, ensureModel, loadThemes, pageTheme, typeErrors } =
    await import('../../lib/editor/monaco.ts');
  await loadThemes();
  const support = new Map(
    Object.entries(options.support).map(([path, text]) => [path, ensureModel(path, text)] as const),
  );
  const models = new Map(
    [...options.files].map(([name, text]) => {
      const model = ensureModel(`${options.step}/${name}`, text);
      if (model.getValue() !== text) model.setValue(text);
      model.onDidChangeContent(() => options.onChange(name, model.getValue()));
      return [name, model] as const;
    }),
  );
  const container = document.createElement('div');
  container.className = 'ws-monaco';
  options.host.append(container);
  const editor = monaco.editor.create(container, {
    model: null,
    theme: pageTheme(),
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 13,
    tabSize: 2,
    accessibilitySupport: 'auto',
    fixedOverflowWidgets: true,
  });
  new MutationObserver(() => monaco.editor.setTheme(pageTheme())).observe(
    document.documentElement,
    {
      attributes: true,
      attributeFilter: ['data-theme'],
    },
  );
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  escapeArmsTab(editor, monaco.KeyCode);
  const view: CodeEditor = {
    kind: 'monaco',
    show(file) {
      const readonlyPath = options.readonlyTabs[file];
      const model = readonlyPath === undefined ? models.get(file) : support.get(readonlyPath);
      if (!model) return;
      editor.setModel(model);
      editor.updateOptions({
        ariaLabel: options.label(file),
        readOnly: readonlyPath !== undefined,
      });
    },
    setText(file, text) {
      const model = models.get(file);
      if (model && model.getValue() !== text) model.setValue(text);
    },
    reveal(file, line, column) {
      view.show(file);
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column });
      editor.focus();
    },
    async typeErrors() {
      const found = await Promise.all(
        [...models].map(async ([file, model]) =>
          (await typeErrors(model)).map((error) => ({ file, ...error })),
        ),
      );
      return found.flat();
    },
  };
  return view;
}
