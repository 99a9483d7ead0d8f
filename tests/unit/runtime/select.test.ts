import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/lib/runtime/sandbox.ts';
import {
  loadPreference,
  RuntimeManager,
  savePreference,
  type RuntimeDeps,
  type RuntimeNotice,
} from '../../../src/lib/runtime/select.ts';
import {
  BootTimeoutError,
  withTimeout,
  type Container,
} from '../../../src/lib/runtime/webcontainer-adapter.ts';

const fakeSandbox = (kind: Sandbox['kind']) => ({ kind }) as Sandbox;
const container = {} as Container;

function deps(boot: () => Promise<Container>, isolated = true) {
  const notices: RuntimeNotice[] = [];
  let boots = 0;
  const d: RuntimeDeps = {
    worker: () => fakeSandbox('worker'),
    boot: () => {
      boots++;
      return boot();
    },
    canBoot: () => isolated,
    webcontainer: () => fakeSandbox('webcontainer'),
    notice: (m) => notices.push(m),
  };
  return { d, notices, boots: () => boots };
}

describe('RuntimeManager', () => {
  it('auto: the first run goes to the Worker, later runs to WebContainer once booted, booting once', async () => {
    let resolveBoot!: (c: Container) => void;
    const { d, boots } = deps(() => new Promise((resolve) => (resolveBoot = resolve)));
    const manager = new RuntimeManager(d, 'auto');
    expect((await manager.pick({})).kind).toBe('worker');
    resolveBoot(container);
    await manager.warm();
    expect((await manager.pick({})).kind).toBe('webcontainer');
    expect(boots()).toBe(1);
  });

  it('a boot that times out falls back to the Worker with a plain notice, and never boots again', async () => {
    const { d, notices, boots } = deps(() => withTimeout(new Promise<Container>(() => {}), 10));
    const manager = new RuntimeManager(d, 'webcontainer');
    expect((await manager.pick({})).kind).toBe('worker');
    expect(notices).toEqual([
      { kind: 'boot-failed', why: 'WebContainer did not start within 0 s' },
    ]);
    expect((await manager.pick({})).kind).toBe('worker');
    expect(boots()).toBe(1);
  });

  it('pinned Worker never boots WebContainer', async () => {
    const { d, boots } = deps(() => Promise.resolve(container));
    const manager = new RuntimeManager(d, 'worker');
    expect((await manager.pick({})).kind).toBe('worker');
    expect(boots()).toBe(0);
  });

  it('a page without cross-origin isolation says why and uses the Worker', async () => {
    const { d, notices, boots } = deps(() => Promise.resolve(container), false);
    const manager = new RuntimeManager(d, 'webcontainer');
    expect((await manager.pick({})).kind).toBe('worker');
    expect(notices[0]).toEqual({ kind: 'not-isolated' });
    expect(boots()).toBe(0);
  });
});

describe('preference storage', () => {
  it('remembers a choice and survives blocked storage', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    expect(loadPreference(storage)).toBe('auto');
    savePreference(storage, 'webcontainer');
    expect(loadPreference(storage)).toBe('webcontainer');
    const blocked = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(loadPreference(blocked)).toBe('auto');
    expect(() => savePreference(blocked, 'worker')).not.toThrow();
  });

  it('withTimeout passes a result through and names the timeout', async () => {
    await expect(withTimeout(Promise.resolve(7), 50)).resolves.toBe(7);
    await expect(withTimeout(new Promise(() => {}), 5)).rejects.toBeInstanceOf(BootTimeoutError);
  });
});
