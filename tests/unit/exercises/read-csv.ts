/** A strict RFC 4180 reader for the grader's tests: it throws where a spreadsheet would misread grades.csv. */

/** The rows of `text`: quoted cells may hold commas, doubled quotes and line breaks. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else {
        quoted = false;
        if (![',', '\n', '\r', undefined].includes(text[i + 1]))
          throw new Error(`text after a closing quote at ${i}`);
      }
    } else if (c === '"') {
      if (cell !== '') throw new Error(`a quote inside an unquoted cell at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      // A line ends with LF or CRLF; a lone CR is a broken row in some readers.
      if (c === '\r' && text[++i] !== '\n') throw new Error(`a lone CR at ${i - 1}`);
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new Error('a quoted cell never closes');
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Each row after the header as a record by column name; every row must be as wide as the header. */
export function readCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = readCsv(text);
  if (!header) throw new Error('no header');
  return rows.map((row, n) => {
    if (row.length !== header.length)
      throw new Error(`row ${n + 2} has ${row.length} cells, the header ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']));
  });
}
