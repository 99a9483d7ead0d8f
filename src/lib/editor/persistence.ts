/** Keeps the reader's edits in IndexedDB, per scope (a step or an exercise) and file, with export and import. */

/** One saved file. */
export interface SavedFile {
  /** `step:02-timers` or `exercise:timer-order`. */
  scope: string;
  /** The file's path inside the scope, e.g. `ioloop.ts`. */
  file: string;
  text: string;
  /** When it was saved (ms since the epoch). */
  savedAt: number;
}

/** Everything saved, as an export file holds it. */
export interface WorkExport {
  format: 'tornado-async-lab/work';
  version: 1;
  exportedAt: string;
  files: SavedFile[];
}

/** Why storage failed, in words a reader can act on. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

const DB = 'tornado-async-lab';
const STORE = 'files';

function explain(error: unknown): StorageError {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    return new StorageError(
      'The browser refused to save: storage is full. Your edits stay in the editor; export them to a file to keep them.',
      { cause: error },
    );
  }
  return new StorageError(
    'The browser does not let this page save (private browsing or storage blocked). Your edits stay in the editor until you leave; export them to keep them.',
    { cause: error },
  );
}

/** A promise for an IndexedDB request. */
function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Saved work in IndexedDB; every method turns browser failures into a StorageError. */
export class WorkStore {
  #db: Promise<IDBDatabase> | undefined;
  readonly #factory: IDBFactory;

  constructor(factory: IDBFactory = globalThis.indexedDB) {
    this.#factory = factory;
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      let request: IDBOpenDBRequest;
      try {
        request = this.#factory.open(DB, 1);
      } catch (error) {
        reject(explain(error));
        return;
      }
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: ['scope', 'file'] });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(explain(request.error));
      request.onblocked = () => reject(new StorageError('Another tab is upgrading saved work.'));
    }).catch((error: unknown) => {
      this.#db = undefined; // Let a later call try again.
      throw error instanceof StorageError ? error : explain(error);
    });
    return this.#db;
  }

  async #run<T>(
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> {
    const db = await this.#open();
    try {
      const transaction = db.transaction(STORE, mode);
      const result = await settle(work(transaction.objectStore(STORE)));
      await new Promise<void>((resolve, reject) => {
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error ?? new Error('transaction failed'));
        transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
      });
      return result;
    } catch (error) {
      throw error instanceof StorageError ? error : explain(error);
    }
  }

  /** Saves one file's text. */
  async save(scope: string, file: string, text: string): Promise<void> {
    await this.#run('readwrite', (store) => store.put({ scope, file, text, savedAt: Date.now() }));
  }

  /** Forgets one file (back to the original). */
  async remove(scope: string, file: string): Promise<void> {
    await this.#run('readwrite', (store) => store.delete([scope, file]));
  }

  /** Every saved file of a scope. */
  async load(scope: string): Promise<SavedFile[]> {
    const range = IDBKeyRange.bound([scope, ''], [scope, '\uffff']);
    return this.#run('readonly', (store) => store.getAll(range) as IDBRequest<SavedFile[]>);
  }

  /** Everything, for an export file. */
  async exportAll(): Promise<WorkExport> {
    const files = await this.#run('readonly', (store) => store.getAll() as IDBRequest<SavedFile[]>);
    return {
      format: 'tornado-async-lab/work',
      version: 1,
      exportedAt: new Date().toISOString(),
      files,
    };
  }

  /** Restores an export file; throws a StorageError naming what is wrong with a bad one. */
  async importAll(data: unknown): Promise<number> {
    const files = parseExport(data);
    for (const file of files) await this.save(file.scope, file.file, file.text);
    return files.length;
  }
}

/** Checks an export file's shape and returns its files, or says precisely why it is not one. */
export function parseExport(data: unknown): SavedFile[] {
  const fail = (why: string): never => {
    throw new StorageError(`This is not a Tornado Async Lab work file: ${why}.`);
  };
  if (typeof data !== 'object' || data === null) fail('it is not a JSON object');
  const record = data as Partial<WorkExport>;
  if (record.format !== 'tornado-async-lab/work')
    fail('its "format" field is missing or different');
  if (record.version !== 1) fail(`version ${String(record.version)} is not supported`);
  if (!Array.isArray(record.files)) fail('it has no "files" list');
  return (record.files as unknown[]).map((entry, index) => {
    const f = entry as Partial<SavedFile>;
    if (typeof f.scope !== 'string' || !/^(step|exercise):[\w-]+$/.test(f.scope)) {
      fail(`file ${index + 1} has no valid "scope"`);
    }
    if (typeof f.file !== 'string' || !/^[\w./-]+$/.test(f.file))
      fail(`file ${index + 1} has no valid "file"`);
    if (typeof f.text !== 'string') fail(`file ${index + 1} has no "text"`);
    return {
      scope: f.scope as string,
      file: f.file as string,
      text: f.text as string,
      savedAt: Number(f.savedAt) || 0,
    };
  });
}

/** Calls `save` at most once per `delayMs` per key, and at once on `flush` (e.g. on pagehide). */
export class Debouncer {
  #pending = new Map<string, { timer: ReturnType<typeof setTimeout>; run: () => void }>();
  readonly #delayMs: number;

  constructor(delayMs: number) {
    this.#delayMs = delayMs;
  }

  schedule(key: string, run: () => void): void {
    const existing = this.#pending.get(key);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      run();
    }, this.#delayMs);
    this.#pending.set(key, { timer, run });
  }

  flush(): void {
    for (const [key, { timer, run }] of this.#pending) {
      clearTimeout(timer);
      this.#pending.delete(key);
      run();
    }
  }
}
