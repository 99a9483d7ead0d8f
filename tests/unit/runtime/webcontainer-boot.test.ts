/** Offline, WebContainer.boot() never settles: the page must time out once, fall back to the Worker, and never boot again. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../../src/lib/runtime/sandbox.ts';
import { RuntimeManager, type RuntimeNotice } from '../../../src/lib/runtime/select.ts';
import { workspaceStrings } from '../../../src/lib/i18n/workspace.ts';
import { BootTimeoutError, bootContainer } from '../../../src/lib/runtime/webcontainer-adapter.ts';

// What StackBlitz's library does with no network: a boot promise that never settles.
const boot = vi.hoisted(() => ({ calls: 0 }));
vi.mock('@webcontainer/api', () => ({
  WebContainer: {
    boot: () => {
      boot.calls++;
      return new Promise(() => {});
    },
  },
}));

afterEach(() => {
  delete (globalThis as { __talWebContainerBoot?: unknown }).__talWebContainerBoot;
  boot.calls = 0;
});

describe('bootContainer when boot() never settles', () => {
  it('rejects with BootTimeoutError, and later calls reuse the one hung boot', async () => {
    await expect(bootContainer(20)).rejects.toBeInstanceOf(BootTimeoutError);
    await expect(bootContainer(20)).rejects.toThrow('WebContainer did not start within 0 s');
    expect(boot.calls).toBe(1);
  });

  it('leaves the page on the Worker runtime with one plain notice', async () => {
    const notices: RuntimeNotice[] = [];
    const worker = { kind: 'worker' } as Sandbox;
    let containers = 0;
    const manager = new RuntimeManager(
      {
        worker: () => worker,
        boot: () => bootContainer(20),
        canBoot: () => true,
        webcontainer: () => {
          containers++;
          return { kind: 'webcontainer' } as Sandbox;
        },
        notice: (message) => notices.push(message),
      },
      'webcontainer',
    );
    expect(await manager.pick({})).toBe(worker);
    expect(await manager.pick({})).toBe(worker);
    expect(notices).toEqual([
      { kind: 'boot-failed', why: 'WebContainer did not start within 0 s' },
    ]);
    // The page words it in its own language.
    expect(workspaceStrings('en').bootFailed('WebContainer did not start within 0 s')).toBe(
      'Real Node (WebContainer) could not start: WebContainer did not start within 0 s. Runs use the in-page Worker runtime instead.',
    );
    expect(workspaceStrings('zh').bootFailed('x')).toMatch(
      /^真实 Node（WebContainer）没能启动：x。/,
    );
    expect(boot.calls).toBe(1);
    expect(containers).toBe(0);
    expect(manager.containerReady).toBe(false);
  });
});
