// Sends one action the guard allowed through its channel: a provider call under
// the action's idempotency key, or a task in a work queue. The debtor's contact
// details are read from the loan book here and go only to the provider, so they
// never enter a workflow payload, a log line or an error message. The same read
// gives a message the installments it states what is past due from.
import { daysInWords, placementRefFor, type ActionRequest, type StepOutcome } from '../domain';
import type { DebtorContact, LoanBook } from '../db/loans';
import type { TaskKind, WorkQueue } from '../db/tasks';
import type { Providers } from '../integrations';
import type { PostalAddress } from '../integrations/contract';
import type { DebtorLinks } from '../security/debtor-links';
import { emailContent, imContent, letterContent, pushContent, smsContent, type Lender, type MessageLinks } from './content';

export interface Dispatched {
  outcome: StepOutcome;
  providerRef: string;
  reason: string;
  /** For a placement: the agency it was made with, which alone may report on it. */
  agency?: string;
}

export interface DispatchDependencies {
  loans: LoanBook;
  tasks: WorkQueue;
  providers: Providers;
  lender: Lender;
  /** Signs the payment and opt-out links e-mails, push and IM messages carry. */
  links: DebtorLinks;
  /** Where the agency posts the collections it reports; unset, nothing is posted back. */
  agencyCallbackUrl?: string;
}

export class MissingContactError extends Error {
  override name = 'MissingContactError';
  readonly code = 'CONTACT_DATA_MISSING';
}

type ContactField = 'name' | 'phone' | 'address' | 'email' | 'appUserId' | 'imId';

/** Letters take up to six address lines; the loan book keeps an address as lines separated by newlines. */
function postalAddress(address: string, country: string): PostalAddress {
  const lines = address.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return { lines: lines.length > 6 ? [...lines.slice(0, 5), lines.slice(5).join(', ')] : lines, country };
}

const TASK_QUEUES: Record<string, string> = { phone: 'calls', 'field-visit': 'field-visits' };

