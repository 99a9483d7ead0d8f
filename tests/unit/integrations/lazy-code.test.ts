import { describe, expect, it } from 'vitest';
import { CODE_WEIGHT, deferCode, MIN_SPANS } from '../../../src/integrations/lazy-code.ts';

const open =
  '<pre class="astro-code astro-code-themes github-light-default" style="color:#1f2328" tabindex="0" data-language="ts">';
const token = (text: string) => `<span style="color:#CF222E">${text}</span>`;
const block = (tokens: number, text = 'x') =>
  `${open}<code><span class="line">${Array.from({ length: tokens }, () => token(text)).join('')}</span></code></pre>`;

describe('deferCode', () => {
  it('turns a long block into its plain text and a fragment with the coloured markup', () => {
    const fragments = new Map<string, string>();
    const page = `<p>before</p>${block(MIN_SPANS, 'a &lt;b&gt; ')}<p>after</p>`;
    const { html, deferred } = deferCode(page, fragments);
    expect(deferred).toBe(1);
    expect(fragments.size).toBe(1);
    const [name, inner] = [...fragments][0] ?? [];
    expect(html).toContain(`data-highlight="/_code/${name}"`);
    expect(html).not.toContain('<span');
    // Entities stay escaped: the text the reader sees is unchanged.
    expect(html).toContain(`<code>${'a &lt;b&gt; '.repeat(MIN_SPANS)}</code>`);
    expect(inner).toContain('<span style="color:#CF222E">');
    expect(html.startsWith('<p>before</p>')).toBe(true);
    expect(html.endsWith('<p>after</p>')).toBe(true);
  });

  it('keeps short blocks highlighted and leaves other pre elements alone', () => {
    const fragments = new Map<string, string>();
    const other = `<pre><code>${token('y').repeat(50)}</code></pre>`;
    const { html, deferred } = deferCode(`${block(2)}${other}`, fragments);
    expect(deferred).toBe(0);
    const marked = block(2)
      .replace(' style="', ' style="--lines:1;')
      .replace('data-language="ts">', `data-language="ts" data-pagefind-weight="${CODE_WEIGHT}">`);
    expect(html).toBe(`${marked}${other}`);
    expect(fragments.size).toBe(0);
  });

  it("states every block's line count, so its height is known before layout", () => {
    const fragments = new Map<string, string>();
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) => `<span class="line">${token(`l${i}`)}</span>`).join('\n');
    const short = `${open}<code>${lines(3)}</code></pre>`;
    const long = `${open}<code>${lines(40)}</code></pre>`;
    const bare = `<pre class="astro-code" tabindex="0"><code>${lines(2)}</code></pre>`;
    const { html } = deferCode(`${short}<p>x</p>${long}${bare}`, fragments);
    expect(html.match(/--lines:\d+/g)).toEqual(['--lines:3', '--lines:40', '--lines:2']);
    // The count joins the style Shiki wrote; it never adds a second style attribute.
    expect(html).toContain('style="--lines:3;color:#1f2328"');
    expect(html).toContain('<pre class="astro-code" tabindex="0" style="--lines:2" data-pagefind');
  });

  it('gives code less search weight than prose, on every block, deferred or not', () => {
    const { html } = deferCode(`${block(2)}<p>x</p>${block(MIN_SPANS)}`, new Map());
    expect(html.match(/data-pagefind-weight="([\d.]+)"/g)).toHaveLength(2);
    expect(CODE_WEIGHT).toBeLessThan(1);
  });

  it('stores the same code once, whichever page it is on', () => {
    const fragments = new Map<string, string>();
    deferCode(block(30, 'same'), fragments);
    deferCode(`<h1>other page</h1>${block(30, 'same')}${block(30, 'other')}`, fragments);
    expect(fragments.size).toBe(2);
  });
});
