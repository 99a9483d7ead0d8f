/** Cuts a gap into a step file: the body of one function or method becomes a TODO that throws. */

/** Replaces the body of `symbol` (a function or method declared in `source`) with a throwing TODO. */
export function cutGap(source: string, symbol: string, todo: string): string {
  const lines = source.split('\n');
  const name = symbol.replace(/[$#]/g, (c) => `\\${c}`);
  const declaration = new RegExp(
    `^(\\s*)(?:export\\s+)?(?:static\\s+)?(?:async\\s+)?(?:function\\*?\\s+)?(?:get\\s+)?${name}\\s*[<(]`,
  );
  const start = lines.findIndex((line) => declaration.test(line));
  if (start === -1) throw new Error(`no function or method named ${symbol}`);
  const indent = declaration.exec(lines[start] ?? '')?.[1] ?? '';
  const open = lines.findIndex((line, i) => i >= start && /\{\s*$/.test(line));
  const close = lines.findIndex((line, i) => i > open && line === `${indent}}`);
  if (open === -1 || close === -1) throw new Error(`cannot find the body of ${symbol}`);
  const body = `${indent}  throw new Error('${todo.replace(/[\\']/g, (c) => `\\${c}`)}');`;
  return [...lines.slice(0, open + 1), body, ...lines.slice(close)].join('\n');
}