export function createDispatcher({ loans, tasks, providers, lender, links, agencyCallbackUrl }: DispatchDependencies) {
  /** The debtor's contact details the channel needs, and the loan's installments, as the loan book has them. */
  async function contactFor(request: ActionRequest, needs: ContactField[]) {
    const record = await loans.get(request.loanId);
    const contact: DebtorContact = record?.contact ?? {};
    const missing = needs.filter((field) => !contact[field]?.trim());
    if (missing.length) throw new MissingContactError(`the loan book has no debtor ${missing.join(', ')} for loan ${request.loanId}`);
    const debtor = {
      name: contact.name ?? '',
      phone: contact.phone ?? '',
      address: postalAddress(contact.address ?? '', request.debtor.country),
      email: contact.email ?? '',
      appUserId: contact.appUserId ?? '',
      imId: contact.imId ?? '',
    };
    return { debtor, installments: record?.loan.installments ?? [] };
  }

  /**
   * The message's payment page and opt-out, naming the case, the channel and the
   * message. They expire DEBTOR_LINK_TTL after the action's business time rather
   * than the wall clock, so every try of one action sends the same links, and so
   * the same message: a provider refuses another body under a key it has seen.
   */
  function linksFor(request: ActionRequest): MessageLinks {
    const link = (purpose: 'pay' | 'opt-out') =>
      links.url({ purpose, caseId: request.caseId, loanId: request.loanId, channel: request.channel, messageKey: request.idempotencyKey }, request.atMs);
    return { pay: link('pay'), optOut: link('opt-out') };
  }

  async function queueTask(request: ActionRequest, kind: TaskKind): Promise<Dispatched> {
    const queue = String(request.parameters?.queue ?? TASK_QUEUES[request.channel] ?? request.channel);
    const task = await tasks.open({
      taskId: request.idempotencyKey,
      caseId: request.caseId,
      loanId: request.loanId,
      debtorRef: request.debtor.debtorRef,
      step: request.step,
      channel: request.channel,
      kind,
      queue,
      template: request.template,
      dueAt: new Date(request.atMs),
    });
    // A call or visit has reached nobody until the agent reports; a review needs no answer from the debtor.
    return { outcome: kind === 'contact' ? 'no-contact' : 'delivered', providerRef: task.taskId, reason: `${request.channel} task queued in ${queue}` };
  }

  return {
    async dispatch(request: ActionRequest): Promise<Dispatched> {
      const idempotencyKey = request.idempotencyKey;
      switch (request.channel) {
        case 'sms': {
          const { debtor, installments } = await contactFor(request, ['name', 'phone']);
          const { templateId, variables } = smsContent(request, { name: debtor.name, installments }, lender);
          const sent = await providers.sms.send({ idempotencyKey, to: debtor.phone, templateId, locale: request.debtor.locale, variables });
          return { outcome: 'delivered', providerRef: sent.providerMessageId, reason: `sms ${templateId} accepted as ${sent.providerMessageId}` };
        }
        case 'letter': {
          const { debtor, installments } = await contactFor(request, ['name', 'address']);
          const { letterType, rendered } = letterContent(request, { name: debtor.name, installments }, lender);
          const recipient = { name: debtor.name, addressLines: debtor.address.lines, country: debtor.address.country };
          const sent = await providers.letter.send({ idempotencyKey, recipient, letterType, rendered });
          return { outcome: 'delivered', providerRef: sent.trackingId, reason: `${letterType} letter accepted, tracking ${sent.trackingId}` };
        }
        case 'agency': {
          const { debtor } = await contactFor(request, ['name', 'phone', 'address']);
          // The name the case records for the placement (agencyNameOf in src/workflows/collection-case/agency.ts).
          const agency = String(request.parameters?.agency ?? request.parameters?.placement ?? 'agency');
          const placed = await providers.agency.place({
            idempotencyKey,
            placementRef: placementRefFor(request.caseId, request.seq),
            agency,
            loanId: request.loanId,
            debtor,
            balance: request.balance,
            currency: request.currency,
            dpd: request.daysPastDue,
            callbackUrl: agencyCallbackUrl,
          });
          return { outcome: 'delivered', providerRef: placed.placementRef, reason: `placed with agency ${agency} as ${placed.placementRef}`, agency };
        }
        case 'court': {
          const { debtor } = await contactFor(request, ['name', 'address']);
          const filed = await providers.court.file({
            idempotencyKey,
            caseRef: request.caseId,
            package: {
              claimant: { name: lender.name, address: lender.address },
              defendant: { name: debtor.name, address: debtor.address },
              amountClaimed: request.balance,
              currency: request.currency,
              documents: [
                { type: 'statement-of-claim', title: `Claim for ${request.balance} ${request.currency} on loan ${request.loanId}` },
                { type: 'loan-agreement', title: `Loan agreement ${request.loanId}` },
                { type: 'statement-of-account', title: `Statement of account, ${daysInWords(request.daysPastDue)} past due` },
              ],
            },
          });
          return { outcome: 'delivered', providerRef: filed.filingId, reason: `court filing submitted as ${filed.filingId}` };
        }
        case 'email': {
          const { debtor, installments } = await contactFor(request, ['name', 'email']);
          const messageLinks = linksFor(request);
          const { subject, text, html } = emailContent(request, { name: debtor.name, installments }, lender, messageLinks);
          const sent = await providers.email.send({ idempotencyKey, to: debtor.email, fromName: lender.name, subject, text, html, unsubscribeUrl: messageLinks.optOut });
          return { outcome: 'delivered', providerRef: sent.providerMessageId, reason: `e-mail accepted as ${sent.providerMessageId}` };
        }
        case 'app-push': {
          const { debtor, installments } = await contactFor(request, ['appUserId']);
          const message = pushContent(request, { name: debtor.name, installments }, lender, linksFor(request));
          const sent = await providers['app-push'].send({ idempotencyKey, to: debtor.appUserId, ...message });
          return { outcome: 'delivered', providerRef: sent.providerMessageId, reason: `app push accepted as ${sent.providerMessageId}` };
        }
        case 'im': {
          const { debtor, installments } = await contactFor(request, ['name', 'imId']);
          const message = imContent(request, { name: debtor.name, installments }, lender, linksFor(request));
          const sent = await providers.im.send({ idempotencyKey, touser: debtor.imId, ...message });
          return { outcome: 'delivered', providerRef: sent.providerMessageId, reason: `${message.template_id} message accepted as ${sent.providerMessageId}` };
        }
        case 'phone':
        case 'field-visit':
          return queueTask(request, 'contact');
        case 'write-off-review':
        case 'legal-review':
        case 'review':
          return queueTask(request, 'review');
      }
    },
  };
}
