// A supervisor reveals a debtor's contact details on a case: the reveal is
// recorded (who, when, why) before the details are returned, and the case's
// timeline shows it. Everywhere else the details stay masked.
import { contactReveals } from '../db/contact-reveals';
import type { ContactDetails } from '../security/redact';
import { caseDetail, type CaseViewDependencies } from './case-views';
import type { Logger } from '../logger';
import type { CaseServices } from './services';

export interface RevealedContact {
  caseId: string;
  loanId: string;
  /** Empty when the loan system sent no contact details: the reveal is recorded all the same. */
  contact: ContactDetails;
  revealedBy: string;
  /** Business time. */
  revealedAt: string;
}

export async function revealContact(
  deps: CaseViewDependencies & Pick<CaseServices, 'loans'> & { logger: Logger },
  caseId: string,
  actor: string,
  reason: string,
): Promise<RevealedContact> {
  const { view } = await caseDetail(deps, caseId);
  const record = await deps.loans.get(view.loanId);
  const contact = record?.contact ?? {};
  const at = new Date(deps.businessNow());
  const fields = Object.keys(contact).filter((field) => contact[field as keyof ContactDetails] !== undefined);
  await contactReveals(deps.database).record(caseId, view.loanId, { at, actor, reason, afterSeq: view.eventCount, fields });
  deps.logger.info({ caseId, loanId: view.loanId, actor, fields }, 'contact details revealed');
  return { caseId, loanId: view.loanId, contact, revealedBy: actor, revealedAt: at.toISOString() };
}
