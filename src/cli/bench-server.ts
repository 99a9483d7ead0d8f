/**
 * Benchmarks the mini server against node:http and real Tornado with wrk, and checks idle keep-alive
 * capacity. With --write it also records the headline figures in content/data/bench-server.json
 * (the chapters' `{{bench:server.…}}` placeholders read them) and its report in docs/benchmarks.md.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../lib/free-port.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYTHON = '/usr/bin/python3';
const WRK = '/usr/bin/wrk';
const DATA_FILE = join(root, 'content/data/bench-server.json');
const DOC_FILE = join(root, 'docs/benchmarks.md');
const MARK_START = '<!-- bench:server:start -->';
const MARK_END = '<!-- bench:server:end -->';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '5s' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '1s' },
    rounds: { type: 'string', default: '3' },
    idle: { type: 'string', default: '10000' },
    step: { type: 'string' },
    'skip-idle': { type: 'boolean', default: false },
    'skip-parser': { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
  },
});

interface Running {
  name: string;
  port: number;
  child: ChildProcess;
}

interface WrkResult {
  requestsPerSec: number;
  avgLatencyMs: number;
  p99LatencyMs: number;
  errors: string;
  /** Server CPU time (user + system) per request, µs: steadier than requests/s on a busy machine. */
  cpuPerRequestUs: number;
}

/** Spawns a server and resolves once it prints its "listening on" line. */
function startServer(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${name} did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ name, port: Number(match[1]), child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
}

function stopServer(server: Running): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.removeAllListeners('exit');
    server.child.on('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

function toMs(value: string, unit: string): number {
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
  return Number(value) * (scale[unit] ?? NaN);
}

/** Parses the parts of wrk's report we need (throughput, average and p99 latency, errors). */
export function parseWrk(
  output: string,
): Omit<WrkResult, 'cpuPerRequestUs'> & { requests: number } {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const avg = /Latency\s+([\d.]+)(us|ms|s|m)\s/.exec(output);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s|m)/.exec(output);
  const total = /(\d+) requests in/.exec(output);
  if (!rps || !avg || !p99 || !total) throw new Error(`cannot parse wrk output:\n${output}`);
  const errors = [
    /Socket errors:.*/.exec(output)?.[0],
    /Non-2xx or 3xx responses:.*/.exec(output)?.[0],
  ]
    .filter((line): line is string => line !== undefined)
    .join('; ');
  return {
    requestsPerSec: Number(rps[1]),
    requests: Number(total[1]),
    avgLatencyMs: toMs(avg[1]!, avg[2]!),
    p99LatencyMs: toMs(p99[1]!, p99[2]!),
    errors: errors || 'none',
  };
}

/** CPU time (user + system) a process has used, in µs (clock ticks of 10 ms). */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function runWrk(server: Running, duration: string): WrkResult {
  const args = ['-t1', `-c${options.connections}`, `-d${duration}`, '--latency'];
  const before = cpuUs(server.child.pid!);
  const output = execFileSync(WRK, [...args, `http://127.0.0.1:${server.port}/`], {
    encoding: 'utf8',
  });
  const { requests, ...result } = parseWrk(output);
  return { ...result, cpuPerRequestUs: (cpuUs(server.child.pid!) - before) / requests };
}

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** The step whose server is benchmarked: the last serving step that exists. */
function miniStep(): string | null {
  const sandboxes = join(root, 'content/sandboxes');
  const folders = existsSync(sandboxes) ? readdirSync(sandboxes) : [];
  for (const step of options.step ? [options.step] : ['10', '09']) {
    const folder = folders.find((name) => name.startsWith(`${step}-`));
    if (folder && existsSync(join(sandboxes, folder, 'main.ts'))) return step;
  }
  return null;
}

