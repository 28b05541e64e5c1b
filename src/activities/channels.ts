// The channel activities: every outbound action through the compliance guard and
// then its channel, exactly once. The contact log entry, keyed by the action's
// idempotency key, says how far an earlier attempt got: a retry after a crash
// finishes the send under the same key (the provider answers with what it did
// the first time) instead of asking the guard again or sending anew.
import { ApplicationFailure } from '@temporalio/common';
import type mongoose from 'mongoose';
import type { ActionRequest, ActionResult } from '../domain';
import { localDateTime } from '../domain/compliance';
import { contactLog, type ContactAttemptEntry } from '../db/contacts';
import { loanBook } from '../db/loans';
import { workQueue } from '../db/tasks';
import { ProviderError, type Providers } from '../integrations';
import type { AgencyRecallRequest } from '../integrations/agency/types';
import type { DebtorLinks } from '../security/debtor-links';
import { createComplianceGuard, debtorFacts, isGuarded, purposeOf, type ComplianceRegime } from './compliance';
import { NothingPastDueError, UnknownTemplateError, type Lender } from './content';
import { createDispatcher, MissingContactError } from './dispatch';

export interface ChannelDependencies {
  connection: mongoose.Connection;
  providers: Providers;
  lender: Lender;
  links: DebtorLinks;
  agencyCallbackUrl?: string;
  complianceRegime: (country: string) => ComplianceRegime;
}

/** Whatever the profile says, a court filing needs a debt that is neither time-barred, disputed nor under cease-contact. */
export const COURT_ELIGIBILITY_RULE = 'court-filing-eligibility';

export interface DeliveryCheck {
  idempotencyKey: string;
  channel: 'sms' | 'letter' | 'court';
  providerRef: string;
}

export interface DeliveryStatus {
  status: string;
  /** Why an SMS failed or a filing was rejected, or the hearing date. */
  detail?: string;
}

/** Calls and visits a case takes off the work queue, with the rule and the reason an agent who opens one reads. */
export interface TaskWithdrawal {
  taskIds: string[];
  rule: string;
  reason: string;
  /** Business time. */
  atMs: number;
}

export interface AgencyRecall extends Pick<ActionRequest, 'caseId' | 'loanId' | 'seq' | 'idempotencyKey' | 'atMs'> {
  debtorRef: string;
  placementRef: string;
  reason: AgencyRecallRequest['reason'];
}

type Decision =
  | { allowed: true; rule: string; profile?: string; reason: string }
  | { allowed: false; result: Exclude<ActionResult, { status: 'sent' }>; profile?: string };

function courtRefusal(request: ActionRequest): string | undefined {
  if (request.channel !== 'court') return undefined;
  if (request.timeBarred) return 'the debt is time-barred';
  if (request.disputed) return 'the debt is disputed';
  if (request.ceaseContact) return 'the debtor asked to cease contact';
  return undefined;
}

function attemptEntry(request: ActionRequest): ContactAttemptEntry {
  return {
    idempotencyKey: request.idempotencyKey,
    caseId: request.caseId,
    loanId: request.loanId,
    debtorRef: request.debtor.debtorRef,
    seq: request.seq,
    step: request.step,
    channel: request.channel,
    template: request.template,
    purpose: isGuarded(request.channel) ? purposeOf(request) : undefined,
    at: new Date(request.atMs),
    // For the contact report: the debtor's hour needs no join with the loan book, a placement's balance no replay.
    localHour: localDateTime(request.atMs, request.debtor.timeZone).hour,
    balance: request.balance,
  };
}

/** The failure type of an error that no retry can fix, or undefined for one worth retrying. */
function rejectionOf(error: unknown): { type: string; message: string } | undefined {
  if (error instanceof ProviderError) return error.retryable ? undefined : { type: 'PROVIDER_REJECTED', message: `${error.message} [${error.code}]` };
  if (error instanceof MissingContactError || error instanceof UnknownTemplateError || error instanceof NothingPastDueError) {
    return { type: error.code, message: error.message };
  }
  return undefined;
}

/** What the activity throws: a non-retryable failure (the case falls back), or a retryable one at the pace the provider asked for. */
function failureOf(error: unknown): unknown {
  const rejection = rejectionOf(error);
  if (rejection) return ApplicationFailure.nonRetryable(rejection.message, rejection.type);
  if (error instanceof ProviderError && error.retryAfterMs) {
    return ApplicationFailure.create({ type: 'PROVIDER_UNAVAILABLE', message: error.message, nextRetryDelay: error.retryAfterMs });
  }
  return error;
}

