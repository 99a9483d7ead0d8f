import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownToHtml } from 'satteri';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createBenchFigures,
  figureAt,
  formatFigure,
  replaceFigures,
} from '../../../src/lib/content/bench-figures.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tal-bench-figures-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
writeFileSync(
  join(dataDir, 'bench-server.json'),
  JSON.stringify({
    date: '2026-12-02',
    node: { requestsPerSec: 71552, ratio: 1 },
    mini: { requestsPerSec: 54576, ratio: 0.76, cpuPerRequestUs: 19.2 },
    wrk: { connections: 50 },
  }),
);

/** A chapter file URL, as Astro passes it to the plugin. */
const chapter = pathToFileURL('/site/content/chapters/en/05-mini-server.md');

describe('bench figures', () => {
  it('formats numbers with thousands separators and leaves strings alone', () => {
    expect(formatFigure(54576)).toBe('54,576');
    expect(formatFigure(0.76)).toBe('0.76');
    expect(formatFigure('2026-12-02')).toBe('2026-12-02');
  });

  it('replaces a placeholder in prose and in a table cell', () => {
    const { html } = markdownToHtml(
      [
        'The mini server ran at {{bench:server.mini.ratio}}× node:http on {{bench:server.date}}.',
        '',
        '| Server | Requests/s |',
        '| --- | ---: |',
        '| mini | {{bench:server.mini.requestsPerSec}} |',
      ].join('\n'),
      { mdastPlugins: [createBenchFigures(dataDir)], fileURL: chapter },
    );
    expect(html).toContain('The mini server ran at 0.76× node:http on 2026-12-02.');
    expect(html).toMatch(/<td[^>]*>54,576<\/td>/);
    expect(html).not.toContain('{{bench:');
  });

  it('replaces placeholders in raw HTML such as a note', () => {
    const { html } = markdownToHtml(
      '<aside class="note" role="note"><strong>Version note</strong> {{bench:server.wrk.connections}} connections.</aside>',
      { mdastPlugins: [createBenchFigures(dataDir)], fileURL: chapter },
    );
    expect(html).toContain('</strong> 50 connections.</aside>');
  });

  it('fails on a missing key, naming the chapter file and the placeholder', () => {
    expect(() =>
      markdownToHtml('About {{bench:server.mini.nope}} requests.', {
        mdastPlugins: [createBenchFigures(dataDir)],
        fileURL: chapter,
      }),
    ).toThrow(
      /content\/chapters\/en\/05-mini-server\.md: \{\{bench:server\.mini\.nope\}\}: no key "mini\.nope"/,
    );
  });

  it('fails on a missing data file, naming the script that writes it', () => {
    expect(() => replaceFigures('{{bench:parser.total}}', 'x.md', dataDir)).toThrow(
      /x\.md: \{\{bench:parser\.total\}\}: .*bench-parser\.json does not exist; run `npm run bench:parser -- --write`/,
    );
  });

  it('refuses a key that names an object rather than a figure', () => {
    expect(() => figureAt({ mini: { ratio: 1 } }, 'mini', 'f.json')).toThrow(
      'key "mini" in f.json is not a number or a string',
    );
  });

  it('leaves text without placeholders untouched', () => {
    expect(replaceFigures('about 2 ms {{not a placeholder}}', 'x.md', dataDir)).toBe(
      'about 2 ms {{not a placeholder}}',
    );
  });
});
