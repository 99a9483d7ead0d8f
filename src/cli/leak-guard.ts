/** Run after the build: fails if the site contains any held-back test or any solution not marked public (matched by SHA-256). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allSnapshots, sha256 } from '../lib/exercises/exercise.ts';

/** A secret file: its label and the hashes of its text with and without a final newline. */
interface Secret {
  label: string;
  hashes: Set<string>;
  /** A distinctive line, for spotting it inside highlighted HTML where hashes cannot match. */
  probe: string;
}

/** The held-back tests and private solutions of every known version of every exercise. */
export function secrets(): Secret[] {
  const out: Secret[] = [];
  const add = (label: string, text: string, published: string) => {
    const trimmed = text.replace(/\s+$/, '');
    // The probe is a line only the secret has, so public step code never trips it.
    const probe =
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length >= 24 && !l.startsWith('import ') && !published.includes(l))
        .sort((a, b) => b.length - a.length)[0] ?? trimmed;
    out.push({
      label,
      hashes: new Set([sha256(text), sha256(trimmed), sha256(`${trimmed}\n`)]),
      probe,
    });
  };
  const snapshots = allSnapshots();
  const published = snapshots
    .flatMap((s) => [
      ...Object.values(s.bundle.files),
      ...Object.values(s.bundle.checks),
      ...Object.values(s.bundle.template),
      ...(s.solutionPublic ? Object.values(s.solution) : []),
    ])
    .join('\n');
  for (const snapshot of snapshots) {
    for (const [name, text] of Object.entries(snapshot.heldBack)) {
      add(`${snapshot.id}@${snapshot.pin} held-back ${name}`, text, published);
    }
    if (!snapshot.solutionPublic) {
      for (const [name, text] of Object.entries(snapshot.solution)) {
        add(`${snapshot.id}@${snapshot.pin} solution ${name}`, text, published);
      }
    }
  }
  return out;
}

function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) strings(v, out);
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#x27': "'",
};

/** Every place in `dist` where a secret appears: whole files, JSON string values, or text in HTML. */
export function findLeaks(dist: string, list = secrets()): string[] {
  const leaks: string[] = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of walk(dist)) {
    const buffer = readFileSync(file);
    const candidates = [sha256(buffer)];
    const text = buffer.toString('utf8');
    if (/\.(json|html|js|mjs|txt|md|ts)$/.test(file)) {
      const values: string[] = [];
      if (file.endsWith('.json')) {
        try {
          strings(JSON.parse(text), values);
        } catch {
          // Not JSON after all: the text checks below still apply.
        }
      }
      for (const m of text.matchAll(
        /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g,
      )) {
        try {
          strings(JSON.parse(m[1] ?? ''), values);
        } catch {
          // Leave it to the text probe.
        }
      }
      candidates.push(...values.map((v) => sha256(v)));
      const plain = text
        .replace(/<[^>]+>/g, '')
        .replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ENTITIES[e] ?? '');
      for (const secret of list) {
        if (plain.includes(secret.probe) || values.some((v) => v.includes(secret.probe))) {
          leaks.push(`${relative(dist, file)} contains ${secret.label} (text)`);
        }
      }
    }
    for (const secret of list) {
      if (candidates.some((c) => secret.hashes.has(c)))
        leaks.push(`${relative(dist, file)} contains ${secret.label} (hash)`);
    }
  }
  return [...new Set(leaks)].sort();
}

/** Entry point: `node src/cli/leak-guard.ts [dist]`. */
export function main(argv: string[]): number {
  const dist = argv[0] ?? 'dist';
  const list = secrets();
  const leaks = findLeaks(dist, list);
  if (leaks.length > 0) {
    process.stderr.write(
      `leak guard: ${leaks.length} secret file(s) in ${dist}:\n${leaks.map((l) => `  ${l}\n`).join('')}`,
    );
    return 1;
  }
  process.stdout.write(
    `leak guard: none of ${list.length} held-back or private files is in ${dist}\n`,
  );
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
