/** The only module that calls `@webcontainer/api`: boots once per page, under a timeout. */
import type { FileSystemAPI, WebContainer } from '@webcontainer/api';

/** The part of a booted WebContainer the runtime uses; fakes in tests implement exactly this. */
export type Container = Pick<WebContainer, 'mount' | 'spawn' | 'on'> & {
  /** Read only: a check run hands its results back as a file. */
  fs: Pick<FileSystemAPI, 'readFile'>;
};

/** Boot did not finish in time; with StackBlitz unreachable it never would. */
export class BootTimeoutError extends Error {
  constructor(ms: number) {
    super(`WebContainer did not start within ${Math.round(ms / 1000)} s`);
    this.name = 'BootTimeoutError';
  }
}

/** Rejects with BootTimeoutError when `promise` has not settled after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BootTimeoutError(ms)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Keeps the one boot of this page on globalThis, so hot reloads of this module reuse it. */
const holder = globalThis as { __talWebContainerBoot?: Promise<Container> };

/**
 * Boots WebContainer at most once per page. A boot that hangs keeps its lock for the page's
 * lifetime (the library never clears it), so after a timeout every later call fails fast too.
 */
export function bootContainer(timeoutMs: number): Promise<Container> {
  holder.__talWebContainerBoot ??= import('@webcontainer/api').then(({ WebContainer }) =>
    WebContainer.boot({ coep: 'require-corp', workdirName: 'tornado-async-lab' }),
  );
  return withTimeout(holder.__talWebContainerBoot, timeoutMs);
}

/** Whether this page can host WebContainer at all (it needs cross-origin isolation). */
export function canBoot(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}
