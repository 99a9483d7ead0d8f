/** A Vite plugin that turns the editor's and terminal's CSS imports into styles added when their code loads. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0lazy-css:';
/** Vite's CSS pipeline claims any id ending in `.css`; this suffix keeps it away. */
const SUFFIX = '.lazy.js';
/** Stylesheets imported by code that only loads on intent (Monaco, xterm). */
const LAZY = /[\\/]node_modules[\\/](monaco-editor|@xterm[\\/]xterm)[\\/].*\.css$/;

/**
 * Astro links every stylesheet a page might import later, so Monaco's and xterm's CSS (about
 * 175 KB) would block the first paint of every chapter. Imported through this plugin, each becomes a
 * module that adds its <style> when the editor or terminal code actually runs.
 */
export function lazyEditorCss(): Plugin {
  return {
    name: 'tornado-async-lab:lazy-editor-css',
    enforce: 'pre',
    apply: 'build',
    async resolveId(source, importer, options) {
      if (!source.endsWith('.css') || importer === undefined) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && LAZY.test(resolved.id) ? PREFIX + resolved.id + SUFFIX : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      const css = readFileSync(file, 'utf8');
      // Relative url(...) references (the icon font) become asset imports, so they still resolve.
      const imports: string[] = [];
      const parts: string[] = [];
      let last = 0;
      for (const match of css.matchAll(/url\(\s*['"]?(\.{1,2}\/[^'")]+)['"]?\s*\)/g)) {
        const name = `asset${imports.length}`;
        const path = resolve(dirname(file), (match[1] ?? '').replace(/[?#].*$/, ''));
        imports.push(`import ${name} from ${JSON.stringify(`${path}?url`)};`);
        parts.push(JSON.stringify(css.slice(last, match.index)), `"url(" + ${name} + ")"`);
        last = match.index + match[0].length;
      }
      parts.push(JSON.stringify(css.slice(last)));
      return `${imports.join('\n')}
const style = document.createElement('style');
style.textContent = ${parts.join(' + ')};
document.head.append(style);
export default '';`;
    },
  };
}
