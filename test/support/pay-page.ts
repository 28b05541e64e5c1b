// What the payment-page suites share: signed links as a message would carry them,
// and the forms' submission ids read from a rendered page.
import { createDebtorLinks } from '../../src/security/debtor-links';
import { paymentModel } from '../../src/db/payments';
import type mongoose from 'mongoose';
import { testApiConfig } from './api';

const links = createDebtorLinks(testApiConfig());

/** The path of a payment link for the case, as a message's link would carry it. */
export function payPath(caseId: string, loanId: string, options: { expiresAtMs?: number; purpose?: 'pay' | 'opt-out' } = {}): string {
  const token = links.sign({ purpose: options.purpose ?? 'pay', caseId, loanId, channel: 'email', messageKey: `${caseId}:1`, ...(options.expiresAtMs && { expiresAtMs: options.expiresAtMs }) });
  return `/pay/${token}`;
}

/** The submission id the page's form posting to `action` carries. */
export function submissionOf(page: string, action: string): string {
  const form = new RegExp(`action="[^"]*/${action}"[^>]*>\\s*<input type="hidden" name="submission" value="([^"]+)"`).exec(page);
  if (!form) throw new Error(`the page has no ${action} form`);
  return form[1];
}

/** The payments the ledger holds for a loan. */
export function paymentsOf(connection: mongoose.Connection, loanId: string) {
  return paymentModel(connection).find({ loanId }).lean();
}
