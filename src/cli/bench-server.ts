/** Benchmarks the mini server against node:http and real Tornado with wrk, and checks idle keep-alive capacity. */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYTHON = '/usr/bin/python3';
const WRK = '/usr/bin/wrk';

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Spawns a server and resolves once it prints its "listening on" line. */
function startServer(name: string, command: string, args: string[]): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Opens `count` keep-alive connections (one request each), leaves them idle, then probes the server. */
async function idleTest(server: Running, count: number): Promise<string[]> {
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
  return [
    `- ${server.name}: ${alive}/${count} idle keep-alive connections still open ` +
      `(opened and used once in ${(openMs / 1000).toFixed(1)} s)`,
    `  - new connection answered 200 while they idle: ${ok(freshReply)}; ` +
      `an idle one answered a second request: ${ok(oldReply)}`,
    `  - RSS ${(before / 1024).toFixed(1)} MiB before, ${(after / 1024).toFixed(1)} MiB with the ` +
      `connections open (${(((after - before) * 1024) / count).toFixed(0)} bytes per connection)`,
  ];
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
        startServer(`mini (step ${step})`, process.execPath, [
          'src/cli/step.ts',
          step,
          '--listen',
          String(await freePort()),
        ]),
    ]);
  }
  console.log(
    `# Server benchmark: wrk -t1 -c${options.connections} -d${options.duration} --latency, ` +
      `keep-alive GET / on 127.0.0.1 (node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)})\n`,
  );
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
  console.log(
    `Median of ${options.rounds} alternating rounds; all rounds (requests/s): ` +
      [...rounds]
        .map(([name, list]) => `${name} ${list.map((r) => r.requestsPerSec.toFixed(0)).join('/')}`)
        .join('; ') +
      '\n',
  );
  const node = results.get('node:http')!;
  console.log(
    '| Server | Requests/s | Avg latency | p99 latency | × node:http | CPU µs/request | Errors |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [name, result] of results) {
    console.log(
      `| ${name} | ${result.requestsPerSec.toFixed(0)} | ${result.avgLatencyMs.toFixed(2)} ms | ` +
        `${result.p99LatencyMs.toFixed(2)} ms | ${(result.requestsPerSec / node.requestsPerSec).toFixed(2)} | ` +
        `${result.cpuPerRequestUs.toFixed(1)} | ${result.errors} |`,
    );
  }
  const tornado = results.get('Tornado 6')!;
  const mini = step ? results.get(`mini (step ${step})`) : undefined;
  console.log('');
  if (mini) {
    const vsNode = mini.requestsPerSec / node.requestsPerSec;
    const vsTornado = mini.requestsPerSec / tornado.requestsPerSec;
    console.log(
      `- mini / node:http = ${vsNode.toFixed(2)} (budget ≥ 0.7): ${vsNode >= 0.7 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `- mini / Tornado = ${vsTornado.toFixed(2)} (budget ≥ 2): ${vsTornado >= 2 ? 'met' : 'NOT met'}`,
    );
  } else {
    console.log(
      '- mini server: no serving step (09 or 10) exists yet; only the references were measured.',
    );
  }
  if (mini) {
    const cpu = mini.cpuPerRequestUs / node.cpuPerRequestUs;
    console.log(
      `- CPU per request, mini / node:http = ${cpu.toFixed(2)} ` +
        '(steadier than requests/s when the machine is busy; throughput ratio ≈ its inverse)',
    );
  }
  console.log(
    `- node:http / Tornado = ${(node.requestsPerSec / tornado.requestsPerSec).toFixed(2)}`,
  );

  if (idleCount > 0) {
    console.log(`\n## Idle keep-alive connections (${idleCount})\n`);
    const idleTargets = targets.filter(([name]) => name !== 'Tornado 6');
    for (const [, start] of idleTargets) {
      const server = await start();
      try {
        for (const line of await idleTest(server, idleCount)) console.log(line);
      } finally {
        await stopServer(server);
      }
    }
  }

  if (!options['skip-parser'] && existsSync(join(root, 'src/cli/bench-parser.ts'))) {
    console.log('\n## Parser benchmark (npm run bench:parser)\n');
    const parser = spawnSync(process.execPath, ['src/cli/bench-parser.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    console.log(
      parser.status === 0 ? parser.stdout.trimEnd() : `bench-parser failed:\n${parser.stderr}`,
    );
  }
}

await main();
