/** The workspace's file tabs and editor panel: static views first, a textarea while the editor loads, then Monaco. */
import { CONTRACT_TAB, tabId } from '../../lib/workspace/markup.ts';
import type { WorkFiles } from '../../lib/workspace/work-files.ts';
import type { WorkspaceStrings } from '../../lib/i18n/workspace.ts';
import type { CodeEditor } from './code-editor.ts';
import { offsetAtPoint, startInterim, type InterimEditor } from './interim-editor.ts';
import { el } from '../dom.ts';

/** Where the contract's text lives in a bundle's template. */
const CONTRACT_PATH = '_template/platform.ts';

/** Whether the primary pointer is coarse (touch): Monaco does not support those, a textarea does. */
const touchOnly = () =>
  matchMedia('(pointer: coarse)').matches && !matchMedia('(pointer: fine)').matches;

/** What the views need from their workspace. */
export interface FileViewsOptions {
  root: HTMLElement;
  step: string;
  files: WorkFiles;
  t: WorkspaceStrings;
  /** The template files (the contract among them), for the editor's types and the contract tab. */
  template(): Promise<Record<string, string>>;
  /** Settles once every original is known and saved edits are applied. */
  loaded: Promise<void>;
  status(text: string): void;
  notice(error: unknown): void;
  onRun(): void;
}

/** Tabs, the panel and whichever editor is live, over the server-rendered markup. */
export class FileViews {
  readonly #o: FileViewsOptions;
  readonly #tabs: HTMLElement;
  readonly #host: HTMLElement;
  readonly #contractNote: HTMLElement;
  #active: string;
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor> | undefined;
  /** The textarea that takes keystrokes while the editor loads. */
  #interim: InterimEditor | undefined;
  #restored = false;

