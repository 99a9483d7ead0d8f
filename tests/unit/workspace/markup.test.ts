/** The one workspace markup: complete, escaped, in the page's language, and the same for every page that shows one. */
import { describe, expect, it } from 'vitest';
import { workspaceStrings } from '../../../src/lib/i18n/workspace.ts';
import { plainWorkspace, workspaceMarkup } from '../../../src/lib/workspace/markup.ts';

describe('workspaceMarkup', () => {
  it('renders every control, labelled in the page language, with the contract tab last', () => {
    for (const lang of ['en', 'zh'] as const) {
      const t = workspaceStrings(lang);
      const { open, close } = workspaceMarkup({
        step: '02-timers',
        lang,
        files: ['ioloop.ts', 'main.ts'],
      });
      const html = open + close;
      for (const label of [
        t.run,
        t.stop,
        t.resetFile,
        t.resetStep,
        t.stepDiff,
        t.ownDiff,
        t.exportWork,
        t.importWork,
      ])
        expect(html).toContain(`>${label}</button>`);
      expect(html).toContain(`aria-label="${t.compileErrors}"`);
      expect(html).not.toContain(`>${t.check}</button>`);
      expect(html).not.toContain('ws-request-panel');
      const tabs = [...open.matchAll(/role="tab"[^>]*data-file="([^"]+)"/g)].map((m) => m[1]);
      expect(tabs).toEqual(['ioloop.ts', 'main.ts', 'platform.ts']);
      // The first file is selected and labels the panel; only Run works before the script.
      expect(open).toContain('aria-labelledby="02-timers-tab-ioloop.ts"');
      expect(open).toMatch(/<button type="button" class="ws-run" data-action="run">/);
      expect(open).toMatch(/class="ws-stop" data-action="stop" disabled/);
    }
  });

  it('shows Check instead of the step diff for exercises, and the request panel for servers', () => {
    const exercise = workspaceMarkup({ step: 'x', lang: 'en', files: ['a.ts'], check: true });
    expect(exercise.open).toContain('data-check');
    expect(exercise.open).toContain('>Check</button>');
    expect(exercise.open).not.toContain('ws-step-diff');
    const server = workspaceMarkup({
      step: '09-serving',
      lang: 'zh',
      files: ['web.ts'],
      server: true,
    });
    expect(server.close).toContain('<details class="ws-request-panel" open>');
    expect(server.close).toContain('>发送</button>');
  });

  it('escapes whatever a file name or text holds', () => {
    const html = plainWorkspace(
      { step: 's"><script>', lang: 'en', files: ['a"<b>.ts'], scope: 'x"y' },
      { 'a"<b>.ts': '</code></pre><script>alert(1)</script>' },
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('data-scope="x&quot;y"');
    expect(html).toContain('&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;');
    expect(html.match(/<tal-workspace/g)).toHaveLength(1);
    expect(html.endsWith('</tal-workspace>')).toBe(true);
  });
});
