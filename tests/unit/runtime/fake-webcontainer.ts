/**
 * A faithful stand-in for a booted WebContainer, typed by `@webcontainer/api`'s own typings: it
 * executes exactly the tree given to `mount()` and the command given to `spawn()` with real Node.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import type {
  BufferEncoding,
  FileSystemTree,
  LoadFilesOptions,
  PortListener,
  ServerReadyListener,
  SpawnOptions,
  Unsubscribe,
  WebContainerProcess,
} from '@webcontainer/api';
import type { Container } from '../../../src/lib/runtime/webcontainer-adapter.ts';

/** How often the fake looks for ports its processes listen on. */
const PORT_POLL_MS = 10;

/** The part of the file system API the runtime uses. */
type ContainerFs = Container['fs'];

/** The working directory's fs, as WebContainer scopes it: every path resolves inside it. */
class FakeFs implements ContainerFs {
  readonly #resolve: (path: string) => string;
  constructor(resolveInside: (path: string) => string) {
    this.#resolve = resolveInside;
  }
  readFile(path: string, encoding?: null): Promise<Uint8Array>;
  readFile(path: string, encoding: BufferEncoding): Promise<string>;
  async readFile(path: string, encoding?: BufferEncoding | null): Promise<Uint8Array | string> {
    const bytes = await readFile(this.#resolve(path));
    return encoding ? bytes.toString(encoding) : new Uint8Array(bytes);
  }
}

/**
 * Each instance is one booted container with a fresh, empty working directory. What it does as
 * WebContainer documents it:
 * - `mount(tree, { mountPoint })` writes the tree into the working directory (or into
 *   `mountPoint`, which must already exist, or it rejects as WebContainer does);
 * - `spawn(command, args, { cwd, env, output })` runs that command as a real child process in
 *   that folder (`node` is the Node running the tests); `output` carries stdout and stderr merged
 *   into one stream of strings, `exit` resolves with the exit code, `kill()` ends it;
 * - `on('port')` and `on('server-ready')` fire when a spawned process (or a descendant) really
 *   listens on a TCP port, found in the kernel's socket tables, never from what it prints.
 */
export class FakeWebContainer implements Container {
  /** The container's working directory (WebContainer's `workdir`). */
  readonly workdir = mkdtempSync(join(tmpdir(), 'tal-webcontainer-'));
  readonly fs = new FakeFs((path) => this.#inside(path));
  /** Every spawn, as `[command, ...args]`, in order. */
  readonly spawned: string[][] = [];
  readonly #listeners = new Map<string, Set<(...args: never[]) => void>>();
  readonly #children = new Set<ChildProcess>();

  /** `path` resolved in the working directory; leading slashes mean the working directory too. */
  #inside(path: string): string {
    const full = resolve(this.workdir, path.replace(/^\/+/, ''));
    const back = relative(this.workdir, full);
    if (back === '..' || back.startsWith(`..${sep}`)) throw new Error(`${path} is outside`);
    return full;
  }

  mount(snapshotOrTree: FileSystemTree | Uint8Array | ArrayBuffer, options?: LoadFilesOptions) {
    if (snapshotOrTree instanceof Uint8Array || snapshotOrTree instanceof ArrayBuffer) {
      return Promise.reject(new Error('this fake mounts trees, not binary snapshots'));
    }
    try {
      const target = this.#inside(options?.mountPoint ?? '.');
      if (!existsSync(target) || !statSync(target).isDirectory()) {
        throw new Error(`Unable to mount: ${options?.mountPoint} does not exist`);
      }
      writeTree(target, snapshotOrTree);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  spawn(command: string, args: string[], options?: SpawnOptions): Promise<WebContainerProcess>;
  spawn(command: string, options?: SpawnOptions): Promise<WebContainerProcess>;
  spawn(
    command: string,
    argsOrOptions?: string[] | SpawnOptions,
    maybeOptions?: SpawnOptions,
  ): Promise<WebContainerProcess> {
    const args = Array.isArray(argsOrOptions) ? argsOrOptions : [];
    const options = (Array.isArray(argsOrOptions) ? maybeOptions : argsOrOptions) ?? {};
    this.spawned.push([command, ...args]);
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value) env[key] = value;
    // The container's `node` is the one Node it ships: here, the Node running the tests.
    env['PATH'] = [dirname(process.execPath), env['PATH'] ?? ''].join(delimiter);
    for (const [key, value] of Object.entries(options.env ?? {})) env[key] = String(value);
    const child = spawnChild(command, args, { cwd: this.#inside(options.cwd ?? '.'), env });
    this.#children.add(child);
    return new Promise((resolveSpawn) => {
      let emit: (text: string) => void = () => undefined;
      let closeOutput = () => undefined as void;
      const output = new ReadableStream<string>({
        start(controller) {
          emit = (text) => {
            if (options.output !== false && text !== '') controller.enqueue(text);
          };
          closeOutput = () => controller.close();
        },
      });
      // One decoder per stream, so a character split across chunks is not broken.
      for (const stream of [child.stdout, child.stderr]) {
        const decoder = new TextDecoder();
        stream.on('data', (chunk: Buffer) => emit(decoder.decode(chunk, { stream: true })));
        stream.on('end', () => emit(decoder.decode()));
      }
      const stopWatching = this.#watchPorts(child);
      let settle: (code: number) => void = () => undefined;
      const exit = new Promise<number>((resolveExit) => {
        let done = false;
        settle = (code) => {
          if (done) return;
          done = true;
          stopWatching();
          this.#children.delete(child);
          closeOutput();
          resolveExit(code);
        };
      });
      child.once('close', (code, signal) =>
        settle(code ?? 128 + (signal ? constants.signals[signal] : 0)),
      );
      const input = new WritableStream<string>({
        write: (chunk) => void child.stdin?.write(chunk),
        close: () => void child.stdin?.end(),
      });
      const running: WebContainerProcess = {
        output,
        exit,
        input,
        kill: () => void child.kill('SIGKILL'),
        resize: () => undefined,
      };
      child.once('spawn', () => resolveSpawn(running));
      // As in WebContainer's shell, an unknown command is a process that says so and exits 127.
      child.once('error', (error: NodeJS.ErrnoException) => {
        emit(`jsh: command not found: ${command}\n`);
        settle(error.code === 'ENOENT' ? 127 : 1);
        resolveSpawn(running);
      });
    });
  }

  on(event: 'port', listener: PortListener): Unsubscribe;
  on(event: 'server-ready', listener: ServerReadyListener): Unsubscribe;
  /** Events this fake never emits (previews, internal errors, editor hooks): listening is harmless. */
  on(
    event: 'preview-message' | 'error' | 'xdg-open' | 'code',
    listener: (...args: never[]) => void,
  ): Unsubscribe;
  on(event: string, listener: (...args: never[]) => void): Unsubscribe {
    const set = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, set);
    set.add(listener);
    return () => void set.delete(listener);
  }

  #emit(event: 'port', ...args: Parameters<PortListener>): void;
  #emit(event: 'server-ready', ...args: Parameters<ServerReadyListener>): void;
  #emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      (listener as (...a: unknown[]) => void)(...args);
    }
  }

