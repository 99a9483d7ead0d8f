/** Swaps a plain code block for its highlighted markup once the reader scrolls near it. */

/** Fetches and inserts one block's highlighting; keeps the plain text if anything differs or fails. */
export async function paint(pre: HTMLElement): Promise<void> {
  const url = pre.dataset['highlight'];
  const code = pre.querySelector('code');
  if (!url || !code) return;
  delete pre.dataset['highlight'];
  let markup: string;
  try {
    const response = await fetch(url);
    if (!response.ok) return;
    markup = await response.text();
  } catch {
    return; // Offline or moved: plain text is still the whole code.
  }
  const colours = document.createElement('template');
  colours.innerHTML = markup;
  // A workspace may have replaced the text with the reader's edit meanwhile: never overwrite it.
  if (colours.content.textContent !== code.textContent) return;
  code.replaceChildren(colours.content);
}

/** Watches every deferred block under `root`, painting each once it is within a screen or so. */
export function paintWhenNear(root: ParentNode): void {
  const blocks = root.querySelectorAll<HTMLElement>('pre[data-highlight]');
  if (blocks.length === 0) return;
  const near = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        near.unobserve(entry.target);
        void paint(entry.target as HTMLElement);
      }
    },
    { rootMargin: '600px 0px' },
  );
  for (const block of blocks) near.observe(block);
}
