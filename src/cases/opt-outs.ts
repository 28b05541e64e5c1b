// A debtor's opt-outs from our messages: through the link in a message (its page or
// the mail client's one-click), a STOP reply to a text, or a supervisor told by other
// means. The opt-out is the debtor's, across all their loans, so it is kept under the
// loan book's debtorRef; the compliance guard reads it at the next attempt, so the
// case needs no telling.
import { OPT_OUT_CHANNELS, type OptOutChannel, type OptOutMethod, type OptOutScope } from '../domain/compliance';
import { optOutRegistry, type StoredOptOut } from '../db/opt-outs';

export type { StoredOptOut };
import type { DebtorLink, DebtorLinks } from '../security/debtor-links';
import { DebtorLinkError } from '../security/debtor-links';
import { debtorOptOut, type DebtorOptOut } from './case-particulars';
import { caseDetail, type CaseViewDependencies } from './case-views';
import { LoanNotFoundError } from './loans';
import type { Logger } from '../logger';
import type { CaseServices } from './services';

/** A channel a link's message went out on, if the debtor can opt out of it. */
export function optOutChannelOf(channel: string | undefined): OptOutChannel | undefined {
  return (OPT_OUT_CHANNELS as readonly string[]).includes(channel ?? '') ? (channel as OptOutChannel) : undefined;
}

/** What the opt-out page shows: whose loan (by locale, for the language), the message's channel and what the debtor stopped already. */
export interface OptOutLinkView {
  link: DebtorLink;
  /** The message's channel, when the debtor can opt out of it alone. */
  channel?: OptOutChannel;
  /** The debtor's locale and time zone, from the loan book. */
  locale: string;
  timeZone: string;
  optOuts: StoredOptOut[];
}

export interface OptOutRequest {
  loanId: string;
  caseId: string;
  scope: OptOutScope;
  method: OptOutMethod;
  messageKey?: string;
  /** `debtor`, or the supervisor who recorded it. */
  actor: string;
  note?: string;
}

export interface OptOutRecorded {
  optOut: StoredOptOut;
  /** False when the debtor had opted out of this scope before: the first record stands. */
  recorded: boolean;
  optOuts: StoredOptOut[];
}

async function debtorOf(services: CaseServices, loanId: string) {
  const record = await services.loans.get(loanId);
  if (!record) throw new LoanNotFoundError(loanId);
  return record.loan.debtor;
}

/** Records the debtor's opt-out of a channel or of every electronic channel, once. */
export async function recordOptOut(services: CaseServices, request: OptOutRequest): Promise<OptOutRecorded> {
  const { debtorRef } = await debtorOf(services, request.loanId);
  const registry = optOutRegistry(services.database);
  const { optOut, recorded } = await registry.record(debtorRef, request.scope, {
    at: new Date(services.businessNow()),
    method: request.method,
    caseId: request.caseId,
    loanId: request.loanId,
    ...(request.messageKey && { messageKey: request.messageKey }),
    actor: request.actor,
    ...(request.note && { note: request.note }),
  });
  return { optOut, recorded, optOuts: await registry.of(debtorRef) };
}

/** The debtor's opt-outs, for the loan's case page. */
export async function optOutsOfLoan(services: CaseServices, loanId: string): Promise<StoredOptOut[]> {
  const record = await services.loans.get(loanId);
  return record ? optOutRegistry(services.database).of(record.loan.debtor.debtorRef) : [];
}

/** The opt-out link a token stands for; throws DebtorLinkError for an expired, tampered or malformed one, or one for another purpose. */
function optOutLink(links: DebtorLinks, token: string): DebtorLink {
  const link = links.verify(token);
  if (link.purpose !== 'opt-out') throw new DebtorLinkError('malformed');
  return link;
}

/** What the page a message's opt-out link opens shows. Reads only. */
export async function openOptOutLink(services: CaseServices, links: DebtorLinks, token: string): Promise<OptOutLinkView> {
  const link = optOutLink(links, token);
  const debtor = await debtorOf(services, link.loanId);
  const optOuts = await optOutRegistry(services.database).of(debtor.debtorRef);
  return { link, channel: optOutChannelOf(link.channel), locale: debtor.locale, timeZone: debtor.timeZone, optOuts };
}

/**
 * The debtor's answer through the link: `scope` from the page's buttons, or the link's own
 * channel for a mail client's one-click (RFC 8058), which has no page to choose on.
 */
export async function optOutByLink(
  services: CaseServices,
  links: DebtorLinks,
  token: string,
  answer: { scope: 'channel' | 'all-electronic'; method: 'link-page' | 'one-click' },
): Promise<OptOutLinkView & { recorded: OptOutRecorded }> {
  const view = await openOptOutLink(services, links, token);
  // A link from a message on a channel nobody opts out of alone (none today) stops every electronic one.
  const scope: OptOutScope = answer.scope === 'channel' && view.channel ? view.channel : 'all-electronic';
  const recorded = await recordOptOut(services, {
    loanId: view.link.loanId,
    caseId: view.link.caseId,
    scope,
    method: answer.method,
    messageKey: view.link.messageKey,
    actor: 'debtor',
  });
  return { ...view, optOuts: recorded.optOuts, recorded };
}

export interface CaseOptOutRecorded {
  optOut: DebtorOptOut;
  /** False when the debtor had opted out of this scope before: the first record stands. */
  recorded: boolean;
  /** All of the debtor's opt-outs now. */
  optOuts: DebtorOptOut[];
}

/** A supervisor records an opt-out the debtor asked for by other means (a call, a letter), with a note of how. */
export async function recordOptOutForCase(
  deps: CaseViewDependencies & CaseServices & { logger: Logger },
  caseId: string,
  request: { scope: OptOutScope; note: string; actor: string },
): Promise<CaseOptOutRecorded> {
  const { view } = await caseDetail(deps, caseId);
  const { optOut, recorded, optOuts } = await recordOptOut(deps, { loanId: view.loanId, caseId, method: 'supervisor', ...request });
  return { optOut: debtorOptOut(optOut), recorded, optOuts: optOuts.map(debtorOptOut) };
}
