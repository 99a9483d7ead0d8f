/** Records bench:server's headline figures in content/data/bench-server.json and its report in docs/benchmarks.md. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import type { IdleResult } from './idle.ts';
import { miniName, NODE, PYTHON, root, TORNADO, type WrkResult } from './servers.ts';

const DATA_FILE = join(root, 'content/data/bench-server.json');
const DOC_FILE = join(root, 'docs/benchmarks.md');
const MARK_START = '<!-- bench:server:start -->';
const MARK_END = '<!-- bench:server:end -->';

/** Everything one bench:server run measured, and how. */
export interface Measured {
  /** The one-minute load average when the run started. */
  load: number;
  wrk: { connections: string; duration: string; warmup: string; rounds: string };
  node: WrkResult;
  tornado: WrkResult;
  /** The mini server's median round, when a serving step exists. */
  mini: WrkResult | undefined;
  step: string | null;
  idleCount: number;
  idle: Map<string, IdleResult>;
}

/** Writes the figures the chapters' `{{bench:server.…}}` placeholders read, and the report into the docs. */
export function record(measured: Measured, report: string[]): void {
  const data = figuresData(measured);
  mkdirSync(dirname(DATA_FILE), { recursive: true });
  writeFileSync(DATA_FILE, `${JSON.stringify(data, null, 2)}\n`);
  writeDocSection(report);
  console.log(`\nWrote ${DATA_FILE} and the bench:server section of ${DOC_FILE}.`);
}

/** The contents of bench-server.json. */
function figuresData(measured: Measured): object {
  const { node, tornado, mini, step, idle } = measured;
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
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      load: round(measured.load, 1),
    },
    runtime: { node: process.version, ...pythonVersions() },
    wrk: {
      threads: 1,
      connections: Number(measured.wrk.connections),
      duration: measured.wrk.duration,
      warmup: measured.wrk.warmup,
      rounds: Number(measured.wrk.rounds),
    },
    node: { name: NODE, ...figures(node) },
    tornado: { name: TORNADO, ...figures(tornado) },
    ...(mini && step
      ? {
          mini: {
            name: miniName(step),
            step,
            ...figures(mini),
            vsTornado: round(mini.requestsPerSec / tornado.requestsPerSec, 2),
          },
        }
      : {}),
    ...(idle.size > 0
      ? {
          idle: {
            connections: measured.idleCount,
            node: idleFigures(NODE),
            ...(step ? { mini: idleFigures(miniName(step)) } : {}),
          },
        }
      : {}),
  };
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
