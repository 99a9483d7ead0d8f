/** Run after the build: fails if any file of the site, of any type, holds a held-back test or a private solution, whole, in part, reformatted, compressed or minified. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { allSnapshots, exerciseIds, ROOTS } from '../lib/exercises/exercise.ts';
import { normalise } from '../lib/exercises/fingerprint.ts';

export { normalise };

/** A secret file and the fingerprints that find it. */
export interface Secret {
  label: string;
  /** Its distinctive lines, normalised: any one of them in a file is a leak. */
  lines: string[];
  /** Its distinctive string literals (test names, messages): minifiers keep these as they are. */
  literals: string[];
}

/** Shortest normalised line that counts as a fingerprint: shorter ones are common code. */
const MIN_LINE = 24;
/** Shortest string literal that counts as a fingerprint. */
const MIN_LITERAL = 16;

/** String literals of at least `MIN_LITERAL` characters in `code`, quotes stripped. */
function literalsOf(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.){16,400})\1/g)) {
    const value = m[2] ?? '';
    if (value.length >= MIN_LITERAL && !value.includes('${')) found.push(value);
  }
  return found;
}

/** The fingerprints of `text` that public content (`published`, normalised) does not share. */
export function secretOf(label: string, text: string, published: string): Secret {
  const lines = [
    ...new Set(
      text
        .split('\n')
        .filter((l) => !/^\s*(import|export \{|\/\/|\*|\/\*)/.test(l))
        .map(normalise)
        .filter((l) => l.length >= MIN_LINE && !published.includes(l)),
    ),
  ];
  const literals = [
    ...new Set(literalsOf(text).filter((v) => !published.includes(normalise(v)))),
  ].map(normalise);
  return { label, lines, literals };
}

/** Every text file under `dir` (the steps' code, which the site shows). */
function sourcesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return /\.(ts|md|mdx|py|json)$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

/**
 * Public texts, normalised line by line: normalised as one text, a `<` in one line and a `>` lines
 * later read as a tag and took the code between them out, so a line the steps show was taken
 * for a secret.
 */
export function publishedText(texts: string[]): string {
  return texts
    .flatMap((text) => text.split('\n'))
    .map(normalise)
    .join('\n');
}

/** The held-back tests and private solutions of every known version of every exercise. */
export function secrets(): Secret[] {
  const snapshots = allSnapshots();
  // A line the site shows anyway (a step's code or a public exercise file) is no
  // fingerprint: finding it proves nothing.
  const published = publishedText([
    ...sourcesUnder(ROOTS.sandboxes),
    // The instructions: a message they quote is public, wherever else it appears.
    ...exerciseIds().map((id) => readFileSync(join(ROOTS.exercises, id, 'exercise.md'), 'utf8')),
    ...snapshots.flatMap((s) => [
      ...Object.values(s.bundle.files),
      ...Object.values(s.bundle.checks),
      ...Object.values(s.bundle.template),
      ...(s.kind === 'practice' ? Object.values(s.solution) : []),
    ]),
  ]);
  const out: Secret[] = [];
  for (const snapshot of snapshots) {
    for (const [name, text] of Object.entries(snapshot.heldBack)) {
      out.push(secretOf(`${snapshot.id}@${snapshot.pin} held-back ${name}`, text, published));
    }
    if (snapshot.kind === 'private') {
      for (const [name, text] of Object.entries(snapshot.solution)) {
        out.push(secretOf(`${snapshot.id}@${snapshot.pin} solution ${name}`, text, published));
      }
    }
  }
  return out;
}

/** The texts a file holds: itself, decompressed if it is compressed, and a source map's sources. */
export function textsOf(name: string, bytes: Buffer): string[] {
  const texts: string[] = [];
  const attempts: [RegExp, (b: Buffer) => Buffer][] = [
    [/\.gz$/, gunzipSync],
    [/\.br$/, brotliDecompressSync],
    [/\.(zz|deflate)$/, inflateSync],
  ];
  let body = bytes;
  // Gzip is known by its first bytes whatever the name (Pagefind's fragments are gzip too).
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  for (const [pattern, inflate] of attempts) {
    if (!pattern.test(name) && !(gzip && inflate === gunzipSync)) continue;
    try {
      body = inflate(bytes);
    } catch {
      // Not compressed after all: read it as it is.
    }
  }
  const text = body.toString('utf8');
  texts.push(text);
  if (/\.map(\.(gz|br))?$/.test(name) || text.startsWith('{"version":3')) {
    try {
      const map = JSON.parse(text) as { sourcesContent?: unknown };
      if (Array.isArray(map.sourcesContent))
        texts.push(...map.sourcesContent.filter((s): s is string => typeof s === 'string'));
    } catch {
      // Not a source map: the text itself was checked.
    }
  }
  return texts;
}

/** Every place in `dist` where a secret appears, in any file, found by any fingerprint. */
export function findLeaks(dist: string, list = secrets()): string[] {
  const leaks = new Set<string>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of walk(dist)) {
    const name = relative(dist, file);
    for (const text of textsOf(name, readFileSync(file))) {
      const flat = normalise(text);
      for (const secret of list) {
        const line = secret.lines.find((l) => flat.includes(l));
        if (line) leaks.add(`${name} contains ${secret.label} (line ${line.slice(0, 60)})`);
        const literal = secret.literals.find((l) => flat.includes(l));
        if (literal) leaks.add(`${name} contains ${secret.label} (string ${literal.slice(0, 60)})`);
      }
    }
  }
  return [...leaks].sort();
}

/** Entry point: `node src/cli/leak-guard.ts [dist]`. */
export function main(argv: string[]): number {
  const dist = argv[0] ?? 'dist';
  const list = secrets();
  const leaks = findLeaks(dist, list);
  if (leaks.length > 0) {
    process.stderr.write(
      `leak guard: ${leaks.length} leak(s) in ${dist}:\n${leaks.map((l) => `  ${l}\n`).join('')}`,
    );
    return 1;
  }
  const prints = list.reduce((n, s) => n + s.lines.length + s.literals.length, 0);
  process.stdout.write(
    `leak guard: none of ${list.length} held-back or private files (${prints} fingerprints) is in any file of ${dist}\n`,
  );
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
