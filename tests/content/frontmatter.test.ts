import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const outDir = mkdtempSync(join(tmpdir(), 'tal-broken-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Runs a real `astro build` over a fixture content tree and returns its exit code and output. */
function buildWithContent(fixture: string): { status: number | null; output: string } {
  const result = spawnSync('npx', ['astro', 'build', '--outDir', outDir], {
    env: {
      ...process.env,
      TAL_CONTENT_ROOT: `tests/fixtures/content/${fixture}`,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('a broken content file fails the build and names the file and the field', () => {
  it('refuses an unknown (misspelt) frontmatter key', () => {
    const { status, output } = buildWithContent('unknown-field');
    expect(status).not.toBe(0);
    expect(output).toContain('chapters/en/01-broken.md');
    expect(output).toContain('Unrecognized key: "sectoins"');
  });

  it('refuses a value of the wrong type', () => {
    const { status, output } = buildWithContent('bad-value');
    expect(status).not.toBe(0);
    expect(output).toContain('chapters/zh/03-broken.md');
    expect(output).toMatch(/order.*Expected type `"number"`/);
  });

  it('refuses a step.yaml with a missing field and an unpinned Tornado link', () => {
    const { status, output } = buildWithContent('bad-step');
    expect(status).not.toBe(0);
    expect(output).toContain('sandboxes/01-broken/step.yaml');
    expect(output).toContain('lineBudget');
    expect(output).toContain('must be a release tag');
  });
});
