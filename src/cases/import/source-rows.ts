// Turns an import stream (CSV or NDJSON) into rows one at a time, so an import
// of any size holds one batch, never the file. A row is numbered by the line of
// the file it ends on; a row that cannot be read is reported, not fatal.
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { checkHeader, entryFromCsv } from './csv-columns';

export const IMPORT_FORMATS = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' } as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[keyof typeof IMPORT_FORMATS];

export type SourceRow = { row: number; entry: unknown } | { row: number; problem: string };

async function* csvRows(input: Readable): AsyncGenerator<SourceRow> {
  const unreadable: SourceRow[] = [];
  const parser = input.pipe(
    parse({ columns: checkHeader, bom: true, trim: true, skip_empty_lines: true, skip_records_with_error: true, info: true }),
  );
  parser.on('skip', (error: Error & { lines?: number }) => {
    unreadable.push({ row: error.lines ?? 0, problem: error.message });
  });
  input.on('error', (error) => parser.destroy(error));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield* unreadable.splice(0);
    yield { row: info.lines, entry: entryFromCsv(record) };
  }
  yield* unreadable.splice(0);
}

async function* ndjsonRows(input: Readable): AsyncGenerator<SourceRow> {
  let row = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    row += 1;
    if (line.trim() === '') continue;
    try {
      yield { row, entry: JSON.parse(line) };
    } catch {
      yield { row, problem: 'the line is not a JSON object' };
    }
  }
}

export function sourceRows(input: Readable, format: ImportFormat): AsyncGenerator<SourceRow> {
  return format === 'csv' ? csvRows(input) : ndjsonRows(input);
}
