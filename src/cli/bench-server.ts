/**
 * Benchmarks the mini server against node:http and real Tornado with wrk, and checks idle keep-alive
 * capacity. With --write it also records the headline figures in content/data/bench-server.json
 * (the chapters' `{{bench:server.…}}` placeholders read them) and its report in docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../lib/free-port.ts';
import { ensureFdLimit, idleTest, type IdleResult } from './bench-server/idle.ts';
import { record } from './bench-server/record.ts';
import {
  miniName,
  NODE,
  PYTHON,
  root,
  runWrk,
  startServer,
  stopServer,
  TORNADO,
  type Running,
  type WrkResult,
} from './bench-server/servers.ts';

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

/** A server to benchmark, by name, with how to start it. */
type Target = [string, () => Promise<Running>];

/** Prints a line of the report and keeps it for docs/benchmarks.md. */
type Out = (line?: string) => void;

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

/** node:http and Tornado always; the mini server of `step` when there is one. */
function benchTargets(step: string | null): Target[] {
  const targets: Target[] = [
    [
      NODE,
      async () =>
        startServer(NODE, process.execPath, ['tests/fixtures/http/node-reference-app.ts', '0']),
    ],
    [
      TORNADO,
      async () =>
        startServer(TORNADO, PYTHON, ['-B', 'tests/fixtures/tornado/reference_app.py', '0']),
    ],
  ];
  if (step) {
    targets.push([
      miniName(step),
      async () =>
        startServer(
          miniName(step),
          process.execPath,
          ['src/cli/step.ts', step, '--listen', String(await freePort())],
          // No access log, as the Tornado reference app disables tornado.access.
          { TAL_ACCESS_LOG: '0' },
        ),
    ]);
  }
  return targets;
}

/**
 * Measures every target's throughput. All servers run side by side; rounds alternate between them
 * so background load hits all alike, and each server's median round is returned.
 */
async function throughput(targets: Target[], out: Out): Promise<Map<string, WrkResult>> {
  const servers: Running[] = [];
  const rounds = new Map<string, WrkResult[]>();
  try {
    for (const [, start] of targets) servers.push(await start());
    for (const server of servers) runWrk(server, options.warmup, options.connections);
    for (let round = 0; round < Number(options.rounds); round++) {
      for (const server of servers) {
        const list = rounds.get(server.name) ?? [];
        list.push(runWrk(server, options.duration, options.connections));
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
  return results;
}

/** The results table, then the mini server against its budgets (or why it was not measured). */
function compare(results: Map<string, WrkResult>, mini: WrkResult | undefined, out: Out): void {
  const node = results.get(NODE)!;
  const tornado = results.get(TORNADO)!;
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
}

/** The idle test of every target but Tornado, one server at a time. */
async function idleSection(
  targets: Target[],
  idleCount: number,
  out: Out,
): Promise<Map<string, IdleResult>> {
  const idle = new Map<string, IdleResult>();
  out();
  out(`### Idle keep-alive connections (${idleCount.toLocaleString('en-US')})`);
  out();
  for (const [name, start] of targets.filter(([name]) => name !== TORNADO)) {
    const server = await start();
    try {
      const result = await idleTest(server, idleCount);
      idle.set(name, result);
      for (const line of result.lines) out(line);
    } finally {
      await stopServer(server);
    }
  }
  return idle;
}

/** The parser benchmark's report, so one run documents both. */
function parserSection(out: Out): void {
  out();
  out('### Parser throughput (`npm run bench:parser`, also printed by `bench:server`)');
  out();
  const parser = spawnSync(process.execPath, ['src/cli/bench-parser.ts'], {
    cwd: root,
    encoding: 'utf8',
  });
  out(parser.status === 0 ? parser.stdout.trimEnd() : `bench-parser failed:\n${parser.stderr}`);
}

async function main(): Promise<void> {
  const idleCount = options['skip-idle'] ? 0 : Number(options.idle);
  if (idleCount > 0) ensureFdLimit(idleCount + 1000);
  const step = miniStep();
  const targets = benchTargets(step);
  const load = loadavg()[0]!;
  const setup =
    `wrk -t1 -c${options.connections} -d${options.duration} --latency, keep-alive GET / on ` +
    `127.0.0.1 (node ${process.version}, ${cpus().length} CPUs, load ${load.toFixed(1)})`;
  const report: string[] = [];
  const out: Out = (line = '') => {
    console.log(line);
    report.push(line);
  };
  out(`Setup: ${setup}`);
  out();
  const results = await throughput(targets, out);
  const mini = step ? results.get(miniName(step)) : undefined;
  compare(results, mini, out);
  const idle =
    idleCount > 0 ? await idleSection(targets, idleCount, out) : new Map<string, IdleResult>();
  if (!options['skip-parser'] && existsSync(join(root, 'src/cli/bench-parser.ts'))) {
    parserSection(out);
  }
  if (options.write) {
    const node = results.get(NODE)!;
    const tornado = results.get(TORNADO)!;
    record({ load, wrk: options, node, tornado, mini, step, idleCount, idle }, report);
  }
}

await main();
