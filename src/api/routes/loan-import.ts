// POST /v1/loans/import: a CSV or NDJSON file streamed into the loan book.
import { z } from 'zod';
import { CSV_FORMAT_DESCRIPTION, CsvHeaderError } from '../../cases/import/csv-columns';
import { BATCH_SIZE, importLoanFile, MAX_LISTED_REJECTIONS } from '../../cases/import/import-loans';
import { IMPORT_FORMATS, type ImportFormat } from '../../cases/import/source-rows';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { CN_LOAN_EXAMPLE, US_LOAN_EXAMPLE } from '../schemas';

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

/** Two more loans from the China book: a consumer loan with the debtor's name and phone, and a card without. */
const CSV_EXAMPLE = [
  'loanId,currency,principal,outstanding,product,debtorRef,timeZone,country,locale,installments,lastPaymentDate,priorDelinquencies,contactName,contactPhone',
  'L-CN-2025-004230,CNY,600000,318000,loan,DBT-CN-551207,Asia/Shanghai,CN,zh-CN,' +
    '1:2026-09-20:106000:106000;2:2026-10-20:106000:0;3:2026-11-20:106000:0,2026-09-19,0,李娜,+8613900139000',
  'L-CN-2025-004231,CNY,900000,450000,credit-card,DBT-CN-551388,Asia/Shanghai,CN,zh-CN,' +
    '1:2026-09-05:150000:0;2:2026-10-05:150000:0,,2,,',
].join('\n');

const NDJSON_EXAMPLE = [CN_LOAN_EXAMPLE, US_LOAN_EXAMPLE].map((entry) => JSON.stringify(entry)).join('\n');

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
      'text/csv': { schema: z.string(), examples: { rows: { summary: 'A header and two loans', value: CSV_EXAMPLE } } },
      'application/x-ndjson': {
        schema: z.string(),
        examples: { lines: { summary: 'Two loans, each line a PUT /v1/loans/{loanId} body', value: NDJSON_EXAMPLE } },
      },
    },
    response: { status: 200, description: 'What was imported and what was rejected, row by row', schema: importReportSchema },
    errors: ['UNSUPPORTED_MEDIA_TYPE', 'IMPORT_HEADER_INVALID', 'TEMPORAL_UNAVAILABLE'],
    examples: {
      response: {
        imported: {
          summary: 'The CSV above: both loans new, no case to tell yet',
          value: { rows: 2, accepted: 2, created: 2, updated: 0, unchanged: 0, casesNotified: 0, rejected: 0, rejections: [], rejectionsTruncated: false },
        },
        'one-rejected': {
          summary: 'Another file: the loan on line 3 has its schedule out of order and is rejected; the rest is imported',
          value: {
            rows: 3,
            accepted: 2,
            created: 0,
            updated: 2,
            unchanged: 0,
            casesNotified: 1,
            rejected: 1,
            rejections: [
              { row: 3, loanId: 'L-CN-2025-004232', reason: "loan.installments.1.dueDate: must not be before the previous installment's due date 2026-10-05" },
            ],
            rejectionsTruncated: false,
          },
        },
      },
      error: {
        summary: 'A column the format does not have',
        value: { error: { code: 'IMPORT_HEADER_INVALID', message: 'The CSV header has unknown columns email' } },
      },
    },
    async handler(_input, req) {
      const type = Object.keys(IMPORT_FORMATS).find((candidate) => req.is(candidate)) as keyof typeof IMPORT_FORMATS | undefined;
      if (!type) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as Content-Type text/csv or application/x-ndjson');
      const format: ImportFormat = IMPORT_FORMATS[type];
      try {
        return { body: await importLoanFile(context, req, format) };
      } catch (error) {
        if (error instanceof CsvHeaderError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });
}
