/** The WebContainer runtime: real Node in the browser, running the step through the command line's own harness. */
import type { FileSystemTree, WebContainerProcess } from '@webcontainer/api';
import { compileAll, importsOf, rewriteImports } from './compile.ts';
import type {
  CompileError,
  RunListener,
  RunRequest,
  RunResult,
  Sandbox,
  SandboxStatus,
  SourceFiles,
  TestOutcome,
} from './sandbox.ts';
import { ChecksStopped } from './sandbox.ts';
import type { Container } from './webcontainer-adapter.ts';

/** The folder of the container's working directory that holds the compiled step. */
export const ROOT = 'sandbox';

/** `02-timers/ioloop.ts` → `02-timers/ioloop.js`. */
const toJs = (path: string) => path.replace(/\.ts$/, '.js');

/** Builds the container's file tree from compiled modules (paths relative to content/sandboxes). */
export function toTree(modules: SourceFiles, extra: Record<string, string> = {}): FileSystemTree {
  const root: FileSystemTree = {};
  const put = (path: string, contents: string) => {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const node = (dir[part] ??= { directory: {} });
      if (!('directory' in node)) throw new Error(`${path}: ${part} is a file`);
      dir = node.directory;
    }
    dir[parts.at(-1) ?? path] = { file: { contents } };
  };
  put('package.json', JSON.stringify({ type: 'module', private: true }));
  for (const [path, code] of Object.entries(modules)) {
    put(
      toJs(path),
      rewriteImports(path, code, (target) => rel(path) + toJs(target)),
    );
  }
  for (const [path, contents] of Object.entries(extra)) put(path, contents);
  return root;
}

/** The relative prefix from `path`'s folder back to the root (`02-x/a.ts` → `../`). */
function rel(path: string): string {
  return '../'.repeat(path.split('/').length - 1) || './';
}

/**
 * Every import reachable from `roots` that is not among `modules`. Node would stop at the first
 * one with a bare "module not found"; this names the importing file and line before mounting.
 */
export function missingImports(modules: SourceFiles, roots: string[]): CompileError[] {
  const errors: CompileError[] = [];
  const seen = new Set<string>();
  const at = (file: string, line: number, message: string) =>
    errors.push({ file, line, column: 1, message });
  for (const root of roots) if (!Object.hasOwn(modules, root)) at(root, 1, `no file ${root}`);
  const queue = roots.filter((root) => Object.hasOwn(modules, root));
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    for (const { target, line } of importsOf(path, modules[path] ?? '')) {
      if (Object.hasOwn(modules, target)) queue.push(target);
      else at(path, line, `imports ${target}, which is not mounted`);
    }
  }
  return errors;
}

/** The harness (`_template/run.ts`) and the Node bridge as text, loaded on the first run here. */
let nodeOnly: Promise<{ harness: string; files: SourceFiles }> | undefined;
function loadNodeOnly(): Promise<{ harness: string; files: SourceFiles }> {
  nodeOnly ??= import('../lesson/container.ts').then((entry) => ({
    harness: entry.HARNESS_PATH,
    files: entry.nodeFiles,
  }));
  return nodeOnly;
}

/** A tiny raw-TCP client run inside the container for the request panel. */
const RAW_CLIENT = `import { connect } from 'node:net';
const [port, b64] = process.argv.slice(2);
const socket = connect(Number(port), '127.0.0.1', () => socket.write(Buffer.from(b64, 'base64')));
const chunks = [];
let quiet;
socket.on('data', (c) => { chunks.push(c); clearTimeout(quiet); quiet = setTimeout(() => socket.end(), 250); });
socket.on('close', () => process.stdout.write(Buffer.concat(chunks).toString('base64')));
socket.on('error', (e) => { process.stderr.write(e.message); process.exit(1); });
`;

/** The files are mounted and the harness is ready to start, or compiling stopped them. */
type Prepared = { ok: true; harness: string } | { ok: false; errors: CompileError[] };

/** How a process of ours ended. */
interface Ended {
  /** null when stop() killed it. */
  exitCode: number | null;
  firstOutputMs: number | null;
}

/**
 * Runs steps with real Node inside WebContainer: mounts the compiled step together with the
 * harness the command line runs (`_template/run.ts`, plus the Node bridge it imports) and
 * spawns `node _template/run.js …` with the same arguments `npm run step` passes it.
 */
export class WebContainerSandbox implements Sandbox {
  readonly kind = 'webcontainer';
  #status: SandboxStatus = 'ready';
  #container: Container;
  #files: SourceFiles = {};
  #process: WebContainerProcess | null = null;
  /** Shared files the page already holds (its browser template); the step's own files win. */
  #support: SourceFiles;
  /** Counts stop() calls, so a run stopped while it was still mounting never starts its process. */
  #stops = 0;

  constructor(container: Container, support: SourceFiles = {}) {
    this.#container = container;
    this.#support = support;
  }

  get status(): SandboxStatus {
    return this.#status;
  }

  mount(files: SourceFiles): Promise<void> {
    this.#files = { ...this.#support, ...files };
    return Promise.resolve();
  }

