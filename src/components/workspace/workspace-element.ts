/** The `<tal-workspace>` element: file tabs, editor, Run/Stop/Reset, diffs, output and the request panel. */
import { lineDiff, withContext } from '../../lib/editor/diff.ts';
import { Debouncer, StorageError, WorkStore } from '../../lib/editor/persistence.ts';
import type { Lang } from '../../lib/content/schemas.ts';
import type { StepBundle } from '../../lib/content/step-bundle.ts';
import { workspaceStrings, type WorkspaceStrings } from '../../lib/i18n/workspace.ts';
import {
  ChecksStopped,
  ServerGoneError,
  type CompileError,
  type RunResult,
  type Sandbox,
  type TestOutcome,
} from '../../lib/runtime/sandbox.ts';
import { renderOutcomes } from './check-results.ts';
import {
  loadPreference,
  savePreference,
  type RuntimeManager,
  type RuntimePreference,
} from '../../lib/runtime/select.ts';
import type { OutputView } from './output.ts';
import type { CodeEditor } from './code-editor.ts';
import { offsetAtPoint, startInterim, type InterimEditor } from './interim-editor.ts';
import { requestPresets, toRawRequest } from './request-presets.ts';
import { el } from '../dom.ts';

const store = new WorkStore();
const saver = new Debouncer(600);
addEventListener('pagehide', () => saver.flush());

let manager: Promise<RuntimeManager> | undefined;
/** One runtime manager per page, loaded on the first run (or when the reader picks a runtime). */
function runtimes(notice: (message: string) => void): Promise<RuntimeManager> {
  manager ??= import('./runtime-setup.ts').then((m) => m.createManager(notice));
  return manager;
}

/** The bundle of a step, fetched once per page. */
const bundles = new Map<string, Promise<StepBundle>>();
/** How long Check may run: the exercise's own `timeLimitMs`, or 10 s for a step's checks. */
function checkLimitMs(bundle: StepBundle): number {
  // An exercise's bundle is a step bundle with its settings (ExerciseBundle in lib/exercises).
  const { exercise } = bundle as { exercise?: { timeLimitMs?: number } };
  return exercise?.timeLimitMs ?? 10_000;
}

function fetchBundle(url: string): Promise<StepBundle> {
  let bundle = bundles.get(url);
  if (!bundle) {
    bundle = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`could not load ${url} (${response.status})`);
      return response.json() as Promise<StepBundle>;
    });
    bundles.set(url, bundle);
  }
  return bundle;
}

/** How long a started server may take to listen before the request panel gives up on it. */
const LISTEN_LIMIT_MS = 10_000;

/** Why a serve run ended before (or after) its server listened. */
type ServeEnd = 'exited' | 'stopped' | 'compile' | 'failed';

/** A serve run's server has not listened, and now never will (or not in time). */
class NotListening extends Error {
  readonly why: ServeEnd | 'timeout';
  constructor(why: ServeEnd | 'timeout') {
    super(`the server is not listening (${why})`);
    this.why = why;
  }
}

/**
 * One `serve` run as the request panel sees it: `launched` settles when the program starts,
 * `listening` when its server listens (with the port) or when the run ends first.
 */
class ServeRun {
  readonly launched: Promise<void>;
  readonly listening: Promise<number>;
  /** The port the server listens on, once it does. */
  port: number | undefined;
  /** How the run ended, once it has. */
  ended: ServeEnd | undefined;
  #launch!: () => void;
  #listen!: (port: number) => void;
  #fail!: (error: NotListening) => void;

