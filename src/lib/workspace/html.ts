/** A tiny escaping HTML string builder, usable at build time and in the browser alike. */

/** HTML that is already safe to insert; plain strings are always escaped. */
export interface Markup {
  readonly html: string;
}

const VOID = new Set(['input', 'br', 'img', 'meta', 'link']);

const escapeText = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const escapeAttr = (text: string): string => escapeText(text).replaceAll('"', '&quot;');

/** Attribute values: `true` writes a bare attribute, `false` or undefined leaves it out. */
export type Attrs = Record<string, string | boolean | undefined>;

/** `<tag attrs>children</tag>`, every string escaped; children may be nested Markup. */
export function h(tag: string, attrs: Attrs = {}, ...children: (Markup | string)[]): Markup {
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    open += value === true ? ` ${name}` : ` ${name}="${escapeAttr(value)}"`;
  }
  open += '>';
  if (VOID.has(tag)) return { html: open };
  const inner = children.map((c) => (typeof c === 'string' ? escapeText(c) : c.html)).join('');
  return { html: `${open}${inner}</${tag}>` };
}

/** Several pieces in a row. */
export function join(parts: (Markup | string)[]): Markup {
  return { html: parts.map((p) => (typeof p === 'string' ? escapeText(p) : p.html)).join('') };
}

/** Only the opening tag of `h(tag, attrs)`: for an element whose children another renderer writes. */
export function openTag(tag: string, attrs: Attrs = {}): Markup {
  const whole = h(tag, attrs).html;
  return { html: whole.slice(0, whole.length - `</${tag}>`.length) };
}

/** The closing tag that matches `openTag(tag)`. */
export const closeTag = (tag: string): Markup => ({ html: `</${tag}>` });