  /** The container's `server-ready` event carries the preview URL of each served port. */
  onPreview(listener: (url: string) => void): () => void {
    return this.#container.on('server-ready', (_port: number, url: string) => listener(url));
  }

  /** Compiles the mounted files with the harness and mounts them, if all `roots` need is there. */
  async #prepare(roots: string[]): Promise<Prepared> {
    const node = await loadNodeOnly();
    const compiled = compileAll({ ...this.#files, ...node.files });
    if (!compiled.ok) return { ok: false, errors: compiled.errors };
    const missing = missingImports(compiled.modules, [node.harness, ...roots]);
    if (missing.length > 0) return { ok: false, errors: missing };
    // A mount point must exist before mounting into it, so the folder travels inside the tree.
    const tree = toTree(compiled.modules, { 'raw-client.js': RAW_CLIENT });
    await this.#container.mount({ [ROOT]: { directory: tree } });
    return { ok: true, harness: toJs(node.harness) };
  }

  /** Starts `node …args` in the step's folder, streams its output and waits for it to end. */
  async #execute(args: string[], listener: RunListener, started: number): Promise<Ended> {
    const stops = this.#stops;
    const process = await this.#container.spawn('node', args, { cwd: ROOT });
    if (stops !== this.#stops) {
      process.kill();
      return { exitCode: null, firstOutputMs: null };
    }
    this.#process = process;
    let firstOutputMs: number | null = null;
    // WebContainer merges stdout and stderr into one terminal stream.
    const pump = process.output.pipeTo(
      new WritableStream({
        write(chunk) {
          firstOutputMs ??= performance.now() - started;
          listener.output(chunk, 'stdout');
        },
      }),
    );
    const exitCode = await process.exit;
    await pump.catch(() => undefined);
    const stopped = this.#process !== process;
    if (!stopped) this.#process = null;
    return { exitCode: stopped ? null : exitCode, firstOutputMs };
  }

  async run(request: RunRequest, listener: RunListener): Promise<RunResult> {
    this.stop();
    const stops = this.#stops;
    const started = performance.now();
    const result = (ended: Ended, compileErrors: CompileError[] = []): RunResult => ({
      runtime: 'webcontainer',
      ...ended,
      elapsedMs: performance.now() - started,
      compileErrors,
    });
    this.#status = 'running';
    const prepared = await this.#prepare([request.entry]).catch((error: unknown) => {
      this.#status = 'ready';
      throw error;
    });
    if (!prepared.ok) {
      this.#status = 'ready';
      return result({ exitCode: 1, firstOutputMs: null }, prepared.errors);
    }
    if (stops !== this.#stops) return result({ exitCode: null, firstOutputMs: null });
    const args = [prepared.harness, toJs(request.entry)];
    if (request.mode === 'serve') args.push('--listen', String(request.port ?? 3000));
    // The container reports a port once the server really listens on it; pass that on.
    let live = true;
    const unwatch =
      request.mode === 'serve'
        ? this.#container.on('server-ready', (port: number) => {
            if (live) listener.listening?.(port);
          })
        : undefined;
    try {
      return result(await this.#execute(args, listener, started));
    } finally {
      live = false;
      unwatch?.();
      this.#status = 'ready';
    }
  }

  /** Runs check files through the harness's `--check`, which writes each test's outcome to a file. */
  async test(checks: string[], listener: RunListener): Promise<TestOutcome[]> {
    this.stop();
    const stops = this.#stops;
    this.#status = 'running';
    try {
      const prepared = await this.#prepare(checks);
      if (!prepared.ok) {
        return prepared.errors.map((e) => ({
          name: `compile ${e.file}:${e.line}`,
          ok: false,
          message: e.message,
        }));
      }
      if (stops !== this.#stops) throw new ChecksStopped();
      // A name of its own per run: a run that dies early must not leave an older run's results.
      const results = `.results-${crypto.randomUUID()}.json`;
      const args = [prepared.harness, '--check', ...checks.map(toJs), '--results', results];
      const ended = await this.#execute(args, listener, performance.now());
      if (ended.exitCode === null) throw new ChecksStopped();
      const text = await this.#container.fs.readFile(`${ROOT}/${results}`, 'utf-8').catch(() => '');
      if (text === '') {
        return [{ name: 'tests', ok: false, message: 'the test file failed to load' }];
      }
      return JSON.parse(text) as TestOutcome[];
    } finally {
      this.#status = 'ready';
    }
  }

  async request(raw: Uint8Array, port: number): Promise<Uint8Array> {
    let b64 = '';
    for (const byte of raw) b64 += String.fromCharCode(byte);
    const client = await this.#container.spawn('node', ['raw-client.js', String(port), btoa(b64)], {
      cwd: ROOT,
    });
    let text = '';
    await client.output.pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) }));
    if ((await client.exit) !== 0) throw new Error(text.trim() || 'request failed');
    return Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  }

  stop(): void {
    this.#stops++;
    const process = this.#process;
    this.#process = null;
    process?.kill();
    this.#status = 'ready';
  }

  dispose(): void {
    this.stop();
  }
}
