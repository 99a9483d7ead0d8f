/** The workspace session keeps files, supersedes runs through AbortSignal and waits for a server's own "listening", all without a DOM. */
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { StepBundle } from '../../../src/lib/content/step-bundle.ts';
import { WorkStore } from '../../../src/lib/editor/persistence.ts';
import {
  ChecksStopped,
  ServerGoneError,
  type RunListener,
  type RunRequest,
  type RunResult,
  type Sandbox,
  type SourceFiles,
  type TestOutcome,
} from '../../../src/lib/runtime/sandbox.ts';
import { WorkspaceSession, type SessionEvent } from '../../../src/lib/workspace/session.ts';

const bundle: StepBundle = {
  step: '09-x',
  entry: 'main.ts',
  files: { '09-x/main.ts': 'main original', '09-x/web.ts': 'web original' },
  checks: { '09-x/check/a.test.ts': 'test' },
  template: { '_template/platform.ts': 'contract' },
  previous: {},
  server: true,
};

/** A runtime the test drives by hand: each run waits until the test ends it. */
class HandSandbox implements Sandbox {
  readonly kind = 'worker' as const;
  status: Sandbox['status'] = 'ready';
  mounted: SourceFiles = {};
  stops = 0;
  runs: { request: RunRequest; listener: RunListener; end(code: number | null): void }[] = [];
  tests: { listener: RunListener; pass(outcomes: TestOutcome[]): void }[] = [];
  #stopRun: (() => void) | undefined;
  #stopTest: (() => void) | undefined;
  #pending: ((error: unknown) => void)[] = [];
  replies = new Map<string, string>();