function request(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const onData = (chunk: Buffer): void => {
      reply += chunk.toString('latin1');
      const head = reply.indexOf('\r\n\r\n');
      const length = /content-length:\s*(\d+)/i.exec(reply);
      if (head >= 0 && length && reply.length >= head + 4 + Number(length[1])) {
        socket.off('data', onData);
        resolve(reply);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** What the idle test found for one server. */
interface IdleResult {
  lines: string[];
  /** Connections still open after the idle second. */
  open: number;
  /** Resident memory added per open connection, in bytes. */
  bytesPerConnection: number;
}

/** Opens `count` keep-alive connections (one request each), leaves them idle, then probes the server. */
async function idleTest(server: Running, count: number): Promise<IdleResult> {
  const pid = server.child.pid!;
  const before = rssKiB(pid);
  const sockets: Socket[] = [];
  const started = performance.now();
  for (let at = 0; at < count; at += 250) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(250, count - at) }, () => open(server.port)),
    );
    await Promise.all(batch.map(request));
    sockets.push(...batch);
  }
  const openMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const fresh = await open(server.port);
  const freshReply = await request(fresh);
  const oldReply = await request(sockets[Math.floor(sockets.length / 2)]!);
  const after = rssKiB(pid);
  const alive = sockets.filter((socket) => !socket.destroyed).length;
  for (const socket of [...sockets, fresh]) socket.destroy();
  const ok = (reply: string): string => (reply.startsWith('HTTP/1.1 200') ? 'yes' : 'NO');
  const bytesPerConnection = Math.round(((after - before) * 1024) / count);
  const lines = [
    `- ${server.name}: ${alive}/${count} idle keep-alive connections still open ` +
      `(opened and used once in ${(openMs / 1000).toFixed(1)} s)`,
    `  - new connection answered 200 while they idle: ${ok(freshReply)}; ` +
      `an idle one answered a second request: ${ok(oldReply)}`,
    `  - RSS ${(before / 1024).toFixed(1)} MiB before, ${(after / 1024).toFixed(1)} MiB with the ` +
      `connections open (${bytesPerConnection} bytes per connection)`,
  ];
  return { lines, open: alive, bytesPerConnection };
}

/** Raises the soft fd limit for the idle test by re-running under a shell `ulimit -n` when needed. */
function ensureFdLimit(needed: number): boolean {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(limits);
  const soft = match?.[1] === 'unlimited' ? Infinity : Number(match?.[1]);
  const hard = match?.[2] === 'unlimited' ? Infinity : Number(match?.[2]);
  if (soft >= needed) return true;
  if (hard < needed || process.env.BENCH_SERVER_RAISED) {
    console.log(
      `Open-file limit ${soft} (hard ${hard}) is below the ${needed} the idle test needs; ` +
        'raise it (ulimit -n) or pass --idle with a smaller count.',
    );
    return false;
  }
  const argv = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const quoted = argv.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  const rerun = spawnSync(
    'sh',
    ['-c', `ulimit -n ${hard === Infinity ? needed : hard} && exec ${quoted}`],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_SERVER_RAISED: '1' },
    },
  );
  process.exit(rerun.status ?? 1);
}

