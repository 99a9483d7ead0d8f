/** The `<tal-workspace>` element: wires the server-rendered workspace to its session and shows what the session reports. */
import { StorageError } from '../../lib/editor/persistence.ts';
import type { Lang } from '../../lib/content/schemas.ts';
import { workspaceStrings, type WorkspaceStrings } from '../../lib/i18n/workspace.ts';
import type { RunResult, TestOutcome } from '../../lib/runtime/sandbox.ts';
import {
  loadPreference,
  savePreference,
  type RuntimeNotice,
  type RuntimePreference,
} from '../../lib/runtime/select.ts';
import { WorkspaceSession, type SessionEvent } from '../../lib/workspace/session.ts';
import type { FilesEvent } from '../../lib/workspace/work-files.ts';
import { renderOutcomes } from './check-results.ts';
import { toggleDiff, type DiffKind } from './diff-view.ts';
import { FileViews } from './file-views.ts';
import {
  exportWork,
  fetchBundle,
  importWork,
  runtimeNotices,
  runtimes,
  saver,
  store,
} from './page-shared.ts';
import { wireRequestPanel } from './request-panel.ts';
import { RunView } from './run-view.ts';
import { el } from '../dom.ts';

/** The parts of the markup the element writes to (see lib/workspace/markup.ts). */
interface Parts {
  status: HTMLElement;
  errors: HTMLUListElement;
  notice: HTMLElement;
  results: HTMLElement;
  outputHost: HTMLElement;
  diff: HTMLElement;
  stop: HTMLButtonElement;
  runtime: HTMLSelectElement;
  importInput: HTMLInputElement;
}

/** The live workspace around one embedded step or exercise. */
export class TalWorkspace extends HTMLElement {
  #t!: WorkspaceStrings;
  #session!: WorkspaceSession;
  #views!: FileViews;
  #ui!: Parts;
  #bundleUrl = '';
  #runs!: RunView;