  constructor(options: FileViewsOptions) {
    this.#o = options;
    const part = (selector: string) => options.root.querySelector<HTMLElement>(selector);
    this.#tabs = part('.ws-tabs') ?? el('div');
    this.#host = part('.ws-editor') ?? el('div');
    this.#contractNote = part('.ws-contract-note') ?? el('p');
    this.#active =
      this.#tabs.querySelector<HTMLElement>('[aria-selected="true"]')?.dataset['file'] ?? '';
    void options.loaded.then(() => (this.#restored = true));
    this.#wire();
    this.select(this.#active);
    const wanted = options.root.dataset['editorWanted'] !== undefined;
    if (wanted || this.#host.contains(document.activeElement)) void this.ensureEditor();
  }

  get active(): string {
    return this.#active;
  }

  /** The file names of the tabs, the contract last. */
  #names(): string[] {
    return [...this.#o.files.names, CONTRACT_TAB];
  }

  #wire(): void {
    for (const tab of this.#tabs.querySelectorAll<HTMLButtonElement>('.ws-tab')) {
      tab.disabled = false;
      tab.addEventListener('click', () => this.select(tab.dataset['file'] ?? ''));
      tab.addEventListener('keydown', (event) => this.#tabKeys(event));
    }
    // The editor takes seconds to load; a textarea holds what the reader types meanwhile, placed
    // where they clicked (on click, after the press has moved focus) or at the top from the keyboard.
    let pressed = false;
    this.#host.addEventListener('pointerdown', () => {
      pressed = true;
      void this.ensureEditor();
    });
    this.#host.addEventListener('click', (event) => {
      pressed = false;
      this.#startInterim(event);
    });
    this.#host.addEventListener('focusin', () => {
      void this.ensureEditor();
      if (!pressed) this.#startInterim();
    });
  }

  #tabKeys(event: KeyboardEvent): void {
    const names = this.#names();
    const index = names.indexOf(this.#active);
    const move = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (move === 0) return;
    event.preventDefault();
    const next = names[(index + move + names.length) % names.length];
    if (next === undefined) return;
    this.select(next);
    this.#tabs.querySelector<HTMLElement>(`.ws-tab[data-file="${CSS.escape(next)}"]`)?.focus();
  }

  select(name: string): void {
    this.#active = name;
    for (const tab of this.#tabs.querySelectorAll<HTMLElement>('.ws-tab')) {
      const selected = tab.dataset['file'] === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    this.#host.setAttribute('aria-labelledby', tabId(this.#o.step, name));
    this.#contractNote.hidden = name !== CONTRACT_TAB;
    if (name === CONTRACT_TAB && !this.#editor) void this.#showContract();
    if (this.#interim && this.#interim.file !== name) {
      this.#interim.dispose();
      this.#interim = undefined;
    }
    for (const file of this.#host.querySelectorAll<HTMLElement>('.ws-file')) {
      file.hidden = this.#editor !== undefined || file.dataset['file'] !== name;
    }
    this.#editor?.show(name);
  }

  /** A file the page did not render arrived with the bundle: shown as plain text until the editor loads. */
  addView(name: string, text: string): void {
    if (this.#viewOf(name)) return;
    const file = el(
      'div',
      { class: 'ws-file', 'data-file': name },
      el('pre', { tabindex: '0' }, el('code', {}, text)),
    );
    file.hidden = this.#editor !== undefined || name !== this.#active;
    this.#host.append(file);
  }

  #viewOf(name: string): HTMLElement | null {
    return this.#host.querySelector<HTMLElement>(`.ws-file[data-file="${CSS.escape(name)}"]`);
  }

  /** Before the editor loads, the contract shows as plain text from the step's bundle. */
  async #showContract(): Promise<void> {
    if (this.#viewOf(CONTRACT_TAB)) return;
    const file = el('div', { class: 'ws-file', 'data-file': CONTRACT_TAB });
    this.#host.append(file);
    try {
      const text = (await this.#o.template())[CONTRACT_PATH] ?? '';
      file.append(el('pre', { tabindex: '0' }, el('code', {}, text)));
    } catch (error) {
      this.#o.notice(error);
    }
    file.hidden = this.#editor !== undefined || this.#active !== CONTRACT_TAB;
  }

  /** Shows each tab's modified mark, seen and heard. */
  refreshMarks(): void {
    for (const tab of this.#tabs.querySelectorAll<HTMLElement>('.ws-tab')) {
      const name = tab.dataset['file'] ?? '';
      if (name === CONTRACT_TAB) continue;
      const modified = this.#o.files.modified(name);
      tab.classList.toggle('ws-tab--modified', modified);
      const sr = tab.querySelector('.ws-tab__sr');
      if (sr) sr.textContent = modified ? ` (${this.#o.t.modified})` : '';
    }
  }

  /** Puts `text` in file `name` everywhere it shows: the editor, the textarea and the static view. */
  setText(name: string, text: string): void {
    this.#editor?.setText(name, text);
    if (this.#interim?.file === name) this.#interim.setText(text);
    // Before the editor loads, the static view shows the text (unhighlighted once it differs).
    const pre = this.#viewOf(name)?.querySelector('pre');
    if (pre && pre.textContent !== text) pre.replaceChildren(el('code', {}, text));
  }

  /** The editor, loaded once; the textarea's text and caret carry over into it. */
  ensureEditor(): Promise<CodeEditor> {
    this.#editorLoading ??= this.#loadEditor();
    return this.#editorLoading;
  }

  /** The editor if it has loaded. */
  get editor(): CodeEditor | undefined {
    return this.#editor;
  }

  async #loadEditor(): Promise<CodeEditor> {
    const { t, files } = this.#o;
    this.#o.status(t.loadingEditor);
    const { createEditor } = await import('./code-editor.ts');
    await this.#o.loaded;
    const template = await this.#o.template().catch(() => ({}));
    const editor = await createEditor({
      host: this.#host,
      step: this.#o.step,
      // The live texts: the plain editor reads a file's current text each time it shows it.
      files: files.texts(),
      support: { ...template },
      readonlyTabs: { [CONTRACT_TAB]: CONTRACT_PATH },
      plain: touchOnly(),
      label: (file) => (touchOnly() ? t.plainEditorLabel(file) : t.editorLabel(file)),
      onChange: (file, text) => files.edit(file, text),
      onRun: () => this.#o.onRun(),
    });
    for (const file of this.#host.querySelectorAll<HTMLElement>('.ws-file')) file.hidden = true;
    const caret = this.#interim?.dispose();
    this.#interim = undefined;
    this.#editor = editor;
    editor.show(this.#active);
    if (caret) {
      editor.setText(caret.file, files.text(caret.file));
      if (caret.focused) editor.reveal(caret.file, caret.line, caret.column);
    }
    this.#o.status('');
    this.#o.root.dataset['editor'] = editor.kind;
    return editor;
  }

  #startInterim(event?: MouseEvent): void {
    const file = this.#active;
    if (this.#editor || this.#interim || !this.#restored || file === CONTRACT_TAB) return;
    const view = this.#viewOf(file);
    if (!view || view.hidden) return;
    const pre = view.querySelector<HTMLElement>('pre') ?? view;
    this.#interim = startInterim({
      view,
      file,
      text: this.#o.files.text(file),
      caret: (event && offsetAtPoint(pre, event.clientX, event.clientY)) ?? 0,
      label: this.#o.t.plainEditorLabel(file),
      focus: true,
      onInput: (text) => this.#o.files.edit(file, text),
    });
  }

  /** Shows `file` at `line`:`column` in the editor, loading it if needed. */
  async jump(file: string, line: number, column: number): Promise<void> {
    if (!this.#o.files.has(file)) return;
    this.select(file);
    const editor = await this.ensureEditor();
    editor.reveal(file, line, column);
  }
}
