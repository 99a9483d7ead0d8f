/** Tiny DOM helpers shared by the interactive components (workspace, timeline, playground, assignments): an element builder and a form reader. */

/** Creates `<tag>` with attributes (`text` sets the text content; undefined values are skipped) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** A text field of a form ('' for a missing one or a file), so callers need not check the entry's type. */
export function textOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
