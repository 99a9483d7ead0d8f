/** SVG building blocks for the timeline: a namespaced element maker and the media-control icons. */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG `<tag>` with attributes (`el` cannot: SVG needs its own namespace). */
export function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

export type ButtonKey = 'start' | 'back' | 'play' | 'forward' | 'end';

/** Icon paths in a 16×16 box; drawn, not typed, because fonts lack the media-control glyphs. */
export const ICONS: Record<ButtonKey | 'pause', string> = {
  start: 'M3 2h2v12H3zM14 2v12L6 8z',
  back: 'M11 2v12L4 8z',
  play: 'M4 2v12l10-6z',
  pause: 'M3 2h4v12H3zM9 2h4v12H9z',
  forward: 'M5 2v12l7-6z',
  end: 'M11 2h2v12h-2zM2 2v12l8-6z',
};

export function icon(path: string): SVGElement {
  const graphic = svg('svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' });
  graphic.append(svg('path', { d: path }));
  return graphic;
}
