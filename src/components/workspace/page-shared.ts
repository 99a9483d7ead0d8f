/** What every workspace on a page shares: the edit store, the save batching, the runtimes and the fetched bundles. */
import type { StepBundle } from '../../lib/content/step-bundle.ts';
import { Debouncer, StorageError, WorkStore } from '../../lib/editor/persistence.ts';
import type { RuntimeManager, RuntimeNotice } from '../../lib/runtime/select.ts';
import { el } from '../dom.ts';

export const store = new WorkStore();
export const saver = new Debouncer(600);
addEventListener('pagehide', () => saver.flush());

let manager: Promise<RuntimeManager> | undefined;
/** Who hears the runtimes' notices: the page has one manager, shared by its workspaces. */
export const runtimeNotices = new Set<(notice: RuntimeNotice) => void>();
/** One runtime manager per page, loaded on the first run (or when the reader picks a runtime). */
export function runtimes(): Promise<RuntimeManager> {
  manager ??= import('./runtime-setup.ts').then((m) =>
    m.createManager((notice) => runtimeNotices.forEach((listen) => listen(notice))),
  );
  return manager;
}

/** The bundle of a step, fetched once per page. */
const bundles = new Map<string, Promise<StepBundle>>();
export function fetchBundle(url: string): Promise<StepBundle> {
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

/** Downloads every saved edit on this browser as one JSON file. */
export async function exportWork(): Promise<void> {
  saver.flush();
  const data = await store.exportAll();
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const link = el('a', {
    href: URL.createObjectURL(blob),
    download: 'tornado-async-lab-work.json',
  });
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Reads an export file into the store; returns how many files it held, or throws a StorageError saying what is wrong. */
export async function importWork(file: File, notJson: (name: string) => string): Promise<number> {
  let data: unknown;
  try {
    data = JSON.parse(await file.text());
  } catch {
    throw new StorageError(notJson(file.name));
  }
  return store.importAll(data);
}
