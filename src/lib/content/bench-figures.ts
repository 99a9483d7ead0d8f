/** Puts measured benchmark figures into chapter prose, so no chapter types a number a script measured. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';
import { contentProblem } from './content-errors.ts';

/** Where the bench scripts write their results (`bench-<name>.json`), relative to the project root. */
const DATA_DIR = process.env['TAL_CONTENT_ROOT']
  ? join(process.env['TAL_CONTENT_ROOT'], 'data')
  : 'content/data';

/**
 * `{{bench:server.mini.ratio}}`: the figure at key path `mini.ratio` in `bench-server.json`. Keys
 * are letters, digits and dots only, so Markdown never reads part of one as emphasis.
 */
export const PLACEHOLDER = /\{\{bench:([a-z0-9-]+)\.([A-Za-z0-9.]+)\}\}/g;

/** Turns a figure into text: numbers get thousands separators, so 54576 reads 54,576. */
export function formatFigure(value: number | string): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : value;
}

/** Reads `bench-<name>.json` in `dataDir`; throws naming the file when it is missing or not JSON. */
export function readBenchData(name: string, dataDir = DATA_DIR): unknown {
  const file = join(dataDir, `bench-${name}.json`);
  if (!existsSync(file)) {
    throw new Error(`${file} does not exist; run \`npm run bench:${name} -- --write\``);
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Looks up a dotted key path in bench data; throws naming the key unless it ends at a number or string. */
export function figureAt(data: unknown, key: string, file: string): string {
  let value: unknown = data;
  for (const part of key.split('.')) {
    value =
      value !== null && typeof value === 'object' && Object.hasOwn(value, part)
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  if (typeof value === 'number' || typeof value === 'string') return formatFigure(value);
  throw new Error(
    value === undefined
      ? `no key "${key}" in ${file}`
      : `key "${key}" in ${file} is not a number or a string`,
  );
}

/**
 * Replaces every placeholder in `text` with its figure. A placeholder that does not resolve throws,
 * naming `where` (the chapter file) and the placeholder.
 */
export function replaceFigures(text: string, where: string, dataDir = DATA_DIR): string {
  if (!text.includes('{{bench:')) return text;
  return text.replace(PLACEHOLDER, (placeholder, name: string, key: string) => {
    try {
      return figureAt(readBenchData(name, dataDir), key, join(dataDir, `bench-${name}.json`));
    } catch (error) {
      throw new Error(`${where}: ${placeholder}: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** A fingerprint of every bench data file, so Astro re-renders the chapters when a figure changes. */
function dataDigest(dataDir: string): string {
  const hash = createHash('sha256');
  const files = existsSync(dataDir) ? readdirSync(dataDir).filter((f) => f.endsWith('.json')) : [];
  for (const file of files.sort()) hash.update(file).update(readFileSync(join(dataDir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Builds the mdast plugin that fills in `{{bench:…}}` placeholders from `dataDir`. */
export function createBenchFigures(dataDir = DATA_DIR) {
  const replace = (value: string, fileURL: URL | undefined): string => {
    const where = fileURL ? fileURLToPath(fileURL).replace(/^.*?content\//, 'content/') : '';
    try {
      return replaceFigures(value, where, dataDir);
    } catch (error) {
      return contentProblem((error as Error).message);
    }
  };
  return {
    ...defineMdastPlugin({
      name: 'bench-figures',
      text(node, ctx) {
        if (node.value.includes('{{bench:')) {
          ctx.setProperty(node, 'value', replace(node.value, ctx.fileURL));
        }
      },
      html(node, ctx) {
        if (node.value.includes('{{bench:')) {
          ctx.setProperty(node, 'value', replace(node.value, ctx.fileURL));
        }
      },
    }),
    // Not a visitor: Astro hashes its config, markdown plugins included, to decide whether cached
    // chapter renders are still valid, so a new bench run must change the config.
    dataDigest: dataDigest(dataDir),
  };
}

/** The plugin over `content/data`, as registered in astro.config.mjs. */
export const benchFigures = createBenchFigures();
