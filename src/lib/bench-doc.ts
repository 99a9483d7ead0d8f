/** Writes a benchmark's report into docs/benchmarks.md, between that benchmark's markers. */
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the text between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` in `file`
 * with `report`. A document without the markers gets a new section titled `heading` at its end;
 * without a heading that is an error, so a report never lands in the wrong place.
 */
export function writeBenchReport(
  name: string,
  report: string,
  options: { file?: string; heading?: string } = {},
): void {
  const file = options.file ?? 'docs/benchmarks.md';
  const startMark = `<!-- bench:${name}:start -->`;
  const endMark = `<!-- bench:${name}:end -->`;
  const doc = readFileSync(file, 'utf8');
  const block = `${startMark}\n\n${report.trim()}\n\n${endMark}`;
  const start = doc.indexOf(startMark);
  const end = doc.indexOf(endMark);
  if (start >= 0 && end > start) {
    writeFileSync(file, doc.slice(0, start) + block + doc.slice(end + endMark.length));
    return;
  }
  if (options.heading === undefined) throw new Error(`${file} lacks the ${startMark} markers`);
  writeFileSync(file, `${doc.trimEnd()}\n\n## ${options.heading}\n\n${block}\n`);
}
