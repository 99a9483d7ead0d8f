/** Line diffs for "what this step changed" and "compare with original". */
import { diffLines } from 'diff';

/** One line of a rendered diff. */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Compares two texts line by line. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const texts = part.value.replace(/\n$/, '').split('\n');
    for (const text of texts) lines.push({ kind, text });
  }
  return lines;
}

/** Keeps changed lines and `context` lines around them; runs of unchanged lines become a gap marker. */
export function withContext(
  lines: DiffLine[],
  context = 3,
): (DiffLine | { kind: 'gap'; count: number })[] {
  const keep = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (
      let i = Math.max(0, index - context);
      i <= Math.min(lines.length - 1, index + context);
      i++
    ) {
      keep[i] = true;
    }
  });
  const out: (DiffLine | { kind: 'gap'; count: number })[] = [];
  let gap = 0;
  lines.forEach((line, index) => {
    if (keep[index]) {
      if (gap > 0) out.push({ kind: 'gap', count: gap });
      gap = 0;
      out.push(line);
    } else {
      gap++;
    }
  });
  if (gap > 0) out.push({ kind: 'gap', count: gap });
  return out;
}
