/** Shows a workspace's runs: status line, output pane, compile errors, preview, and the DOM events the timeline hears. */
import type { WorkspaceStrings } from '../../lib/i18n/workspace.ts';
import type { CompileError, RunResult } from '../../lib/runtime/sandbox.ts';
import type { RunEvent } from '../../lib/workspace/session.ts';
import type { FileViews } from './file-views.ts';
import type { OutputView } from './output.ts';
import { showPreviews } from './request-panel.ts';
import { el } from '../dom.ts';

/** The parts of the markup a run writes to (see lib/workspace/markup.ts). */
export interface RunParts {
  status: HTMLElement;
  errors: HTMLUListElement;
  outputHost: HTMLElement;
  stop: HTMLButtonElement;
}

/** Turns a session's run events into what the reader sees and hears. */
export class RunView {
  readonly #root: HTMLElement;
  readonly #t: WorkspaceStrings;
  readonly #step: string;
  readonly #views: FileViews;
  readonly #ui: RunParts;
  #output: Promise<OutputView> | undefined;
  #runStarted = 0;
  #runtimeName = '';
  #unwatchPreview: (() => void) | undefined;

  constructor(options: {
    root: HTMLElement;
    t: WorkspaceStrings;
    step: string;
    views: FileViews;
    parts: RunParts;
  }) {
    this.#root = options.root;
    this.#t = options.t;
    this.#step = options.step;
    this.#views = options.views;
    this.#ui = options.parts;
  }

  #setStatus(text: string): void {
    this.#ui.status.textContent = text;
  }

  /** A run was asked for: the clock for its first output starts, old errors go. */
  begin(): void {
    this.#runStarted = performance.now();
    this.#root.dataset['lastRun'] = 'starting';
    delete this.#root.dataset['firstOutputMs'];
    this.#ui.errors.replaceChildren();
    void this.outputView(); // Loads the pane beside the runtime.
  }

  /** Shows one event of a run or check. */
  on(event: RunEvent): void {
    const t = this.#t;
    switch (event.type) {
      case 'phase':
        this.#setStatus(
          event.phase === 'loading-runtime'
            ? t.loadingRuntime
            : event.phase === 'compiling'
              ? t.compiling
              : t.checking,
        );
        if (event.phase === 'checking') void this.out((o) => o.clear());
        this.#ui.stop.disabled = event.phase !== 'checking';
        break;
      case 'run-start':
        this.#runStart(event);
        break;
      case 'output':
        if (this.#root.dataset['firstOutputMs'] === undefined)
          this.#root.dataset['firstOutputMs'] = String(
            Math.round(performance.now() - this.#runStarted),
          );
        void this.out((o) => o.write(event.text, event.stream));
        break;
      case 'trace':
        this.#root.dispatchEvent(new CustomEvent('tal-trace', { detail: event.event }));
        break;
      case 'listening':
        this.#root.dataset['listening'] = String(event.port);
        this.#setStatus(t.serving(event.port, this.#runtimeName));
        break;
      case 'run-end':
        this.#runEnd(event.result);
    }
  }

  /** The output pane, loaded once. */
  outputView(): Promise<OutputView> {
    this.#output ??= import('./output.ts').then((m) => m.createOutput(this.#ui.outputHost));
    return this.#output;
  }

  /** Writes to the output pane, in order, once it has loaded. */
  out(write: (output: OutputView) => void): Promise<void> {
    return this.outputView().then(write);
  }

  #runStart(event: Extract<RunEvent, { type: 'run-start' }>): void {
    const { sandbox, mode, signal } = event;
    const t = this.#t;
    void this.out((o) => o.clear());
    this.#ui.outputHost.hidden = false;
    // Type errors do not stop a run (types are erased); they are checked beside it, off the
    // critical path to the first output line, and each is listed with its line.
    void this.#views.editor
      ?.typeErrors()
      .catch(() => [])
      .then((errors) => {
        this.#root.dataset['typeErrors'] = String(errors.length);
        if (errors.length === 0 || signal.aborted) return;
        const step = this.#step;
        this.showCompileErrors(errors.map((e) => ({ ...e, file: `${step}/${e.file}` })));
        const list = errors.map((e) => `  ${e.file}:${e.line}:${e.column} ${e.message}`);
        void this.out((o) =>
          o.write(`\x1b[33m${t.typeErrors(errors.length)}:\n${list.join('\n')}\x1b[0m\n`, 'stdout'),
        );
      });
    this.#unwatchPreview?.();
    this.#unwatchPreview =
      mode === 'serve'
        ? showPreviews(this.#root, t.preview, (show) => sandbox.onPreview(show))
        : undefined;
    this.#runtimeName = t.runtimeNames[sandbox.kind];
    this.#ui.stop.disabled = false;
    this.#setStatus(
      mode === 'serve' ? t.startingServer(this.#runtimeName) : t.running(this.#runtimeName),
    );
    this.#root.dataset['runtime'] = sandbox.kind;
    this.#root.dataset['lastRun'] = 'running';
    delete this.#root.dataset['listening'];
    this.#root.dispatchEvent(
      new CustomEvent('tal-run-start', {
        detail: { step: this.#step, mode, runtime: sandbox.kind },
      }),
    );
  }

  #runEnd(result: RunResult): void {
    const t = this.#t;
    this.#root.dispatchEvent(new CustomEvent('tal-run-end', { detail: result }));
    this.#ui.stop.disabled = true;
    if (result.compileErrors.length > 0) {
      this.showCompileErrors(result.compileErrors);
      this.#setStatus(t.compileFailed(result.compileErrors.length));
      this.#root.dataset['lastRun'] = 'compile-error';
      return;
    }
    const name = this.#runtimeName;
    const first =
      result.firstOutputMs === null ? '' : t.firstOutput(Math.round(result.firstOutputMs));
    const stopped = result.exitCode === null;
    this.#setStatus(
      stopped
        ? t.stopped(name)
        : t.exited(result.exitCode ?? 0, Math.round(result.elapsedMs), name, first),
    );
    this.#root.dataset['lastRun'] = stopped ? 'stopped' : `exit-${result.exitCode}`;
    const end = stopped ? 'stopped' : `exit ${result.exitCode}`;
    void this.out((o) => o.write(`\x1b[2m── ${end} · ${name}\x1b[0m\n`, 'stdout'));
  }

  showCompileErrors(errors: CompileError[]): void {
    const step = `${this.#step}/`;
    this.#ui.errors.replaceChildren(
      ...errors.map((error) => {
        const file = error.file.startsWith(step) ? error.file.slice(step.length) : error.file;
        const label = `${file}:${error.line}:${error.column} ${error.message}`;
        const jump = el('button', { type: 'button', class: 'ws-error' }, label);
        jump.addEventListener('click', () => void this.#views.jump(file, error.line, error.column));
        return el('li', {}, jump);
      }),
    );
  }
}
