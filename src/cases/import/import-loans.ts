// Bulk import into the loan book: every row validated like a PUT body, written
// in batches of upserts by loanId, and each batch's changed loans sent to their
// open cases before the next batch is read. Re-importing a file is idempotent:
// rows whose content is already stored count as unchanged and tell no case
// anything (unless an earlier import was cut off before its cases heard). The
// report lists at most MAX_LISTED_REJECTIONS rejected rows but counts them all.
import type { Readable } from 'node:stream';
import type { LoanBook, LoanChange, LoanEntry } from '../../db/loans';
import { redactText } from '../../security/redact';
import { loanEntrySchema } from '../loan-entry';
import { sendLoanChanges } from '../loan-changes';
import type { CaseServices } from '../services';
import { issueDetails } from '../validation-issues';
import { sourceRows, type ImportFormat, type SourceRow } from './source-rows';

export const BATCH_SIZE = 500;
export const MAX_LISTED_REJECTIONS = 1000;

export interface Rejection {
  row: number;
  loanId?: string;
  reason: string;
}

export interface ImportReport {
  rows: number;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Open cases that heard their loan changed. */
  casesNotified: number;
  rejected: number;
  rejections: Rejection[];
  /** True when more rows were rejected than are listed. */
  rejectionsTruncated: boolean;
}

function loanIdOf(entry: unknown): string | undefined {
  const loanId = (entry as { loan?: { loanId?: unknown } } | null)?.loan?.loanId;
  return typeof loanId === 'string' && loanId.length <= 128 ? loanId : undefined;
}

/** Sends changed loans to their open cases; resolves with how many cases heard (see sendLoanChanges). */
export type LoanChangeSender = (changes: readonly LoanChange[]) => Promise<number>;

export async function importLoans(rows: AsyncIterable<SourceRow>, loans: LoanBook, sendChanges: LoanChangeSender): Promise<ImportReport> {
  const report: ImportReport = {
    rows: 0,
    accepted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    casesNotified: 0,
    rejected: 0,
    rejections: [],
    rejectionsTruncated: false,
  };
  let batch: LoanEntry[] = [];

  const reject = (rejection: Rejection) => {
    report.rejected += 1;
    if (report.rejections.length < MAX_LISTED_REJECTIONS) report.rejections.push({ ...rejection, reason: redactText(rejection.reason) });
    else report.rejectionsTruncated = true;
  };
  const flush = async () => {
    if (!batch.length) return;
    const { outcomes, caseUpdates } = await loans.upsert(batch);
    for (const outcome of outcomes) report[outcome] += 1;
    report.accepted += outcomes.length;
    batch = [];
    report.casesNotified += await sendChanges(caseUpdates);
  };

  for await (const source of rows) {
    report.rows += 1;
    if ('problem' in source) {
      reject({ row: source.row, reason: source.problem });
      continue;
    }
    const parsed = loanEntrySchema.safeParse(source.entry);
    if (!parsed.success) {
      const reason = issueDetails(parsed.error.issues).map(({ path, message }) => (path ? `${path}: ${message}` : message)).join('; ');
      reject({ row: source.row, loanId: loanIdOf(source.entry), reason });
      continue;
    }
    batch.push(parsed.data);
    if (batch.length >= BATCH_SIZE) await flush();
  }
  await flush();
  return report;
}

/** Imports a CSV or NDJSON file, read as it arrives, telling each open case of the changes to its loan: what the API and the CLI run. */
export function importLoanFile(services: Pick<CaseServices, 'temporal' | 'loans'>, input: Readable, format: ImportFormat): Promise<ImportReport> {
  return importLoans(sourceRows(input, format), services.loans, (changes) => sendLoanChanges(services.temporal, services.loans, changes));
}