async function main(): Promise<void> {
  const idleCount = options['skip-idle'] ? 0 : Number(options.idle);
  if (idleCount > 0) ensureFdLimit(idleCount + 1000);
  const step = miniStep();
  const targets: Array<[string, () => Promise<Running>]> = [
    [
      'node:http',
      async () =>
        startServer('node:http', process.execPath, [
          'tests/fixtures/http/node-reference-app.ts',
          '0',
        ]),
    ],
    [
      'Tornado 6',
      async () =>
        startServer('Tornado 6', PYTHON, ['-B', 'tests/fixtures/tornado/reference_app.py', '0']),
    ],
  ];
  if (step) {
    targets.push([
      `mini (step ${step})`,
      async () =>
        startServer(
          `mini (step ${step})`,
          process.execPath,
          ['src/cli/step.ts', step, '--listen', String(await freePort())],
          // No access log, as the Tornado reference app disables tornado.access.
          { TAL_ACCESS_LOG: '0' },
        ),
    ]);
  }
  const load = loadavg()[0]!;
  const setup =
    `wrk -t1 -c${options.connections} -d${options.duration} --latency, keep-alive GET / on ` +
    `127.0.0.1 (node ${process.version}, ${cpus().length} CPUs, load ${load.toFixed(1)})`;
  const report: string[] = [];
  /** Prints a line of the report and keeps it for docs/benchmarks.md. */
  const out = (line = ''): void => {
    console.log(line);
    report.push(line);
  };
  out(`Setup: ${setup}`);
  out();
  // All servers run side by side; rounds alternate between them so background load hits all
  // alike, and each server's median round is reported.
  const servers: Running[] = [];
  const rounds = new Map<string, WrkResult[]>();
  try {
    for (const [, start] of targets) servers.push(await start());
    for (const server of servers) runWrk(server, options.warmup);
    for (let round = 0; round < Number(options.rounds); round++) {
      for (const server of servers) {
        const list = rounds.get(server.name) ?? [];
        list.push(runWrk(server, options.duration));
        rounds.set(server.name, list);
      }
    }
  } finally {
    await Promise.all(servers.map(stopServer));
  }
  const results = new Map<string, WrkResult>();
  for (const [name, list] of rounds) {
    const sorted = [...list].sort((a, b) => a.requestsPerSec - b.requestsPerSec);
    results.set(name, sorted[Math.floor(sorted.length / 2)]!);
  }
  out(
    `Median of ${options.rounds} alternating rounds; all rounds (requests/s): ` +
      [...rounds]
        .map(([name, list]) => `${name} ${list.map((r) => r.requestsPerSec.toFixed(0)).join('/')}`)
        .join('; '),
  );
  out();
  const node = results.get('node:http')!;
  out(
    '| Server | Requests/s | Avg latency | p99 latency | × node:http | CPU µs/request | Errors |',
  );
  out('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [name, result] of results) {
    out(
      `| ${name} | ${result.requestsPerSec.toFixed(0)} | ${result.avgLatencyMs.toFixed(2)} ms | ` +
        `${result.p99LatencyMs.toFixed(2)} ms | ${(result.requestsPerSec / node.requestsPerSec).toFixed(2)} | ` +
        `${result.cpuPerRequestUs.toFixed(1)} | ${result.errors} |`,
    );
  }
  const tornado = results.get('Tornado 6')!;
  const mini = step ? results.get(`mini (step ${step})`) : undefined;
  out();
  if (mini) {
    const vsNode = mini.requestsPerSec / node.requestsPerSec;
    const vsTornado = mini.requestsPerSec / tornado.requestsPerSec;
    out(
      `- mini / node:http = ${vsNode.toFixed(2)} (budget ≥ 0.7): ${vsNode >= 0.7 ? 'met' : 'NOT met'}`,
    );
    out(
      `- mini / Tornado = ${vsTornado.toFixed(2)} (budget ≥ 2): ${vsTornado >= 2 ? 'met' : 'NOT met'}`,
    );
    const cpu = mini.cpuPerRequestUs / node.cpuPerRequestUs;
    out(
      `- CPU per request, mini / node:http = ${cpu.toFixed(2)} ` +
        '(steadier than requests/s when the machine is busy; throughput ratio ≈ its inverse)',
    );
  } else {
    out('- mini server: no serving step (09 or 10) exists yet; only the references were measured.');
  }
  out(`- node:http / Tornado = ${(node.requestsPerSec / tornado.requestsPerSec).toFixed(2)}`);

  const idle = new Map<string, IdleResult>();
  if (idleCount > 0) {
    out();
    out(`### Idle keep-alive connections (${idleCount.toLocaleString('en-US')})`);
    out();
    const idleTargets = targets.filter(([name]) => name !== 'Tornado 6');
    for (const [name, start] of idleTargets) {
      const server = await start();
      try {
        const result = await idleTest(server, idleCount);
        idle.set(name, result);
        for (const line of result.lines) out(line);
      } finally {
        await stopServer(server);
      }
    }
  }

  if (!options['skip-parser'] && existsSync(join(root, 'src/cli/bench-parser.ts'))) {
    out();
    out('### Parser throughput (`npm run bench:parser`, also printed by `bench:server`)');
    out();
    const parser = spawnSync(process.execPath, ['src/cli/bench-parser.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    out(parser.status === 0 ? parser.stdout.trimEnd() : `bench-parser failed:\n${parser.stderr}`);
  }

  if (options.write) {
    const figures = (result: WrkResult) => ({
      requestsPerSec: Math.round(result.requestsPerSec),
      ratio: round(result.requestsPerSec / node.requestsPerSec, 2),
      avgLatencyMs: round(result.avgLatencyMs, 2),
      p99LatencyMs: round(result.p99LatencyMs, 2),
      cpuPerRequestUs: round(result.cpuPerRequestUs, 1),
      cpuRatio: round(result.cpuPerRequestUs / node.cpuPerRequestUs, 2),
    });
    const idleFigures = (name: string) => {
      const result = idle.get(name);
      return result && { open: result.open, bytesPerConnection: result.bytesPerConnection };
    };
    const data = {
      date: new Date().toISOString().slice(0, 10),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        load: round(load, 1),
      },
      runtime: { node: process.version, ...pythonVersions() },
      wrk: {
        threads: 1,
        connections: Number(options.connections),
        duration: options.duration,
        warmup: options.warmup,
        rounds: Number(options.rounds),
      },
      node: { name: 'node:http', ...figures(node) },
      tornado: { name: 'Tornado 6', ...figures(tornado) },
      ...(mini && step
        ? {
            mini: {
              name: `mini (step ${step})`,
              step,
              ...figures(mini),
              vsTornado: round(mini.requestsPerSec / tornado.requestsPerSec, 2),
            },
          }
        : {}),
      ...(idle.size > 0
        ? {
            idle: {
              connections: idleCount,
              node: idleFigures('node:http'),
              ...(step ? { mini: idleFigures(`mini (step ${step})`) } : {}),
            },
          }
        : {}),
    };
    mkdirSync(dirname(DATA_FILE), { recursive: true });
    writeFileSync(DATA_FILE, `${JSON.stringify(data, null, 2)}\n`);
    writeDocSection(report);
    console.log(`\nWrote ${DATA_FILE} and the bench:server section of ${DOC_FILE}.`);
  }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** Python, Tornado and (on Debian) the python3-tornado package version the Tornado server ran on. */
function pythonVersions(): { python: string; tornado: string; tornadoPackage?: string } {
  const probe = spawnSync(
    PYTHON,
    ['-c', 'import platform, tornado; print(platform.python_version(), tornado.version)'],
    { encoding: 'utf8' },
  );
  const [python = 'unknown', tornado = 'unknown'] = probe.stdout.trim().split(' ');
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'python3-tornado'], {
    encoding: 'utf8',
  });
  return dpkg.status === 0 && dpkg.stdout
    ? { python, tornado, tornadoPackage: dpkg.stdout.trim() }
    : { python, tornado };
}

/**
 * Replaces the report between the bench:server markers in docs/benchmarks.md. The first time, the
 * markers go around the measured part of the section (from its "Setup:" line to the next section).
 */
function writeDocSection(report: string[]): void {
  const doc = readFileSync(DOC_FILE, 'utf8');
  const block = `${MARK_START}\n\n${report.join('\n').trim()}\n\n${MARK_END}`;
  let start = doc.indexOf(MARK_START);
  let end = doc.indexOf(MARK_END) + MARK_END.length;
  if (start < 0 || end < MARK_END.length) {
    const heading = doc.indexOf('\n## Mini server vs node:http vs Tornado');
    start = heading < 0 ? -1 : doc.indexOf('\nSetup: ', heading) + 1;
    end = start <= 0 ? -1 : doc.indexOf('\n## ', start);
    if (start <= 0 || end < 0) {
      throw new Error(
        `${DOC_FILE} has neither the ${MARK_START} markers nor a bench:server section`,
      );
    }
    writeFileSync(DOC_FILE, `${doc.slice(0, start)}${block}\n${doc.slice(end)}`);
    return;
  }
  writeFileSync(DOC_FILE, doc.slice(0, start) + block + doc.slice(end));
}

await main();
