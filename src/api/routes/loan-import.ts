// POST /v1/loans/import: a CSV or NDJSON file streamed into the loan book.
import { z } from 'zod';
import { sendLoanChanges } from '../case-signals';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { CSV_FORMAT_DESCRIPTION, CsvHeaderError } from '../import/csv-columns';
import { BATCH_SIZE, importLoans, MAX_LISTED_REJECTIONS, type LoanChangeSender } from '../import/import-loans';
import { IMPORT_FORMATS, sourceRows, type ImportFormat } from '../import/source-rows';
import type { RouteTable } from '../route';

const importReportSchema = z.object({
  rows: z.number().int(),
  accepted: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  casesNotified: z.number().int(),
  rejected: z.number().int(),
  rejections: z.array(z.object({ row: z.number().int(), loanId: z.string().optional(), reason: z.string() })),
  rejectionsTruncated: z.boolean(),
});

export function loanImportRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/loans/import',
    tag: 'loans',
    summary: 'Bulk import loans from CSV or NDJSON, streamed',
    description: [
      `The file is read as it arrives and written in batches of ${BATCH_SIZE} upserts by loanId, so any size works. ` +
        'A loan with an open case that the file changes (balance, schedule…) is sent to the case, as PUT /v1/loans/{loanId} does; ' +
        '`casesNotified` counts them. Re-importing the same file changes nothing and tells no case anything: those rows count ' +
        'as `unchanged`. If the workflow service stops answering, the import stops with 503; what was written stays, and ' +
        'importing the file again finishes telling the cases. Each row is validated like the PUT ' +
        `/v1/loans/{loanId} body; a bad row is rejected with its row (line) number and reason, and the rest are imported. ` +
        `At most ${MAX_LISTED_REJECTIONS} rejections are listed; \`rejected\` counts all.`,
      CSV_FORMAT_DESCRIPTION,
      'NDJSON (application/x-ndjson): one JSON object per line, each the PUT body `{"loan":{...},"contact":{...}}`.',
    ].join('\n\n'),
    roles: ['supervisor'],
    rawBody: {
      'text/csv': { schema: z.string() },
      'application/x-ndjson': { schema: z.string() },
    },
    response: { status: 200, description: 'What was imported and what was rejected, row by row', schema: importReportSchema },
    errors: ['UNSUPPORTED_MEDIA_TYPE', 'IMPORT_HEADER_INVALID', 'TEMPORAL_UNAVAILABLE'],
    async handler(_input, req) {
      const type = Object.keys(IMPORT_FORMATS).find((candidate) => req.is(candidate)) as keyof typeof IMPORT_FORMATS | undefined;
      if (!type) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as Content-Type text/csv or application/x-ndjson');
      const format: ImportFormat = IMPORT_FORMATS[type];
      try {
        const sendChanges: LoanChangeSender = (changes) => sendLoanChanges(context.temporal, context.loans, changes);
        return { body: await importLoans(sourceRows(req, format), context.loans, sendChanges) };
      } catch (error) {
        if (error instanceof CsvHeaderError) throw new ApiError('IMPORT_HEADER_INVALID', error.message);
        throw error;
      }
    },
  });
}
