/** Measures output text in terminal cells, so the output pane can be as wide as its longest line. */

/** Cells a character takes: two for East Asian wide characters and emoji, none for controls. */
export function cellWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** The widest line since the last reset, in cells, and the width of the line being written. */
export class LineWidths {
  widest = 0;
  #column = 0;

  /** Follows `text` (without colour codes) as a terminal would lay it out. */
  track(text: string): void {
    for (const char of text) {
      if (char === '\n') this.#column = 0;
      else if (char === '\r') this.#column = 0;
      else if (char === '\t') this.#column = (Math.floor(this.#column / 8) + 1) * 8;
      else this.#column += cellWidth(char.codePointAt(0) ?? 0);
      if (this.#column > this.widest) this.widest = this.#column;
    }
  }

  reset(): void {
    this.widest = 0;
    this.#column = 0;
  }
}