  connectedCallback(): void {
    if (this.dataset['ready']) return;
    this.dataset['ready'] = 'upgrading';
    const step = this.dataset['step'] ?? '';
    const lang: Lang = this.dataset['lang'] === 'zh' ? 'zh' : 'en';
    this.#t = workspaceStrings(lang);
    this.#bundleUrl = this.dataset['bundle'] ?? `/sandboxes/${step}.json`;
    const rendered = new Map<string, string>();
    for (const file of this.querySelectorAll<HTMLElement>('.ws-file'))
      rendered.set(file.dataset['file'] ?? '', file.querySelector('pre')?.textContent ?? '');
    const names = this.dataset['files']?.split(',').filter((n) => n !== '') ?? [...rendered.keys()];
    this.#ui = this.#parts();
    this.#session = new WorkspaceSession({
      step,
      scope: this.dataset['scope'] ?? `step:${step}`,
      names,
      rendered,
      deps: {
        store,
        saver,
        bundle: () => fetchBundle(this.#bundleUrl),
        runtimes: async () => {
          const m = await runtimes();
          m.preference = this.#ui.runtime.value as RuntimePreference;
          return m;
        },
      },
    });
    this.#views = new FileViews({
      root: this,
      step,
      files: this.#session.files,
      t: this.#t,
      template: async () => (await fetchBundle(this.#bundleUrl)).template,
      loaded: this.#session.loaded,
      status: (text) => this.#status(text),
      notice: (error) => this.#notice(error),
      onRun: () => void this.run(),
    });
    this.#runs = new RunView({ root: this, t: this.#t, step, views: this.#views, parts: this.#ui });
    this.#session.subscribe((event) => this.#on(event));
    runtimeNotices.add((notice) => this.#runtimeNotice(notice));
    this.#wireToolbar();
    wireRequestPanel(this, this.#session, this.#t);
    this.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        void this.run();
      }
    });
    this.dataset['ready'] = 'true';
  }

  #parts(): Parts {
    const part = <T extends HTMLElement>(selector: string): T => {
      const found = this.querySelector<T>(selector);
      if (!found) throw new Error(`the workspace markup lacks ${selector}`);
      return found;
    };
    return {
      status: part('.ws-status'),
      errors: part('.ws-errors'),
      notice: part('.ws-notice'),
      results: part('.ws-results'),
      outputHost: part('.ws-output'),
      diff: part('.ws-diff'),
      stop: part('[data-action="stop"]'),
      runtime: part('.ws-runtime'),
      importInput: part('.ws-toolbar input[type="file"]'),
    };
  }

  #wireToolbar(): void {
    const actions: Record<string, () => void> = {
      run: () => void this.run(),
      stop: () => this.stop(),
      check: () => void this.check(),
      'reset-file': () => void this.#resetFile(),
      'reset-step': () => void this.#resetStep(),
      'step-diff': () => void this.#showDiff('step'),
      'own-diff': () => void this.#showDiff('own'),
      export: () => void this.#exportWork(),
      import: () => this.#ui.importInput.click(),
    };
    for (const button of this.querySelectorAll<HTMLButtonElement>('.ws-toolbar [data-action]')) {
      const action = actions[button.dataset['action'] ?? ''];
      if (action) button.addEventListener('click', action);
      // Stop waits for a run; everything else works from now on.
      if (button.dataset['action'] !== 'stop') button.disabled = false;
    }
    const { runtime, importInput } = this.#ui;
    runtime.value = loadPreference(globalThis.localStorage);
    runtime.disabled = false;
    runtime.addEventListener(
      'change',
      () => void this.#setRuntime(runtime.value as RuntimePreference),
    );
    importInput.addEventListener('change', () => void this.#importWork(importInput));
  }

  #on(event: SessionEvent): void {
    switch (event.type) {
      case 'file':
      case 'marks':
      case 'save':
      case 'notice':
        this.#onFiles(event);
        break;
      default:
        this.#runs.on(event);
    }
  }

  #onFiles(event: FilesEvent): void {
    if (event.type === 'file') {
      if (event.origin === 'bundle') this.#views.addView(event.name, event.text);
      else this.#views.setText(event.name, event.text);
    } else if (event.type === 'marks') this.#views.refreshMarks();
    // `data-save` tells tests and tools when the latest edit is on disk, so nobody guesses with a sleep.
    else if (event.type === 'save') this.dataset['save'] = event.state;
    else this.#notice(event.error);
  }

  /** Compiles and runs the step's demo (or, for `serve`, keeps its server up). */
  async run(mode: 'demo' | 'serve' = 'demo'): Promise<RunResult | undefined> {
    this.#runs.begin();
    return this.#session.run(mode);
  }

  /**
   * Runs the bundle's visible checks in the Worker runtime and shows each result. A run that Stop
   * or the exercise's time limit ends has no result: it is reported as such and never recorded.
   */
  async check(): Promise<TestOutcome[]> {
    const t = this.#t;
    this.dataset['lastCheck'] = 'running';
    // The last run's results would read as this one's while it runs.
    this.#ui.results.replaceChildren();
    this.#ui.results.hidden = true;
    this.#status(t.checking);
    const end = await this.#session.check().finally(() => (this.#ui.stop.disabled = true));
    // Checks that print nothing leave no empty terminal under their results.
    this.#ui.outputHost.hidden = (await this.#runs.outputView()).text === '';
    if (!end) return [];
    if (end.kind !== 'done') {
      const message = end.kind === 'timeout' ? t.checkTimedOut(end.limitMs / 1000) : t.checkStopped;
      this.#status(message);
      this.dataset['lastCheck'] = end.kind;
      this.#ui.results.replaceChildren(el('p', { class: 'ws-results__stopped' }, message));
      this.#ui.results.hidden = false;
      return [];
    }
    const { outcomes } = end;
    const passed = outcomes.filter((o) => o.ok).length;
    this.#status(t.checked(passed, outcomes.length));
    this.dataset['lastCheck'] = `${passed}/${outcomes.length}`;
    renderOutcomes(this.#ui.results, outcomes, t);
    this.dispatchEvent(new CustomEvent('tal-check', { detail: outcomes }));
    return outcomes;
  }

  /** Ends the current run at once. */
  stop(): void {
    this.#session.stop();
  }

  /** Shows `line` of `file` (a bare name, e.g. `ioloop.ts`) in the editor, loading it if needed. */
  revealLine(file: string, line: number): Promise<void> {
    return this.#views.jump(file, line, 1);
  }

  /** The current text of each file (the reader's edits included), by bare name. */
  files(): Record<string, string> {
    return Object.fromEntries(this.#session.files.texts());
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

  #runtimeNotice(notice: RuntimeNotice): void {
    this.#notice(
      notice.kind === 'not-isolated' ? this.#t.notIsolated : this.#t.bootFailed(notice.why),
    );
  }

  async #setRuntime(value: RuntimePreference): Promise<void> {
    savePreference(globalThis.localStorage, value);
    const m = await runtimes();
    m.preference = value;
    if (value !== 'worker') void m.warm();
  }

  async #resetFile(): Promise<void> {
    const name = this.#views.active;
    const files = this.#session.files;
    if (!files.has(name) || !files.modified(name)) return; // the contract, or nothing to undo
    if (!confirm(this.#t.confirmResetFile(name))) return;
    await files.reset([name]);
  }

  async #resetStep(): Promise<void> {
    const changed = this.#session.files.changed();
    if (changed.length === 0 || !confirm(this.#t.confirmResetStep)) return;
    await this.#session.files.reset(changed);
  }

  /** Shows a diff of the active file: against the previous step, or against the original. */
  async #showDiff(kind: DiffKind): Promise<void> {
    const bundle = await fetchBundle(this.#bundleUrl).catch((error: unknown) =>
      this.#notice(error),
    );
    if (!bundle) return;
    const name = this.#views.active;
    const files = this.#session.files;
    toggleDiff(this.#ui.diff, this.#t, {
      kind,
      name,
      before: kind === 'own' ? files.original(name) : (bundle.previous[name] ?? ''),
      after: kind === 'own' ? files.text(name) : files.original(name),
      firstStep: kind === 'step' && Object.keys(bundle.previous).length === 0,
    });
  }

  async #exportWork(): Promise<void> {
    await exportWork().catch((error: unknown) => this.#notice(error));
  }

  async #importWork(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      this.#status(this.#t.imported(await importWork(file, this.#t.notJson)));
      await this.#session.files.restore();
    } catch (error) {
      this.#notice(error);
    }
  }
}

if (!customElements.get('tal-workspace')) customElements.define('tal-workspace', TalWorkspace);