  /** Polls the kernel for ports `child`'s process tree listens on; returns the stop function. */
  #watchPorts(child: ChildProcess): () => void {
    const open = new Set<number>();
    const url = (port: number) => `http://localhost:${port}`;
    const look = () => {
      const now = child.pid === undefined ? new Set<number>() : listeningPorts(child.pid);
      for (const port of now) {
        if (open.has(port)) continue;
        open.add(port);
        this.#emit('port', port, 'open', url(port));
        this.#emit('server-ready', port, url(port));
      }
      for (const port of open) {
        if (now.has(port)) continue;
        open.delete(port);
        this.#emit('port', port, 'close', url(port));
      }
    };
    const timer = setInterval(look, PORT_POLL_MS);
    return () => {
      clearInterval(timer);
      for (const port of open) this.#emit('port', port, 'close', url(port));
      open.clear();
    };
  }

  /** Kills what still runs and deletes the working directory (WebContainer's `teardown`). */
  teardown(): void {
    for (const child of this.#children) child.kill('SIGKILL');
    this.#children.clear();
    rmSync(this.workdir, { recursive: true, force: true });
  }
}

/** Writes `tree` under `dir`: directories, files (text or bytes) and symlinks. */
function writeTree(dir: string, tree: FileSystemTree): void {
  for (const [name, node] of Object.entries(tree)) {
    if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) {
      throw new Error(`bad file name in tree: "${name}"`);
    }
    const path = join(dir, name);
    if ('directory' in node) {
      mkdirSync(path, { recursive: true });
      writeTree(path, node.directory);
    } else if ('symlink' in node.file) {
      rmSync(path, { force: true });
      symlinkSync(node.file.symlink, path);
    } else {
      writeFileSync(path, node.file.contents);
    }
  }
}

/** What `read` returns, or `fallback` when it throws (a process or socket went away meanwhile). */
function orElse<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** `pid` and its descendants (Linux: /proc/<pid>/task/<tid>/children). */
function processTree(pid: number): number[] {
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    const task = `/proc/${found[i]}/task`;
    for (const tid of orElse(() => readdirSync(task), [])) {
      try {
        const children = readFileSync(`${task}/${tid}/children`, 'utf8').trim();
        if (children) found.push(...children.split(/\s+/).map(Number));
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return found;
}

/** TCP ports in LISTEN state whose sockets belong to `pid` or a descendant (Linux /proc). */
export function listeningPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const member of processTree(pid)) {
    for (const fd of orElse(() => readdirSync(`/proc/${member}/fd`), [])) {
      try {
        const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${member}/fd/${fd}`));
        if (socket?.[1]) inodes.add(socket[1]);
      } catch {
        // Closed meanwhile.
      }
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = orElse(() => readFileSync(table, 'utf8'), '');
    // Columns: sl local_address rem_address st … inode; state 0A is LISTEN.
    for (const row of text.split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      const [, local, , state] = cols;
      if (state !== '0A' || !inodes.has(cols[9] ?? '')) continue;
      ports.add(Number.parseInt(local?.split(':').at(-1) ?? '', 16));
    }
  }
  return ports;
}