  mount(files: SourceFiles): Promise<void> {
    this.mounted = files;
    return Promise.resolve();
  }
  run(request: RunRequest, listener: RunListener): Promise<RunResult> {
    return new Promise((resolve) => {
      const end = (exitCode: number | null) => {
        this.#pending.forEach((fail) => fail(new ServerGoneError('exited')));
        this.#pending = [];
        resolve({ runtime: 'worker', exitCode, firstOutputMs: 1, elapsedMs: 2, compileErrors: [] });
      };
      this.#stopRun = () => end(null);
      this.runs.push({ request, listener, end });
    });
  }
  test(_checks: string[], listener: RunListener): Promise<TestOutcome[]> {
    return new Promise((resolve, reject) => {
      this.#stopTest = () => reject(new ChecksStopped());
      this.tests.push({ listener, pass: resolve });
    });
  }
  request(raw: Uint8Array): Promise<Uint8Array> {
    const asked = new TextDecoder().decode(raw);
    const reply = this.replies.get(asked);
    if (reply !== undefined) return Promise.resolve(new TextEncoder().encode(reply));
    return new Promise((_, reject) => this.#pending.push(reject));
  }
  onPreview(): () => void {
    return () => undefined;
  }
  stop(): void {
    this.stops++;
    this.#stopRun?.();
    this.#stopTest?.();
  }
  dispose(): void {
    this.stop();
  }
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup(
  options: { rendered?: Record<string, string>; store?: WorkStore; bundle?: StepBundle } = {},
) {
  const sandbox = new HandSandbox();
  const store = options.store ?? new WorkStore(new IDBFactory());
  const session = new WorkspaceSession({
    step: '09-x',
    scope: 'step:09-x',
    names: ['main.ts', 'web.ts'],
    rendered: new Map(Object.entries(options.rendered ?? { 'main.ts': 'main original' })),
    deps: {
      store,
      saver: { schedule: (_key, save) => save() },
      bundle: () => Promise.resolve(options.bundle ?? bundle),
      runtimes: () =>
        Promise.resolve({ pick: () => Promise.resolve(sandbox), worker: () => sandbox }),
    },
  });
  const events: SessionEvent[] = [];
  session.subscribe((event) => events.push(event));
  return { session, sandbox, store, events };
}

/** Waits until the sandbox has been asked for `n` runs. */
async function runsStarted(sandbox: HandSandbox, n: number): Promise<void> {
  while (sandbox.runs.length < n) await tick();
}

describe('WorkspaceSession files', () => {
  it('fills in files the page did not render from the bundle, and keeps edits across sessions', async () => {
    const first = setup();
    await first.session.loaded;
    expect(first.session.files.text('web.ts')).toBe('web original');
    expect(first.events).toContainEqual({
      type: 'file',
      name: 'web.ts',
      text: 'web original',
      origin: 'bundle',
    });
    first.session.files.edit('web.ts', 'my web');
    while (!first.events.some((e) => e.type === 'save' && e.state !== 'pending')) await tick();
    expect(first.events).toContainEqual({ type: 'save', state: 'saved' });

    const again = setup({ store: first.store });
    await again.session.loaded;
    expect(again.session.files.text('web.ts')).toBe('my web');
    expect(again.session.files.changed()).toEqual(['web.ts']);
    await again.session.files.reset(['web.ts']);
    expect(again.session.files.text('web.ts')).toBe('web original');
    expect(await again.store.load('step:09-x')).toEqual([]);
  });

  it("runs the reader's text, not the original", async () => {
    const { session, sandbox } = setup();
    await session.loaded;
    session.files.edit('main.ts', 'edited main');
    const running = session.run();
    await runsStarted(sandbox, 1);
    expect(sandbox.mounted['09-x/main.ts']).toBe('edited main');
    expect(sandbox.mounted['_template/platform.ts']).toBe('contract');
    sandbox.runs[0]?.end(0);
    expect((await running)?.exitCode).toBe(0);
  });
});

describe('WorkspaceSession runs', () => {
  it('a new run aborts the one before: its sandbox stops and it reports nothing more', async () => {
    const { session, sandbox, events } = setup();
    const first = session.run();
    await runsStarted(sandbox, 1);
    const firstListener = sandbox.runs[0]?.listener;
    const second = session.run();
    expect(sandbox.stops).toBe(1);
    await first;
    firstListener?.output('late line from the old run\n', 'stdout');
    await runsStarted(sandbox, 2);
    sandbox.runs[1]?.listener.output('new\n', 'stdout');
    sandbox.runs[1]?.end(0);
    await second;
    const outputs = events
      .filter((e) => e.type === 'output')
      .map((e) => (e as { text: string }).text);
    expect(outputs).toEqual(['new\n']);
    expect(events.filter((e) => e.type === 'run-end')).toHaveLength(1);
    expect(session.running).toBe(false);
  });

  it('a request sent before any run starts the server and waits for its own listening signal', async () => {
    const { session, sandbox } = setup();
    sandbox.replies.set('GET / HTTP/1.1\r\n\r\n', 'HTTP/1.1 200 OK\r\n\r\n');
    let waited = false;
    const sent = session.send(
      new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'),
      () => (waited = true),
    );
    await runsStarted(sandbox, 1);
    expect(sandbox.runs[0]?.request.mode).toBe('serve');
    // No port is asked for: the runtime picks its own and reports it.
    expect(sandbox.runs[0]?.request.port).toBeUndefined();
    await tick();
    let settled = false;
    void sent.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    sandbox.runs[0]?.listener.listening?.(8123);
    const end = await sent;
    expect(waited).toBe(true);
    expect(end).toMatchObject({ kind: 'answered', text: 'HTTP/1.1 200 OK\r\n\r\n' });
    session.stop();
  });

  it('says why a request got no answer: the server exited first, or while it was asked', async () => {
    const { session, sandbox } = setup();
    const before = session.send(
      new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'),
      () => undefined,
    );
    await runsStarted(sandbox, 1);
    sandbox.runs[0]?.end(1);
    expect(await before).toEqual({ kind: 'not-listening', why: 'exited' });

    const during = session.send(
      new TextEncoder().encode('GET /slow HTTP/1.1\r\n\r\n'),
      () => undefined,
    );
    await runsStarted(sandbox, 2);
    sandbox.runs[1]?.listener.listening?.(8080);
    await tick();
    sandbox.runs[1]?.end(0);
    expect(await during).toMatchObject({ kind: 'failed', serverGone: true });
  });

  it('a stopped server before listening is reported as stopped', async () => {
    const { session, sandbox } = setup();
    const sent = session.send(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), () => undefined);
    await runsStarted(sandbox, 1);
    session.stop();
    expect(await sent).toEqual({ kind: 'not-listening', why: 'stopped' });
  });
});

describe('WorkspaceSession checks', () => {
  it('mounts the checks, and reports outcomes only for a check that finished', async () => {
    const { session, sandbox } = setup();
    const checked = session.check();
    while (sandbox.tests.length < 1) await tick();
    expect(sandbox.mounted['09-x/check/a.test.ts']).toBe('test');
    sandbox.tests[0]?.pass([{ name: 't', ok: true }]);
    expect(await checked).toEqual({ kind: 'done', outcomes: [{ name: 't', ok: true }] });

    const stopped = session.check();
    while (sandbox.tests.length < 2) await tick();
    session.stop();
    expect(await stopped).toEqual({ kind: 'stopped' });
  });

  it('a run started during a check aborts it: the check has no result at all', async () => {
    const { session, sandbox } = setup();
    const checked = session.check();
    while (sandbox.tests.length < 1) await tick();
    const running = session.run();
    expect(await checked).toBeUndefined();
    await runsStarted(sandbox, 1);
    sandbox.runs[0]?.end(0);
    await running;
  });

  it("a check that outlives the exercise's time limit is stopped and reported as a timeout", async () => {
    const limited = { ...bundle, exercise: { timeLimitMs: 30 } } as StepBundle;
    const { session, sandbox } = setup({ bundle: limited });
    const checked = session.check();
    expect(await checked).toEqual({ kind: 'timeout', limitMs: 30 });
    expect(sandbox.stops).toBeGreaterThan(0);
  });
});
