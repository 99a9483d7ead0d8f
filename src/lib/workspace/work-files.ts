/** A workspace's files without any DOM: the originals, the reader's texts, and their saving and restoring. */
import type { SavedFile } from '../editor/persistence.ts';

/** Where edits are kept (IndexedDB in the page, an in-memory or fake one in tests). */
export interface EditStore {
  load(scope: string): Promise<SavedFile[]>;
  save(scope: string, file: string, text: string): Promise<void>;
  remove(scope: string, file: string): Promise<void>;
}

/** Batches saves per key (the page uses one Debouncer, flushed on pagehide). */
export interface SaveScheduler {
  schedule(key: string, run: () => void): void;
}

/** Why a file's text changed without the reader typing it: shown, restored, reset or imported. */
export type FileOrigin = 'bundle' | 'saved' | 'reset';

/** What the files tell their subscribers. */
export type FilesEvent =
  | { type: 'file'; name: string; text: string; origin: FileOrigin }
  | { type: 'marks' }
  | { type: 'save'; state: 'pending' | 'saved' | 'failed' }
  | { type: 'notice'; error: unknown };

/** The step's files by bare name, as the page rendered them and as the reader has changed them. */
export class WorkFiles {
  readonly scope: string;
  /** Every file name, in tab order. */
  readonly names: readonly string[];
  readonly #originals = new Map<string, string>();
  readonly #texts = new Map<string, string>();
  readonly #store: EditStore;
  readonly #saver: SaveScheduler;
  readonly #emit: (event: FilesEvent) => void;
  /** How many edits were made; only the latest edit's save reports its state. */
  #edits = 0;

  constructor(options: {
    scope: string;
    names: readonly string[];
    rendered: ReadonlyMap<string, string>;
    store: EditStore;
    saver: SaveScheduler;
    emit: (event: FilesEvent) => void;
  }) {
    this.scope = options.scope;
    this.names = options.names;
    this.#store = options.store;
    this.#saver = options.saver;
    this.#emit = options.emit;
    for (const [name, text] of options.rendered) this.#setOriginal(name, text);
  }

  /** Names whose original text is not known yet (the page rendered only the changed files). */
  missing(): string[] {
    return this.names.filter((name) => !this.#originals.has(name));
  }

  /** Fills in an original the page did not render. */
  provide(name: string, text: string): void {
    if (this.#originals.has(name)) return;
    this.#setOriginal(name, text);
    this.#emit({ type: 'file', name, text, origin: 'bundle' });
  }

  #setOriginal(name: string, text: string): void {
    this.#originals.set(name, text);
    this.#texts.set(name, text);
  }

  has(name: string): boolean {
    return this.#originals.has(name);
  }

  text(name: string): string {
    return this.#texts.get(name) ?? '';
  }

  original(name: string): string {
    return this.#originals.get(name) ?? '';
  }

  modified(name: string): boolean {
    return this.#texts.get(name) !== this.#originals.get(name);
  }

  /** Current texts (edited or original), by bare name. */
  texts(): ReadonlyMap<string, string> {
    return this.#texts;
  }

  /** Applies the saved edits of this scope; a storage failure is a notice, never lost text. */
  async restore(): Promise<void> {
    try {
      for (const saved of await this.#store.load(this.scope)) {
        if (!this.#originals.has(saved.file)) continue;
        this.#set(saved.file, saved.text, 'saved');
      }
    } catch (error) {
      this.#emit({ type: 'notice', error });
    }
    this.#emit({ type: 'marks' });
  }

  /** The reader typed: keep the text and save it soon (an edit back to the original removes the save). */
  edit(name: string, text: string): void {
    this.#texts.set(name, text);
    this.#emit({ type: 'marks' });
    const edit = ++this.#edits;
    this.#emit({ type: 'save', state: 'pending' });
    this.#saver.schedule(`${this.scope}/${name}`, () => {
      const save =
        text === this.#originals.get(name)
          ? this.#store.remove(this.scope, name)
          : this.#store.save(this.scope, name, text);
      save.then(
        () => {
          if (edit === this.#edits) this.#emit({ type: 'save', state: 'saved' });
        },
        (error: unknown) => {
          if (edit === this.#edits) this.#emit({ type: 'save', state: 'failed' });
          this.#emit({ type: 'notice', error });
        },
      );
    });
  }

  /** Puts the originals of `names` back and forgets their saved edits. */
  async reset(names: readonly string[]): Promise<void> {
    for (const name of names) {
      if (!this.#originals.has(name) || !this.modified(name)) continue;
      this.#set(name, this.original(name), 'reset');
      await this.#store.remove(this.scope, name).catch((error: unknown) => {
        this.#emit({ type: 'notice', error });
      });
    }
    this.#emit({ type: 'marks' });
  }

  /** The names the reader changed. */
  changed(): string[] {
    return this.names.filter((name) => this.#originals.has(name) && this.modified(name));
  }

  #set(name: string, text: string, origin: FileOrigin): void {
    this.#texts.set(name, text);
    this.#emit({ type: 'file', name, text, origin });
  }
}
