import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeBenchReport } from '../../src/lib/bench-doc.ts';

function doc(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tal-bench-doc-')), 'benchmarks.md');
  writeFileSync(file, text);
  return file;
}

describe('writeBenchReport', () => {
  test('replaces only the text between its own markers', () => {
    const file = doc(
      '# B\n\n<!-- bench:a:start -->\n\nold a\n\n<!-- bench:a:end -->\n\n<!-- bench:b:start -->\nold b\n<!-- bench:b:end -->\n',
    );
    writeBenchReport('a', 'new a\n', { file });
    expect(readFileSync(file, 'utf8')).toBe(
      '# B\n\n<!-- bench:a:start -->\n\nnew a\n\n<!-- bench:a:end -->\n\n<!-- bench:b:start -->\nold b\n<!-- bench:b:end -->\n',
    );
  });

  test('adds a titled section at the end the first time', () => {
    const file = doc('# B\n\ntext\n');
    writeBenchReport('c', 'report', { file, heading: 'C' });
    expect(readFileSync(file, 'utf8')).toBe(
      '# B\n\ntext\n\n## C\n\n<!-- bench:c:start -->\n\nreport\n\n<!-- bench:c:end -->\n',
    );
    // A second write replaces it instead of adding another.
    writeBenchReport('c', 'again', { file, heading: 'C' });
    expect(readFileSync(file, 'utf8').match(/## C/g)).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toContain('\nagain\n');
  });

  test('refuses to guess where a report without markers or heading goes', () => {
    const file = doc('# B\n');
    expect(() => writeBenchReport('d', 'x', { file })).toThrow(/lacks the <!-- bench:d:start -->/);
    expect(readFileSync(file, 'utf8')).toBe('# B\n');
  });
});
