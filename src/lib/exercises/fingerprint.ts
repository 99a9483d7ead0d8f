/** Code text reduced to what a copy keeps: the leak guard and the private-solution check compare these. */

/**
 * The text with every difference that does not change the code removed: whitespace, quote style,
 * HTML entities and tags of highlighted code, JSON and JS escapes of quotes, newlines and `<`.
 */
export function normalise(text: string): string {
  return text
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#x27|#34|#x22|#x3c|#60);/gi, (_, e: string) => {
      const entity = e.toLowerCase();
      if (entity === 'amp') return '&';
      if (entity === 'lt' || entity === '#x3c' || entity === '#60') return '<';
      if (entity === 'gt') return '>';
      return "'";
    })
    .replace(/\\u003c/gi, '<')
    .replace(/\\[nrt]/g, ' ')
    .replace(/\\(["'`])/g, '$1')
    .replace(/["`]/g, "'")
    .replace(/\s+/g, '');
}

/**
 * The lines of `solution` that are not in `starter` (the work the exercise asks for), normalised,
 * and at least `minLength` characters long: shorter ones are common code.
 */
export function workLines(solution: string, starter: string, minLength = 24): string[] {
  const before = new Set(starter.split('\n').map(normalise));
  return [
    ...new Set(
      solution
        .split('\n')
        .map(normalise)
        .filter((line) => line.length >= minLength && !before.has(line)),
    ),
  ];
}