  constructor() {
    this.launched = new Promise((resolve) => (this.#launch = resolve));
    this.listening = new Promise<number>((resolve, reject) => {
      this.#listen = resolve;
      this.#fail = reject;
    });
    // Nobody may be waiting when a run ends early; that is not an unhandled rejection.
    this.listening.catch(() => undefined);
  }

  launch(): void {
    this.#launch();
  }

  /** The server listens on `port` (the first port reported wins). */
  listen(port: number): void {
    if (this.ended !== undefined || this.port !== undefined) return;
    this.port = port;
    this.#listen(port);
  }

  /** The run is over; a server that never listened now never will. */
  end(why: ServeEnd): void {
    if (this.ended !== undefined) return;
    this.ended = why;
    this.#fail(new NotListening(why));
    this.#launch();
  }

  /** Resolves with the port, or rejects when the run ends first or `limitMs` pass after launch. */
  async ready(limitMs: number): Promise<number> {
    await Promise.race([this.launched, this.listening]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new NotListening('timeout')), limitMs);
    });
    try {
      return await Promise.race([this.listening, limit]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The read-only tab every workspace shows: the platform contract the steps run on. */
const CONTRACT_TAB = 'platform.ts';
const CONTRACT_PATH = '_template/platform.ts';

/** Whether the primary pointer is coarse (touch): Monaco does not support those, a textarea does. */
const touchOnly = () =>
  matchMedia('(pointer: coarse)').matches && !matchMedia('(pointer: fine)').matches;

/** The live workspace around one embedded step. */
export class TalWorkspace extends HTMLElement {
  #t!: WorkspaceStrings;
  #lang: Lang = 'en';
  #step = '';
  #scope = '';
  /** Where the step's files, checks and template come from (exercises point elsewhere). */
  #bundleUrl = '';
  /** All file names in tab order. */
  #names: string[] = [];
  /** Settles once every file's original text is known and saved edits are applied. */
  #loaded: Promise<void> = Promise.resolve();
  /** Original texts of the step's files, by bare file name. */
  #originals = new Map<string, string>();
  /** Current texts (edited or original), by bare file name. */
  #texts = new Map<string, string>();
  #active = '';
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor> | undefined;
  /** The textarea that takes keystrokes while the editor loads. */
  #interim: InterimEditor | undefined;
  #restored = false;
  #output: OutputView | undefined;
  #sandbox: Sandbox | undefined;
  #running = false;
  /** The current `serve` run, from the moment it is asked for until it ends. */
  #serve: ServeRun | undefined;
  #runStarted = 0;
  /** How many edits the reader has made here; the latest one's save sets `data-save`. */
  #edits = 0;
  #ui!: {
    tabs: HTMLElement;
    contractNote: HTMLElement;
    editorHost: HTMLElement;
    diff: HTMLElement;
    status: HTMLElement;
    errors: HTMLUListElement;
    notice: HTMLElement;
    results: HTMLElement;
    outputHost: HTMLElement;
    run: HTMLButtonElement;
    stop: HTMLButtonElement;
    runtime: HTMLSelectElement;
    response?: HTMLPreElement;
    preview?: HTMLIFrameElement;
  };

  connectedCallback(): void {
    if (this.dataset['ready']) return;
    this.dataset['ready'] = 'upgrading';
    this.#step = this.dataset['step'] ?? '';
    this.#lang = this.dataset['lang'] === 'zh' ? 'zh' : 'en';
    this.#t = workspaceStrings(this.#lang);
    this.#scope = this.dataset['scope'] ?? `step:${this.#step}`;
    this.#bundleUrl = this.dataset['bundle'] ?? `/sandboxes/${this.#step}.json`;
    const rendered = new Map<string, string>();
    for (const file of this.querySelectorAll<HTMLElement>('.ws-file')) {
      rendered.set(file.dataset['file'] ?? '', file.querySelector('pre')?.textContent ?? '');
    }
    // Every file gets a tab at once; the page only renders the ones this step changed, and the
    // rest arrive with the bundle.
    const names = this.dataset['files']?.split(',').filter((n) => n !== '') ?? [...rendered.keys()];
    for (const name of names) {
      const text = rendered.get(name);
      if (text !== undefined) {
        this.#originals.set(name, text);
        this.#texts.set(name, text);
      }
    }
    this.#names = names;
    this.#active = [...rendered.keys()][0] ?? names[0] ?? '';
    this.#build();
    this.#loaded = this.#loadRest()
      .then(() => this.#restore())
      .then(() => {
        this.#restored = true;
      });
  }

  /** Fills in the files the page did not render, from the bundle, as plain text until the editor loads. */
  async #loadRest(): Promise<void> {
    if (this.#names.every((name) => this.#originals.has(name))) return;
    try {
      const bundle = await fetchBundle(this.#bundleUrl);
      for (const name of this.#names) {
        if (this.#originals.has(name)) continue;
        const text = bundle.files[`${this.#step}/${name}`] ?? '';
        this.#originals.set(name, text);
        this.#texts.set(name, text);
        const file = el(
          'div',
          { class: 'ws-file', 'data-file': name },
          el('pre', { tabindex: '0' }, el('code', {}, text)),
        );
        file.hidden = name !== this.#active;
        if (this.#editor) file.hidden = true;
        this.#ui.editorHost.append(file);
      }
    } catch (error) {
      this.#notice(error);
    }
  }

  /** Builds the controls around the server-rendered files. */
  #build(): void {
    const t = this.#t;
    let bar = this.querySelector<HTMLElement>('.ws-toolbar');
    if (!bar) {
      bar = el('div', { class: 'ws-toolbar' });
      this.prepend(bar);
    }
    const ssrRun = bar.querySelector<HTMLButtonElement>('.ws-run');
    const run = ssrRun ?? el('button', { type: 'button', class: 'ws-run' }, t.run);
    run.removeAttribute('disabled');
    const stop = el('button', { type: 'button', class: 'ws-stop', disabled: '' }, t.stop);
    const button = (label: string, action: () => void, cls = '') => {
      const b = el('button', { type: 'button', class: `ws-button ${cls}` }, label);
      b.addEventListener('click', action);
      return b;
    };
    const runtime = el(
      'select',
      { class: 'ws-runtime', 'aria-label': t.runtime },
      el('option', { value: 'auto' }, t.auto),
      el('option', { value: 'worker' }, t.worker),
      el('option', { value: 'webcontainer' }, t.webcontainer),
    );
    runtime.value = loadPreference(globalThis.localStorage);
    runtime.addEventListener(
      'change',
      () => void this.#setRuntime(runtime.value as RuntimePreference),
    );
    const importInput = el('input', { type: 'file', accept: 'application/json,.json', hidden: '' });
    importInput.addEventListener('change', () => void this.#importWork(importInput));
    const controls: HTMLElement[] = [run, stop];
    if (this.dataset['check'] !== undefined) {
      const check = el('button', { type: 'button', class: 'ws-check' }, t.check);
      check.addEventListener('click', () => void this.check());
      controls.push(check);
    }
    bar.replaceChildren(
      ...controls,
      button(t.resetFile, () => void this.#resetFile()),
      button(t.resetStep, () => void this.#resetStep()),
      ...(this.dataset['check'] === undefined
        ? [button(t.stepDiff, () => this.#showDiff('step'), 'ws-step-diff')]
        : []),
      button(t.ownDiff, () => this.#showDiff('own'), 'ws-own-diff'),
      button(t.exportWork, () => void this.#exportWork()),
      button(t.importWork, () => importInput.click()),
      importInput,
      runtime,
    );
    run.addEventListener('click', () => void this.run());
    stop.addEventListener('click', () => this.stop());

    const tabs = el('div', { class: 'ws-tabs', role: 'tablist', 'aria-label': t.files });
    for (const name of this.#tabNames()) {
      const contract = name === CONTRACT_TAB;
      const tab = el(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: contract ? 'ws-tab ws-tab--readonly' : 'ws-tab',
          'data-file': name,
          id: `${this.#step}-tab-${name}`,
        },
        el('span', { class: 'ws-tab__name' }, name),
        el('span', { class: 'ws-tab__mark', 'aria-hidden': 'true' }),
        el('span', { class: 'visually-hidden ws-tab__sr' }, contract ? ` (${t.readOnly})` : ''),
      );
      tab.addEventListener('click', () => this.#select(name));
      tab.addEventListener('keydown', (event) => this.#tabKeys(event));
      tabs.append(tab);
    }
    const editorHost = el('div', {
      class: 'ws-editor',
      role: 'tabpanel',
      'aria-labelledby': `${this.#step}-tab-${this.#active}`,
    });
    // Until the editor loads, the server-rendered, highlighted file is what the reader sees.
    for (const file of this.querySelectorAll<HTMLElement>('.ws-file')) editorHost.append(file);
    // The editor takes seconds to load; a textarea holds what the reader types meanwhile, placed
    // where they clicked (on click, after the press has moved focus) or at the top from the keyboard.
    let pressed = false;
    editorHost.addEventListener('pointerdown', () => {
      pressed = true;
      void this.#ensureEditor();
    });
    editorHost.addEventListener('click', (event) => {
      pressed = false;
      this.#startInterim(event);
    });
    editorHost.addEventListener('focusin', () => {
      void this.#ensureEditor();
      if (!pressed) this.#startInterim();
    });
    const contractNote = el('p', { class: 'ws-contract-note', hidden: '' }, t.contractNote);
    const diff = el('div', { class: 'ws-diff', hidden: '' });
    const status = el('p', { class: 'ws-status', role: 'status', 'aria-live': 'polite' });
    const errors = el('ul', { class: 'ws-errors', 'aria-label': 'Compile errors' });
    const notice = el('p', { class: 'ws-notice', role: 'alert', hidden: '' });
    const outputHost = el('div', { class: 'ws-output', role: 'region', 'aria-label': t.output });
    const results = el('div', { class: 'ws-results', hidden: '' });
    this.append(tabs, contractNote, editorHost, diff, status, errors, notice, results, outputHost);
    this.#ui = {
      tabs,
      contractNote,
      editorHost,
      diff,
      status,
      errors,
      notice,
      results,
      outputHost,
      run,
      stop,
      runtime,
    };
    if (this.dataset['server'] === 'true') this.#buildRequestPanel();
    this.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        void this.run();
      }
    });
    this.#select(this.#active);
    this.dataset['ready'] = 'true';
  }

  #buildRequestPanel(): void {
    const t = this.#t;
    const presets = requestPresets();
    const preset = el('select', { class: 'ws-preset' });
    for (const [index, p] of presets.entries())
      preset.append(el('option', { value: String(index) }, p.label));
    const method = el('select', { class: 'ws-method' });
    for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'])
      method.append(el('option', { value: m }, m));
    const path = el('input', { class: 'ws-path', type: 'text', value: '/', spellcheck: 'false' });
    const headers = el('textarea', { class: 'ws-headers', rows: '2', spellcheck: 'false' });
    const body = el('textarea', { class: 'ws-body', rows: '2', spellcheck: 'false' });
    const apply = () => {
      const p = presets[Number(preset.value)];
      if (!p) return;
      method.value = p.method;
      path.value = p.path;
      headers.value = p.headers;
      body.value = p.body;
    };
    preset.addEventListener('change', apply);
    apply();
    const label = (text: string, control: HTMLElement) =>
      el('label', {}, el('span', {}, text), control);
    const send = el('button', { type: 'submit', class: 'ws-send' }, t.send);
    const form = el(
      'form',
      { class: 'ws-request', 'aria-label': t.requestPanel },
      label(t.preset, preset),
      label(t.method, method),
      label(t.path, path),
      label(t.headers, headers),
      label(t.body, body),
      send,
    );
    const response = el('pre', { class: 'ws-response', 'aria-label': t.response, tabindex: '0' });
    const preview = el('iframe', { class: 'ws-preview', title: t.preview, hidden: '' });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const raw = toRawRequest({
        method: method.value,
        path: path.value,
        headers: headers.value,
        body: body.value,
      });
      void this.#send(raw, response);
    });
    this.append(
      el(
        'details',
        { class: 'ws-request-panel', open: '' },
        el('summary', {}, t.requestPanel),
        form,
        response,
        preview,
      ),
    );
    this.#ui.response = response;
    this.#ui.preview = preview;
  }

  /** The step's files, then the read-only contract. */
  #tabNames(): string[] {
    return [...this.#names, CONTRACT_TAB];
  }

  #tabKeys(event: KeyboardEvent): void {
    const names = this.#tabNames();
    const index = names.indexOf(this.#active);
    const move = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (move === 0) return;
    event.preventDefault();
    const next = names[(index + move + names.length) % names.length];
    if (next === undefined) return;
    this.#select(next);
    this.querySelector<HTMLElement>(`.ws-tab[data-file="${CSS.escape(next)}"]`)?.focus();
  }

  #select(name: string): void {
    this.#active = name;
    for (const tab of this.#ui.tabs.querySelectorAll<HTMLElement>('.ws-tab')) {
      const selected = tab.dataset['file'] === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    this.#ui.editorHost.setAttribute('aria-labelledby', `${this.#step}-tab-${name}`);
    this.#ui.contractNote.hidden = name !== CONTRACT_TAB;
    if (name === CONTRACT_TAB && !this.#editor) void this.#showContract();
    if (this.#interim && this.#interim.file !== name) {
      this.#interim.dispose();
      this.#interim = undefined;
    }
    for (const file of this.#ui.editorHost.querySelectorAll<HTMLElement>('.ws-file')) {
      file.hidden = this.#editor !== undefined || file.dataset['file'] !== name;
    }
    this.#editor?.show(name);
  }

  /** Before the editor loads, the contract shows as plain text from the step's bundle. */
  async #showContract(): Promise<void> {
    const host = this.#ui.editorHost;
    if (host.querySelector(`.ws-file[data-file="${CONTRACT_TAB}"]`)) return;
    const file = el('div', { class: 'ws-file', 'data-file': CONTRACT_TAB });
    host.append(file);
    try {
      const text = (await fetchBundle(this.#bundleUrl)).template[CONTRACT_PATH] ?? '';
      file.append(el('pre', { tabindex: '0' }, el('code', {}, text)));
    } catch (error) {
      this.#notice(error);
    }
    file.hidden = this.#editor !== undefined || this.#active !== CONTRACT_TAB;
  }

  /** Loads saved edits for this step; storage failures only produce a notice. */
  async #restore(): Promise<void> {
    try {
      for (const saved of await store.load(this.#scope)) {
        if (!this.#originals.has(saved.file)) continue;
        this.#setFile(saved.file, saved.text);
      }
    } catch (error) {
      this.#notice(error);
    }
    this.#refreshMarks();
  }

  #refreshMarks(): void {
    for (const tab of this.#ui.tabs.querySelectorAll<HTMLElement>('.ws-tab')) {
      const name = tab.dataset['file'] ?? '';
      if (name === CONTRACT_TAB) continue;
      const modified = this.#texts.get(name) !== this.#originals.get(name);
      tab.classList.toggle('ws-tab--modified', modified);
      const sr = tab.querySelector('.ws-tab__sr');
      if (sr) sr.textContent = modified ? ` (${this.#t.modified})` : '';
    }
  }

  /** Called by the editor on every change. */
  #edited(name: string, text: string): void {
    this.#texts.set(name, text);
    this.#refreshMarks();
    // `data-save` tells tests and tools when the latest edit is on disk, so nobody guesses with a sleep.
    const edit = ++this.#edits;
    this.dataset['save'] = 'pending';
    saver.schedule(`${this.#scope}/${name}`, () => {
      const save =
        text === this.#originals.get(name)
          ? store.remove(this.#scope, name)
          : store.save(this.#scope, name, text);
      save.then(
        () => {
          if (edit === this.#edits) this.dataset['save'] = 'saved';
        },
        (error: unknown) => {
          if (edit === this.#edits) this.dataset['save'] = 'failed';
          this.#notice(error);
        },
      );
    });
  }

  #ensureEditor(): Promise<CodeEditor> {
    this.#editorLoading ??= (async () => {
      this.#status(this.#t.loadingEditor);
      const { createEditor } = await import('./code-editor.ts');
      await this.#loaded;
      const bundle = await fetchBundle(this.#bundleUrl).catch(() => undefined);
      const editor = await createEditor({
        host: this.#ui.editorHost,
        step: this.#step,
        files: this.#texts,
        support: bundle ? { ...bundle.template } : {},
        readonlyTabs: { [CONTRACT_TAB]: CONTRACT_PATH },
        plain: touchOnly(),
        label: (file) => (touchOnly() ? this.#t.plainEditorLabel(file) : this.#t.editorLabel(file)),
        onChange: (file, text) => this.#edited(file, text),
        onRun: () => void this.run(),
      });
      for (const file of this.#ui.editorHost.querySelectorAll<HTMLElement>('.ws-file'))
        file.hidden = true;
      const caret = this.#interim?.dispose();
      this.#interim = undefined;
      this.#editor = editor;
      editor.show(this.#active);
      if (caret) {
        editor.setText(caret.file, this.#texts.get(caret.file) ?? '');
        if (caret.focused) editor.reveal(caret.file, caret.line, caret.column);
      }
      this.#status('');
      this.dataset['editor'] = editor.kind;
      return editor;
    })();
    return this.#editorLoading;
  }

  #startInterim(event?: MouseEvent): void {
    const file = this.#active;
    if (this.#editor || this.#interim || !this.#restored || file === CONTRACT_TAB) return;
    const view = this.#ui.editorHost.querySelector<HTMLElement>(
      `.ws-file[data-file="${CSS.escape(file)}"]`,
    );
    if (!view || view.hidden) return;
    const pre = view.querySelector<HTMLElement>('pre') ?? view;
    this.#interim = startInterim({
      view,
      file,
      text: this.#texts.get(file) ?? '',
      caret: (event && offsetAtPoint(pre, event.clientX, event.clientY)) ?? 0,
      label: this.#t.plainEditorLabel(file),
      focus: true,
      onInput: (text) => this.#edited(file, text),
    });
  }

  async #ensureOutput(): Promise<OutputView> {
    if (!this.#output) {
      const { createOutput } = await import('./output.ts');
      this.#output = createOutput(this.#ui.outputHost);
    }
    return this.#output;
  }

  #status(text: string): void {
    this.#ui.status.textContent = text;
  }

  #notice(error: unknown): void {
    const message =
      error instanceof StorageError || error instanceof Error ? error.message : String(error);
    this.#ui.notice.textContent = message;
    this.#ui.notice.hidden = false;
  }

  async #setRuntime(value: RuntimePreference): Promise<void> {
    savePreference(globalThis.localStorage, value);
    const m = await runtimes((message) => this.#notice(message));
    m.preference = value;
    if (value !== 'worker') void m.warm();
  }

  /** Source files to run: the step (with the reader's edits) plus the shared template. */
  #sources(bundle: StepBundle): Record<string, string> {
    const files: Record<string, string> = { ...bundle.template };
    for (const [name, text] of this.#texts) files[`${this.#step}/${name}`] = text;
    return files;
  }

  /** Compiles and runs the step's demo (or, for `serve`, keeps its server up). */
  async run(mode: 'demo' | 'serve' = 'demo'): Promise<RunResult | undefined> {
    // Set before the first await, so a Send right after this call waits for this very run.
    this.#serve?.end('stopped');
    const serve = mode === 'serve' ? new ServeRun() : undefined;
    this.#serve = serve;
    if (!serve) return this.#run(mode, undefined);
    try {
      return await this.#run(mode, serve);
    } catch (error) {
      serve.end('failed');
      throw error;
    } finally {
      serve.end('exited'); // No-op when the run already said how it ended.
      if (this.#serve === serve) this.#serve = undefined;
    }
  }

  async #run(mode: 'demo' | 'serve', serve: ServeRun | undefined): Promise<RunResult | undefined> {
    const t = this.#t;
    this.#runStarted = performance.now();
    this.dataset['lastRun'] = 'starting';
    this.#ui.errors.replaceChildren();
    this.#status(t.loadingRuntime);
    await this.#loaded;
    const [output, bundle, m] = await Promise.all([
      this.#ensureOutput(),
      fetchBundle(this.#bundleUrl),
      runtimes((message) => this.#notice(message)),
    ]);
    m.preference = this.#ui.runtime.value as RuntimePreference;
    const sandbox = await m.pick(bundle.template);
    this.#sandbox?.stop();
    this.#sandbox = sandbox;
    output.clear();
    this.#ui.outputHost.hidden = false;
    this.#status(t.compiling);
    await sandbox.mount(this.#sources(bundle));
    // Type errors do not stop a run (types are erased); they are checked beside it, off the
    // critical path to the first output line, and each is listed with its line.
    void this.#editor
      ?.typeErrors()
      .catch(() => [])
      .then((errors) => {
        this.dataset['typeErrors'] = String(errors.length);
        if (errors.length === 0 || this.#sandbox !== sandbox) return;
        this.#showCompileErrors(errors.map((e) => ({ ...e, file: `${this.#step}/${e.file}` })));
        output.write(
          `\x1b[33m${t.typeErrors(errors.length)}:\n${errors
            .map((e) => `  ${e.file}:${e.line}:${e.column} ${e.message}`)
            .join('\n')}\x1b[0m\n`,
          'stdout',
        );
      });
    this.#watchPreview(sandbox, mode);
    const runtimeName = t.runtimeNames[sandbox.kind];
    this.#running = true;
    this.#ui.run.disabled = false;
    this.#ui.stop.disabled = false;
    // Where the server is asked to listen; the request panel uses the port it reports instead.
    const askedPort = sandbox.kind === 'worker' ? 8080 : 3000;
    this.#status(mode === 'serve' ? t.serving(askedPort, runtimeName) : t.running(runtimeName));
    this.dataset['runtime'] = sandbox.kind;
    this.dataset['lastRun'] = 'running';
    this.dispatchEvent(
      new CustomEvent('tal-run-start', {
        detail: { step: this.#step, mode, runtime: sandbox.kind },
      }),
    );
    let firstOutput = true;
    delete this.dataset['listening'];
    serve?.launch();
    const result = await sandbox.run(
      {
        entry: `${this.#step}/${bundle.entry}`,
        mode,
        port: askedPort,
      },
      {
        output: (text, stream) => {
          if (firstOutput) {
            firstOutput = false;
            this.dataset['firstOutputMs'] = String(
              Math.round(performance.now() - this.#runStarted),
            );
          }
          output.write(text, stream);
        },
        trace: (event) => this.dispatchEvent(new CustomEvent('tal-trace', { detail: event })),
        listening: (port) => {
          if (!serve || serve.ended !== undefined || serve.port !== undefined) return;
          serve.listen(port);
          this.dataset['listening'] = String(port);
          this.#status(t.serving(port, runtimeName));
        },
      },
    );
    serve?.end(
      result.compileErrors.length > 0 ? 'compile' : result.exitCode === null ? 'stopped' : 'exited',
    );
    if (this.#sandbox !== sandbox) return result; // A newer run took over.
    this.dispatchEvent(new CustomEvent('tal-run-end', { detail: result }));
    this.#running = false;
    this.#ui.stop.disabled = true;
    if (result.compileErrors.length > 0) {
      this.#showCompileErrors(result.compileErrors);
      this.#status(t.compileFailed(result.compileErrors.length));
      this.dataset['lastRun'] = 'compile-error';
      return result;
    }
    const elapsed = Math.round(result.elapsedMs);
    const first =
      result.firstOutputMs === null ? '' : t.firstOutput(Math.round(result.firstOutputMs));
    this.#status(
      result.exitCode === null
        ? t.stopped(runtimeName)
        : t.exited(result.exitCode, elapsed, runtimeName, first),
    );
    this.dataset['lastRun'] = result.exitCode === null ? 'stopped' : `exit-${result.exitCode}`;
    output.write(
      `\x1b[2m── ${result.exitCode === null ? 'stopped' : `exit ${result.exitCode}`} · ${runtimeName}\x1b[0m\n`,
      'stdout',
    );
    return result;
  }

  /** Shows `line` of `file` (a bare name, e.g. `ioloop.ts`) in the editor, loading it if needed. */
  revealLine(file: string, line: number): Promise<void> {
    return this.#jump(file, line, 1);
  }

  /** The current text of each file (the reader's edits included), by bare name. */
  files(): Record<string, string> {
    return Object.fromEntries(this.#texts);
  }

  /**
   * Runs the bundle's visible checks in the Worker runtime and shows each result. A run that Stop
   * or the exercise's time limit ends has no result: it is reported as such and never recorded.
   */
  async check(): Promise<TestOutcome[]> {
    const t = this.#t;
    await this.#loaded;
    this.#status(t.checking);
    this.dataset['lastCheck'] = 'running';
    // The last run's results would read as this one's while it runs.
    this.#ui.results.replaceChildren();
    this.#ui.results.hidden = true;
    const [bundle, m] = await Promise.all([
      fetchBundle(this.#bundleUrl),
      runtimes((message) => this.#notice(message)),
    ]);
    const sandbox = m.worker();
    this.#sandbox?.stop();
    this.#sandbox = sandbox;
    await sandbox.mount({ ...this.#sources(bundle), ...bundle.checks });
    const output = await this.#ensureOutput();
    output.clear();
    this.#running = true;
    this.#ui.stop.disabled = false;
    const limitMs = checkLimitMs(bundle);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      sandbox.stop();
    }, limitMs);
    let outcomes: TestOutcome[];
    try {
      outcomes = await sandbox.test(Object.keys(bundle.checks), {
        output: (text, stream) => output.write(text, stream),
      });
    } catch (error) {
      if (!(error instanceof ChecksStopped)) throw error;
      const message = timedOut ? t.checkTimedOut(limitMs / 1000) : t.checkStopped;
      this.#status(message);
      this.dataset['lastCheck'] = timedOut ? 'timeout' : 'stopped';
      this.#ui.results.replaceChildren(el('p', { class: 'ws-results__stopped' }, message));
      this.#ui.results.hidden = false;
      return [];
    } finally {
      clearTimeout(timer);
      this.#running = false;
      this.#ui.stop.disabled = true;
      // Checks that print nothing leave no empty terminal under their results.
      this.#ui.outputHost.hidden = output.text === '';
    }
    const passed = outcomes.filter((o) => o.ok).length;
    this.#status(t.checked(passed, outcomes.length));
    this.dataset['lastCheck'] = `${passed}/${outcomes.length}`;
    renderOutcomes(this.#ui.results, outcomes, t);
    this.dispatchEvent(new CustomEvent('tal-check', { detail: outcomes }));
    return outcomes;
  }

  #unwatchPreview: (() => void) | undefined;

  /** In WebContainer, a serving step's `server-ready` URL opens in the preview pane. */
  #watchPreview(sandbox: Sandbox, mode: 'demo' | 'serve'): void {
    this.#unwatchPreview?.();
    this.#unwatchPreview = undefined;
    const preview = this.#ui.preview;
    if (!preview || mode !== 'serve' || !('onServerReady' in sandbox)) return;
    const watch = sandbox.onServerReady as (
      listener: (port: number, url: string) => void,
    ) => () => void;
    this.#unwatchPreview = watch.call(sandbox, (_port, url) => {
      preview.src = url;
      preview.hidden = false;
    });
  }

  /** Ends the current run at once. */
  stop(): void {
    if (!this.#running) return;
    this.#sandbox?.stop();
  }

  #showCompileErrors(errors: CompileError[]): void {
    const step = `${this.#step}/`;
    this.#ui.errors.replaceChildren(
      ...errors.map((error) => {
        const file = error.file.startsWith(step) ? error.file.slice(step.length) : error.file;
        const jump = el(
          'button',
          { type: 'button', class: 'ws-error' },
          `${file}:${error.line}:${error.column} ${error.message}`,
        );
        jump.addEventListener('click', () => void this.#jump(file, error.line, error.column));
        return el('li', {}, jump);
      }),
    );
  }

  async #jump(file: string, line: number, column: number): Promise<void> {
    if (!this.#originals.has(file)) return;
    this.#select(file);
    const editor = await this.#ensureEditor();
    editor.reveal(file, line, column);
  }

  async #send(raw: Uint8Array, view: HTMLPreElement): Promise<void> {
    const t = this.#t;
    // Start the server if none is up or starting; either way wait for its own "listening" signal.
    if (!this.#serve) this.run('serve').catch((error: unknown) => this.#notice(error));
    const serve = this.#serve;
    if (!serve) return;
    this.dataset['lastSend'] = 'waiting';
    if (serve.port === undefined) view.textContent = t.waitingForServer;
    let port: number;
    try {
      port = await serve.ready(LISTEN_LIMIT_MS);
    } catch (error) {
      const why = error instanceof NotListening ? error.why : 'failed';
      view.textContent =
        why === 'timeout'
          ? t.neverListened(LISTEN_LIMIT_MS / 1000)
          : why === 'stopped'
            ? t.stoppedBeforeListening
            : why === 'compile'
              ? t.notCompiled
              : why === 'failed'
                ? t.notStarted
                : t.exitedBeforeListening;
      this.dataset['lastSend'] = `not-listening-${why}`;
      return;
    }
    const sandbox = this.#sandbox;
    // The parser's refusal reason travels in the trace; show it beside the bare status line.
    const refusals: string[] = [];
    const onTrace = (event: Event) => {
      const detail = (event as CustomEvent<{ kind?: string; status?: number; reason?: string }>)
        .detail;
      if (detail.kind === 'http.refused')
        refusals.push(`${detail.status ?? ''} ${detail.reason ?? ''}`.trim());
    };
    this.addEventListener('tal-trace', onTrace);
    const sent = performance.now();
    try {
      if (!sandbox?.request) throw new Error('this runtime cannot send requests');
      const reply = await sandbox.request(raw, port);
      const text = new TextDecoder().decode(reply);
      view.textContent =
        refusals.length > 0 ? `${text}\n\n${t.refused(refusals.join('; '))}` : text;
      this.dataset['lastSend'] = 'answered';
      this.dataset['replyMs'] = String(Math.round(performance.now() - sent));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      view.textContent =
        error instanceof ServerGoneError || serve.ended !== undefined
          ? t.exitedDuringRequest
          : message;
      this.dataset['lastSend'] = 'failed';
    } finally {
      this.removeEventListener('tal-trace', onTrace);
    }
  }

  async #resetFile(): Promise<void> {
    const name = this.#active;
    if (!this.#originals.has(name)) return; // the read-only contract
    const original = this.#originals.get(name) ?? '';
    if (this.#texts.get(name) === original) return;
    if (!confirm(this.#t.confirmResetFile(name))) return;
    this.#setFile(name, original);
    this.#refreshMarks();
    await store.remove(this.#scope, name).catch((error: unknown) => this.#notice(error));
  }

  async #resetStep(): Promise<void> {
    const changed = [...this.#originals].filter(([name, text]) => this.#texts.get(name) !== text);
    if (changed.length === 0) return;
    if (!confirm(this.#t.confirmResetStep)) return;
    for (const [name, text] of changed) {
      this.#setFile(name, text);
      await store.remove(this.#scope, name).catch((error: unknown) => this.#notice(error));
    }
    this.#refreshMarks();
  }

  /** Puts `text` in file `name` everywhere it shows: the model, the editor and the static view. */
  #setFile(name: string, text: string): void {
    this.#texts.set(name, text);
    this.#editor?.setText(name, text);
    if (this.#interim?.file === name) this.#interim.setText(text);
    // Before the editor loads, the static view shows the text (unhighlighted once it differs).
    const pre = this.querySelector<HTMLElement>(`.ws-file[data-file="${CSS.escape(name)}"] pre`);
    if (pre && pre.textContent !== text) pre.replaceChildren(el('code', {}, text));
  }

  /** Shows a diff of the active file: against the previous step, or against the original. */
  #showDiff(kind: 'step' | 'own'): void {
    const view = this.#ui.diff;
    if (!view.hidden && view.dataset['kind'] === kind) {
      view.hidden = true;
      return;
    }
    void fetchBundle(this.#bundleUrl).then((bundle) => {
      const name = this.#active;
      const after =
        kind === 'own' ? (this.#texts.get(name) ?? '') : (this.#originals.get(name) ?? '');
      const before =
        kind === 'own' ? (this.#originals.get(name) ?? '') : (bundle.previous[name] ?? '');
      const title = kind === 'own' ? `${this.#t.ownDiff}: ${name}` : `${this.#t.stepDiff}: ${name}`;
      const lines = withContext(lineDiff(before, after));
      const body =
        lines.length === 0 || lines.every((l) => l.kind === 'same' || l.kind === 'gap')
          ? el('p', {}, this.#t.noChanges)
          : el(
              'pre',
              { class: 'ws-diff__lines', tabindex: '0' },
              ...lines.map((line) =>
                line.kind === 'gap'
                  ? el('span', { class: 'ws-diff__gap' }, `⋯ ${line.count} unchanged\n`)
                  : el(
                      line.kind === 'added' ? 'ins' : line.kind === 'removed' ? 'del' : 'span',
                      { class: `ws-diff__${line.kind}` },
                      `${line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' '} ${line.text}\n`,
                    ),
              ),
            );
      const close = el('button', { type: 'button', class: 'ws-button' }, this.#t.closeDiff);
      close.addEventListener('click', () => (view.hidden = true));
      const firstStep = kind === 'step' && Object.keys(bundle.previous).length === 0;
      view.replaceChildren(
        el('h3', { class: 'ws-diff__title' }, title),
        firstStep ? el('p', {}, this.#t.firstStep) : body,
        close,
      );
      view.dataset['kind'] = kind;
      view.hidden = false;
    });
  }

  async #exportWork(): Promise<void> {
    saver.flush();
    try {
      const data = await store.exportAll();
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const link = el('a', {
        href: URL.createObjectURL(blob),
        download: 'tornado-async-lab-work.json',
      });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      this.#notice(error);
    }
  }

  async #importWork(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      let data: unknown;
      try {
        data = JSON.parse(await file.text());
      } catch {
        throw new StorageError(`${file.name} is not a JSON file.`);
      }
      const count = await store.importAll(data);
      this.#status(this.#t.imported(count));
      await this.#restore();
    } catch (error) {
      this.#notice(error);
    }
  }
}

if (!customElements.get('tal-workspace')) customElements.define('tal-workspace', TalWorkspace);
