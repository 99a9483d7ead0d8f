/** Serves a built site with `astro preview` for the benchmark scripts, and waits until it answers. */
import { spawn } from 'node:child_process';

/** A running preview server. */
export interface Preview {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  base: string;
  /** Stops the server and the processes it started. */
  stop(): void;
}

/** Starts `astro preview` of `dir` on `port` and resolves once its front page answers. */
export async function startPreview(port: number, dir: string): Promise<Preview> {
  const server = spawn(
    'npx',
    ['astro', 'preview', '--port', String(port), '--host', '127.0.0.1', '--outDir', dir],
    // Its own process group, so stopping it also ends the Vite server npx starts.
    { stdio: 'ignore', detached: true },
  );
  const stop = () => {
    try {
      if (server.pid) process.kill(-server.pid);
    } catch {
      // Already gone: nothing to stop.
    }
  };
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fetch(`${base}/`);
      return { base, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  stop();
  throw new Error(`${base}/ did not answer`);
}