export function createChannelActivities(deps: ChannelDependencies) {
  const contacts = contactLog(deps.connection);
  const guard = createComplianceGuard(contacts, deps.complianceRegime, debtorFacts(deps.connection));
  const dispatcher = createDispatcher({ ...deps, loans: loanBook(deps.connection), tasks: workQueue(deps.connection) });

  async function decide(request: ActionRequest): Promise<Decision> {
    if (!isGuarded(request.channel)) return { allowed: true, rule: 'internal-review', reason: 'an internal review reaches nobody outside' };
    const { verdict, profile } = await guard.check(request);
    if (verdict.verdict === 'defer') {
      return { allowed: false, profile, result: { status: 'deferred', untilMs: verdict.untilMs, rule: verdict.rule, reason: verdict.reason } };
    }
    if (verdict.verdict === 'deny') return { allowed: false, profile, result: { status: 'denied', rule: verdict.rule, reason: verdict.reason } };
    const refusal = courtRefusal(request);
    if (refusal) return { allowed: false, profile, result: { status: 'denied', rule: COURT_ELIGIBILITY_RULE, reason: `no court filing: ${refusal}` } };
    return { allowed: true, rule: verdict.rule, profile, reason: `allowed under ${profile}: ${verdict.rulesChecked.join(', ')}` };
  }

  /** Logs a send no retry can fix as failed; returns what the activity throws. */
  async function settleFailure(idempotencyKey: string, error: unknown): Promise<unknown> {
    const rejection = rejectionOf(error);
    if (rejection) await contacts.markFailed(idempotencyKey, { failureCode: rejection.type, reason: rejection.message });
    return failureOf(error);
  }

  return {
    /** Guards, sends and logs one outbound action under its idempotency key. */
    async performAction(request: ActionRequest): Promise<ActionResult> {
      const logged = await contacts.find(request.idempotencyKey);
      if (logged?.status === 'sent') {
        return { status: 'sent', outcome: logged.outcome as Extract<ActionResult, { status: 'sent' }>['outcome'], reason: logged.reason ?? '', providerRef: logged.providerRef };
      }
      if (logged?.status === 'failed') throw ApplicationFailure.nonRetryable(logged.reason ?? 'failed', logged.failureCode);
      // A pending entry was allowed already: this is a retry of a send that may have reached the provider.
      if (logged?.status !== 'pending') {
        const entry = attemptEntry(request);
        const decision = await decide(request);
        if (!decision.allowed) {
          const { result, profile } = decision;
          const deferredUntil = result.status === 'deferred' ? new Date(result.untilMs) : undefined;
          await contacts.recordVerdict(entry, { status: result.status, rule: result.rule, profile, reason: result.reason, deferredUntil }, logged);
          return result;
        }
        await contacts.markPending(entry, { rule: decision.rule, profile: decision.profile, reason: decision.reason }, logged);
      }
      let dispatched;
      try {
        dispatched = await dispatcher.dispatch(request);
      } catch (error) {
        throw await settleFailure(request.idempotencyKey, error);
      }
      await contacts.markSent(request.idempotencyKey, dispatched);
      return { status: 'sent', ...dispatched };
    },

    /** Polls the provider once for what became of a message, letter or filing, and logs it. */
    async checkDelivery({ idempotencyKey, channel, providerRef }: DeliveryCheck): Promise<DeliveryStatus> {
      let status: DeliveryStatus;
      try {
        if (channel === 'sms') {
          const sms = await deps.providers.sms.getStatus(providerRef);
          status = { status: sms.status, detail: sms.reason };
        } else if (channel === 'letter') {
          status = { status: (await deps.providers.letter.getStatus(providerRef)).status };
        } else {
          const filing = await deps.providers.court.getStatus(providerRef);
          status = { status: filing.status, detail: filing.reason ?? filing.hearingDate };
        }
      } catch (error) {
        // The send stands whatever a status poll runs into.
        throw failureOf(error);
      }
      // A message that never arrived reached nobody: the guard should not count it as a contact.
      const contactOutcome = channel === 'sms' && status.status === 'failed' ? 'failed' : undefined;
      await contacts.recordDelivery(idempotencyKey, { deliveryStatus: status.status, deliveryDetail: status.detail, contactOutcome });
      return status;
    },

    /** Takes the case back from the agency. Never guarded: a recall ends contact, it makes none. */
    async recallFromAgency(recall: AgencyRecall): Promise<void> {
      const logged = await contacts.find(recall.idempotencyKey);
      if (logged?.status === 'sent') return;
      const { idempotencyKey, caseId, loanId, debtorRef, seq } = recall;
      const entry = { idempotencyKey, caseId, loanId, debtorRef, seq, step: 'agency-recall', channel: 'agency', at: new Date(recall.atMs) };
      await contacts.markPending(entry, { rule: 'agency-recall', reason: `recall: ${recall.reason}` });
      try {
        await deps.providers.agency.recall({ idempotencyKey, placementRef: recall.placementRef, reason: recall.reason });
      } catch (error) {
        // Recalled already (under another key): what we wanted holds.
        if (!(error instanceof ProviderError && error.code === 'PLACEMENT_RECALLED')) throw await settleFailure(idempotencyKey, error);
      }
      await contacts.markSent(idempotencyKey, { outcome: 'delivered', providerRef: recall.placementRef, reason: `recalled: ${recall.reason}` });
    },

    /** An agent's report on a call or visit, as the guard counts it, at the business time the case heard it. */
    async recordTaskOutcome({ taskId, contactOutcome, atMs }: { taskId: string; contactOutcome: string; atMs: number }): Promise<void> {
      await contacts.recordOutcome(taskId, contactOutcome, new Date(atMs));
    },

    /** Withdraws the case's open calls and visits, claimed ones too: nobody may work them any more. Returns how many were still open. */
    async withdrawTasks({ taskIds, rule, reason, atMs }: TaskWithdrawal): Promise<number> {
      const queue = workQueue(deps.connection);
      let withdrawn = 0;
      for (const taskId of taskIds) {
        const task = await queue.get(taskId);
        if (task?.status === 'open' && (await queue.withdraw(task, { rule, reason }, { now: new Date(atMs), agent: task.claim?.agent }))) withdrawn += 1;
      }
      return withdrawn;
    },
  };
}
