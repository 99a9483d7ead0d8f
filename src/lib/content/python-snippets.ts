/** Finds the Python code blocks of a chapter and what each declares about how to run it. */
import { parseMeta } from './step-snippets.ts';

/** How a Python block is checked against real Tornado. */
export interface PythonSnippet {
  /** Chapter file and 1-based line of the fence, for error messages. */
  where: string;
  code: string;
  /** `run`: runs to completion; `server`: serves on port 8888 and gets `request`. */
  mode: 'run' | 'server';
  /** For `server`: `METHOD /path`. */
  request?: string;
  /** For `server`: the request body to send. */
  body?: string;
  /** Text the output (run) or the response body (server) must contain; `\n` is a newline. */
  expect?: string;
}

/** Extracts every ```python block with its `test=`, `request=`, `body=` and `expect=` settings. */
export function pythonSnippets(markdown: string, file: string): PythonSnippet[] {
  const snippets: PythonSnippet[] = [];
  const fence = /^```(python|py)([^\n]*)\n([\s\S]*?)^```\s*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    const meta = parseMeta(match[2]);
    const mode = meta['test'] ?? 'run';
    if (mode !== 'run' && mode !== 'server') {
      throw new Error(`${file}:${line}: test=${mode} is neither run nor server`);
    }
    const snippet: PythonSnippet = { where: `${file}:${line}`, code: match[3] ?? '', mode };
    if (meta['request'] !== undefined) snippet.request = meta['request'];
    if (meta['body'] !== undefined) snippet.body = meta['body'];
    if (meta['expect'] !== undefined) snippet.expect = meta['expect'].replaceAll('\\n', '\n');
    if (mode === 'server' && snippet.request === undefined) {
      throw new Error(`${file}:${line}: a test=server block needs request="GET /path"`);
    }
    snippets.push(snippet);
  }
  return snippets;
}
