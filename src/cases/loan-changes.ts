// Telling open cases that the loan book changed their loan. A loan with no case
// (or a closed one) has nobody to tell, and that is not an error.
import type { Client } from '@temporalio/client';
import type { LoanBook, LoanChange } from '../db/loans';
import { caseIdFor } from '../domain';
import { loanUpdated } from '../workflows/collection-case/messages';
import { signalCase } from './case-handles';

/** Signals in flight at once: enough to keep an import of many changed loans moving, few enough not to flood the service. */
const SIGNALS_AT_ONCE = 16;

/**
 * Sends each changed loan to its open case, then clears the loans' pending
 * marks. A loan whose signal failed keeps its mark, so writing the same content
 * again sends it; the first failure is rethrown once the rest have settled.
 * Resolves with how many open cases heard a change.
 */
export async function sendLoanChanges(temporal: Client, loans: LoanBook, changes: readonly LoanChange[]): Promise<number> {
  const sent: LoanChange[] = [];
  let heard = 0;
  try {
    for (let start = 0; start < changes.length; start += SIGNALS_AT_ONCE) {
      const group = changes.slice(start, start + SIGNALS_AT_ONCE);
      const results = await Promise.allSettled(group.map((change) => signalCase(temporal, caseIdFor(change.loanId), loanUpdated, change.loan)));
      sent.push(...group.filter((_, index) => results[index].status === 'fulfilled'));
      for (const result of results) {
        if (result.status === 'rejected') throw result.reason;
        if (result.value) heard += 1;
      }
    }
  } finally {
    await loans.caseUpdatesSent(sent);
  }
  return heard;
}
