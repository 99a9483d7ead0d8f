import { describe, expect, it } from 'vitest';
import { pythonSnippets } from '../../../src/lib/content/python-snippets.ts';

describe('pythonSnippets', () => {
  it('reads each block with its settings and its line', () => {
    const md = [
      'Intro',
      '```python',
      'print(1)',
      '```',
      '```python test=server request="POST /echo" body="hi" expect="hi"',
      'serve()',
      '```',
    ].join('\n');
    expect(pythonSnippets(md, 'c.md')).toEqual([
      { where: 'c.md:2', code: 'print(1)\n', mode: 'run' },
      {
        where: 'c.md:5',
        code: 'serve()\n',
        mode: 'server',
        request: 'POST /echo',
        body: 'hi',
        expect: 'hi',
      },
    ]);
  });

  it('refuses a server block without a request and an unknown mode', () => {
    expect(() => pythonSnippets('```python test=server\nx\n```\n', 'c.md')).toThrow(/c.md:1/);
    expect(() => pythonSnippets('```python test=maybe\nx\n```\n', 'c.md')).toThrow(/maybe/);
  });
});
