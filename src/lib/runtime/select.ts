/** Chooses the runtime for each run: Worker first (instant), WebContainer once it has booted, or a pinned choice. */
import type { Sandbox, SourceFiles } from './sandbox.ts';
import type { Container } from './webcontainer-adapter.ts';

/** The reader's setting: let the site decide, or pin one runtime. */
export type RuntimePreference = 'auto' | 'worker' | 'webcontainer';

const KEY = 'tal-runtime';

/** Reads the remembered preference (auto when none or when storage is blocked). */
export function loadPreference(storage: Pick<Storage, 'getItem'> | undefined): RuntimePreference {
  try {
    const value = storage?.getItem(KEY);
    return value === 'worker' || value === 'webcontainer' ? value : 'auto';
  } catch {
    return 'auto';
  }
}

/** Remembers the preference; a blocked storage only means it is not remembered. */
export function savePreference(
  storage: Pick<Storage, 'setItem'> | undefined,
  value: RuntimePreference,
): void {
  try {
    storage?.setItem(KEY, value);
  } catch {
    // Not remembered across visits; the choice still holds for this page.
  }
}

/** What the manager needs from the page; injected so tests can drive every path. */
export interface RuntimeDeps {
  worker(): Sandbox;
  /** Boots WebContainer (once per page) or rejects, e.g. on timeout. */
  boot(): Promise<Container>;
  /** Whether the page is cross-origin isolated, which WebContainer needs. */
  canBoot(): boolean;
  /** A WebContainer runtime; `template` is the shared files the page holds, mounted with the step. */
  webcontainer(container: Container, template: SourceFiles): Sandbox;
  /** Tells the reader why runs stay in the Worker; the page words it in its language. */
  notice(notice: RuntimeNotice): void;
}

/** Why WebContainer is not used: the page is not cross-origin isolated, or its boot failed. */
export type RuntimeNotice = { kind: 'not-isolated' } | { kind: 'boot-failed'; why: string };

/** Owns both runtimes of a page and picks one per run. */
export class RuntimeManager {
  preference: RuntimePreference;
  #deps: RuntimeDeps;
  #worker: Sandbox | undefined;
  #container: Container | undefined;
  #boot: Promise<Container | undefined> | undefined;
  #failed = false;

  constructor(deps: RuntimeDeps, preference: RuntimePreference) {
    this.#deps = deps;
    this.preference = preference;
  }

  /** The Worker runtime, created on first use. */
  worker(): Sandbox {
    this.#worker ??= this.#deps.worker();
    return this.#worker;
  }

  /** Whether WebContainer is up. */
  get containerReady(): boolean {
    return this.#container !== undefined;
  }

  /** Starts booting WebContainer in the background; never rejects, never boots twice. */
  warm(): Promise<Container | undefined> {
    if (this.preference === 'worker') return Promise.resolve(undefined);
    if (!this.#deps.canBoot()) {
      if (!this.#failed) {
        this.#failed = true;
        this.#deps.notice({ kind: 'not-isolated' });
      }
      return Promise.resolve(undefined);
    }
    this.#boot ??= this.#deps.boot().then(
      (container) => {
        this.#container = container;
        return container;
      },
      (error: unknown) => {
        this.#failed = true;
        const why = error instanceof Error ? error.message : String(error);
        this.#deps.notice({ kind: 'boot-failed', why });
        return undefined;
      },
    );
    return this.#boot;
  }

  /**
   * The runtime for the next run. Auto: WebContainer if it has booted, else the Worker (the boot
   * goes on in the background). Pinned WebContainer: waits for the boot, falling back on failure.
   */
  async pick(template: SourceFiles): Promise<Sandbox> {
    if (this.preference === 'worker') return this.worker();
    if (this.preference === 'auto') {
      void this.warm();
      return this.#container ? this.#deps.webcontainer(this.#container, template) : this.worker();
    }
    const container = await this.warm();
    return container ? this.#deps.webcontainer(container, template) : this.worker();
  }
}
