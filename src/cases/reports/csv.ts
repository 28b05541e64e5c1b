// Reports as CSV: a header row, then one row per line of a table, RFC 4180
// quoting, so a spreadsheet opens it as the console shows it.
export type CsvCell = string | number | null | undefined;

const cell = (value: CsvCell) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Rows given as arrays of cells, under a header. */
export function csvTable(header: readonly string[], rows: readonly CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Records, one per row, under the columns named (the header is the column names). */
export function toCsv<Row extends Record<string, unknown>>(columns: readonly (keyof Row & string)[], rows: readonly Row[]): string {
  return csvTable(
    columns,
    rows.map((row) => columns.map((column) => row[column] as CsvCell)),
  );
}

/** A rate as a fraction rounded to four places, or null when nothing was counted. */
export const rateOf = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
