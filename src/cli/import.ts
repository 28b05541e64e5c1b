// Imports a loan file into the loan book, streamed, with the same code and report
// as POST /v1/loans/import:
//   tsx src/cli/import.ts loans.csv              (format by extension)
//   tsx src/cli/import.ts loans.ndjson
//   tsx src/cli/import.ts --format csv -         (standard input)
// Like the API import, it sends each loan the file changes to the loan's open
// case, so it needs both MongoDB and the workflow service.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { connectCaseServices } from '../cases/connect';
import { importLoanFile } from '../cases/import/import-loans';
import type { ImportFormat } from '../cases/import/source-rows';
import { loadConfig } from '../config';

const FORMATS: Record<string, ImportFormat> = { '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson' };

function parseArguments(args: string[]): { path: string; format: ImportFormat } {
  const formatFlag = args.indexOf('--format');
  const format = formatFlag >= 0 ? args[formatFlag + 1] : undefined;
  const path = formatFlag >= 0 ? args.find((_, index) => index !== formatFlag && index !== formatFlag + 1) : args[0];
  if (!path) throw new Error('Usage: import <file.csv|file.ndjson|-> [--format csv|ndjson]');
  const chosen = format ?? FORMATS[extname(path).toLowerCase()];
  if (chosen !== 'csv' && chosen !== 'ndjson') throw new Error(`Cannot tell the format of ${path}: pass --format csv or --format ndjson`);
  return { path, format: chosen };
}

async function importFile(args: string[]): Promise<void> {
  const { path, format } = parseArguments(args);
  const services = await connectCaseServices(loadConfig());
  try {
    const input = path === '-' ? process.stdin : createReadStream(path);
    const report = await importLoanFile(services, input, format);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await services.close();
  }
}

importFile(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`import: ${error.message}\n`);
  process.exitCode = 1;
});
