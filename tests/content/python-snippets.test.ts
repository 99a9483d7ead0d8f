import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonSnippets, type PythonSnippet } from '../../src/lib/content/python-snippets.ts';
import { freePort } from '../../src/lib/free-port.ts';

const PYTHON = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'tal-py-'));

const tornado = spawnSync(PYTHON, ['-c', 'import tornado; print(tornado.version)'], {
  encoding: 'utf8',
});
if (tornado.status !== 0) {
  throw new Error(
    `Real Tornado 6 is needed at ${PYTHON}: install it with "sudo apt-get install -y python3-tornado".`,
  );
}

function fetchOnce(port: number, method: string, path: string, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function runServer(snippet: PythonSnippet, file: string) {
  const port = await freePort();
  writeFileSync(file, snippet.code.replaceAll('8888', String(port)));
  const child = spawn(PYTHON, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [method = 'GET', path = '/'] = (snippet.request ?? '').split(' ');
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null) break;
      try {
        return await fetchOnce(port, method, path, snippet.body);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`${snippet.where}: the server never answered on port 8888\n${stderr}`);
  } finally {
    child.kill('SIGKILL');
  }
}

const root = 'content/chapters';
const chapters = ['zh', 'en'].flatMap((lang) =>
  readdirSync(join(root, lang))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(root, lang, f)),
);
const snippets = chapters.flatMap((path) => pythonSnippets(readFileSync(path, 'utf8'), path));

describe(`every Python block runs against real Tornado ${tornado.stdout.trim()}`, () => {
  it('the chapters hold Python blocks to check', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  snippets.forEach((snippet, index) => {
    it(`${snippet.where} (${snippet.mode})`, async () => {
      const file = join(dir, `snippet_${index}.py`);
      if (snippet.mode === 'server') {
        const response = await runServer(snippet, file);
        expect(response.status, snippet.where).toBeLessThan(400);
        if (snippet.expect !== undefined) expect(response.body).toContain(snippet.expect);
        return;
      }
      writeFileSync(file, snippet.code);
      const result = spawnSync(PYTHON, [file], { encoding: 'utf8', timeout: 20_000 });
      expect(result.status, `${snippet.where}\n${result.stderr}`).toBe(0);
      if (snippet.expect !== undefined) expect(result.stdout).toContain(snippet.expect);
    });
  });
});
