/** The WebContainer runtime: real Node in the browser, fed the compiled step, output streamed back. */
import type { FileSystemTree, WebContainerProcess } from '@webcontainer/api';
import { compileAll, rewriteImports } from './compile.ts';
import type {
  RunListener,
  RunRequest,
  RunResult,
  Sandbox,
  SandboxStatus,
  SourceFiles,
  TestOutcome,
} from './sandbox.ts';
import type { Container } from './webcontainer-adapter.ts';

/** Where the step's files live inside the container. */
const ROOT = 'sandbox';

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

/** The harness `node run.js` executes: picks the platform the way the command line does. */
export function harness(entry: string): string {
  return [
    `import { setPlatform } from './_template/platform.js';`,
    `const listen = process.argv[2] === undefined ? undefined : Number(process.argv[2]);`,
    `if (listen === undefined) {`,
    `  const { VirtualPlatform } = await import('./_template/virtual-net.js');`,
    `  setPlatform(new VirtualPlatform({ print: (line) => process.stdout.write(line + '\\n') }));`,
    `} else {`,
    `  const { NodePlatform } = await import('./_template/node-bridge.js');`,
    `  setPlatform(new NodePlatform({ listen }));`,
    `}`,
    `await import('./${toJs(entry)}');`,
    '',
  ].join('\n');
}

/** A tiny raw-HTTP client run inside the container for the request panel. */
const RAW_CLIENT = `import { connect } from 'node:net';
const [port, b64] = process.argv.slice(2);
const socket = connect(Number(port), '127.0.0.1', () => socket.write(Buffer.from(b64, 'base64')));
const chunks = [];
let quiet;
socket.on('data', (c) => { chunks.push(c); clearTimeout(quiet); quiet = setTimeout(() => socket.end(), 250); });
socket.on('close', () => process.stdout.write(Buffer.concat(chunks).toString('base64')));
socket.on('error', (e) => { process.stderr.write(e.message); process.exit(1); });
`;

/** Runs steps with real Node inside WebContainer. */
export class WebContainerSandbox implements Sandbox {
  readonly kind = 'webcontainer';
  #status: SandboxStatus = 'ready';
  #container: Container;
  #files: SourceFiles = {};
  #process: WebContainerProcess | null = null;
  /** Files only Node can run (the Node bridge); mounted beside the step. */
  #nodeOnly: SourceFiles;

  constructor(container: Container, nodeOnly: SourceFiles) {
    this.#container = container;
    this.#nodeOnly = nodeOnly;
  }

  get status(): SandboxStatus {
    return this.#status;
  }

  mount(files: SourceFiles): Promise<void> {
    this.#files = { ...files, ...this.#nodeOnly };
    return Promise.resolve();
  }

  /** Subscribes to the container's `server-ready` event (port, preview URL). */
  onServerReady(listener: (port: number, url: string) => void): () => void {
    return this.#container.on('server-ready', listener);
  }

  async run(request: RunRequest, listener: RunListener): Promise<RunResult> {
    this.stop();
    const started = performance.now();
    const compiled = compileAll(this.#files);
    if (!compiled.ok) {
      return {
        runtime: 'webcontainer',
        exitCode: 1,
        firstOutputMs: null,
        elapsedMs: performance.now() - started,
        compileErrors: compiled.errors,
      };
    }
    this.#status = 'running';
    await this.#container.mount(
      toTree(compiled.modules, { 'run.js': harness(request.entry), 'raw-client.js': RAW_CLIENT }),
      { mountPoint: ROOT },
    );
    const args = ['run.js'];
    if (request.mode === 'serve') args.push(String(request.port ?? 3000));
    // The container reports a port once the server really listens on it; pass that on.
    let live = true;
    const unwatch =
      request.mode === 'serve'
        ? this.#container.on('server-ready', (port: number) => {
            if (live) listener.listening?.(port);
          })
        : undefined;
    const process = await this.#container.spawn('node', args, { cwd: ROOT }).catch((error) => {
      unwatch?.();
      throw error;
    });
    this.#process = process;
    let firstOutputMs: number | null = null;
    const pump = process.output.pipeTo(
      new WritableStream({
        write(chunk) {
          firstOutputMs ??= performance.now() - started;
          listener.output(chunk, 'stdout');
        },
      }),
    );
    const exitCode = await process.exit;
    live = false;
    unwatch?.();
    await pump.catch(() => undefined);
    const stopped = this.#process !== process;
    this.#process = null;
    this.#status = 'ready';
    return {
      runtime: 'webcontainer',
      exitCode: stopped ? null : exitCode,
      firstOutputMs,
      elapsedMs: performance.now() - started,
      compileErrors: [],
    };
  }

  async test(): Promise<TestOutcome[]> {
    // Checks need structured results; the Worker runtime reports them, so tests always run there.
    return Promise.reject(new Error('tests run in the Worker runtime'));
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
    const process = this.#process;
    this.#process = null;
    process?.kill();
    this.#status = 'ready';
  }

  dispose(): void {
    this.stop();
  }
}
