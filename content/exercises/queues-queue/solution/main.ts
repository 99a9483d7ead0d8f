/** Queue demo: three workers crawl a small site, taking URLs from a Queue, in the spirit of Tornado's web-spider demo. */

import { describeError, note, printTrace } from '../_template/trace.ts';
import { sleep } from './gen.ts';
import { IOLoop } from './ioloop.ts';
import { Queue } from './queues.ts';

/** The site: each page and the links on it, what a real spider would fetch and parse. */
const SITE: Record<string, string[]> = {
  '/': ['/docs', '/blog', '/about'],
  '/docs': ['/docs/guide', '/docs/api', '/'],
  '/docs/guide': ['/docs/api'],
  '/docs/api': ['/docs/guide', '/docs'],
  '/blog': ['/blog/queues', '/blog/timeouts', '/about'],
  '/blog/queues': ['/docs/api'],
  '/blog/timeouts': ['/blog'],
  '/about': [],
};
const WORKERS = 3;

printTrace((event) => event.kind === 'note');
const loop = new IOLoop();
// null tells a worker to stop, as Tornado's demo puts None on the queue.
const queue = new Queue<string | null>();
const queued = new Set<string>();
let fetched = 0;

/** Stands in for an HTTP fetch: 10 to 40 ms on the loop's clock, then the page's links. */
async function fetchLinks(url: string): Promise<string[]> {
  await sleep(10 + (url.length % 4) * 10);
  return SITE[url] ?? [];
}

async function worker(name: string): Promise<void> {
  for (;;) {
    const url = await queue.get();
    try {
      if (url === null) return;
      note(name, `fetching ${url}`);
      const links = await fetchLinks(url);
      fetched++;
      const fresh = links.filter((link) => !queued.has(link));
      note(name, `${url}: links found ${links.length}, new ${fresh.length}`);
      for (const link of fresh) {
        queued.add(link);
        await queue.put(link);
      }
    } finally {
      // Every item taken gets its taskDone, or join() would wait forever.
      queue.taskDone();
    }
  }
}

async function crawl(): Promise<void> {
  queued.add('/');
  await queue.put('/');
  const workers = Array.from({ length: WORKERS }, (_, i) =>
    worker(`worker ${i + 1}`),
  );
  await queue.join(loop.time() + 5000);
  note('main', `${fetched} pages fetched in ${loop.time()} ms`);
  for (let i = 0; i < WORKERS; i++) await queue.put(null);
  await Promise.all(workers);
  note('main', 'every worker has stopped');
}

crawl()
  .catch((error: unknown) =>
    note('main', `crawl failed: ${describeError(error)}`),
  )
  .finally(() => loop.stop());
await loop.start();
