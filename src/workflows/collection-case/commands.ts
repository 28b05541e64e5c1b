// Supervisor commands (updates) and loan-system events (signals). Validators
// reject a command before it reaches history, with a reason the API returns as
// is; handlers change state, log the event with its actor, and wake the loop.
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { applyPayment, CLOSE_OUTCOMES, dueDateToMs, DAY_MS, validateStrategy, type Actor } from '../../domain';
import { placeBySupervisor, recallAgency } from './agency';
import type { CaseState } from './case-state';
import { nowOf, record, viewOf } from './case-state';
import * as messages from './messages';
import { variantFor, type CaseFeatures } from './versions';

export interface CaseControl {
  state: CaseState;
  features: CaseFeatures;
  /** Wall-clock now (workflow time). */
  now(): number;
  /** Tells the main loop something changed. */
  wake(): void;
}

function reject(code: string, message: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

function requireOpen(state: CaseState): void {
  if (state.closure) {
    reject('CASE_CLOSED', `case ${state.caseId} is closed (${state.closure.outcome}: ${state.closure.reason}); it takes no more commands`);
  }
}

function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') reject('INVALID_COMMAND', `${field} is required`);
}

function requireActor(request: Actor): void {
  requireText(request?.actor, 'actor');
}

function hasHold(state: CaseState, kind: string): boolean {
  return state.holds.some((hold) => hold.kind === kind);
}

export function installCaseHandlers(control: CaseControl): void {
  const { state } = control;
  const view = () => viewOf(state, control.now());
  const businessNow = () => nowOf(state, control.now());
  const log = (actor: string, reason: string, data?: Record<string, unknown>) =>
    record(state, control.now(), 'command', actor, reason, data);
  const done = () => {
    control.wake();
    return view();
  };

  setHandler(messages.caseView, view);

  setHandler(
    messages.pause,
    (request) => {
      state.paused = { reason: request.reason, actor: request.actor, sinceMs: businessNow(), untilMs: request.until ? Date.parse(request.until) : undefined };
      log(request.actor, `paused: ${request.reason}`, { command: 'pause', until: request.until });
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        requireText(request.reason, 'reason');
        if (state.paused) reject('ALREADY_PAUSED', `case is already paused since ${new Date(state.paused.sinceMs).toISOString()} by ${state.paused.actor}`);
        if (request.until !== undefined) {
          const until = Date.parse(request.until);
          if (Number.isNaN(until)) reject('INVALID_COMMAND', `until "${request.until}" is not an ISO-8601 instant`);
          if (until <= businessNow()) reject('INVALID_COMMAND', `until ${request.until} is not in the future`);
        }
      },
    },
  );

  setHandler(
    messages.resume,
    (request) => {
      const reason = request.reason ?? 'resumed by a supervisor';
      state.paused = undefined;
      log(request.actor, `resumed: ${reason}`, { command: 'resume' });
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        if (!state.paused) reject('NOT_PAUSED', 'case is not paused');
      },
    },
  );

  setHandler(
    messages.escalate,
    (request) => {
      state.escalation = { actor: request.actor, reason: request.reason };
      log(request.actor, `escalation requested: ${request.reason}`, { command: 'escalate' });
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        requireText(request.reason, 'reason');
        if (state.paused) reject('CASE_PAUSED', 'case is paused; resume it before escalating');
        if (hasHold(state, 'dispute')) reject('CASE_DISPUTED', 'case is under dispute; resolve the dispute before escalating');
      },
    },
  );

  setHandler(
    messages.promiseToPay,
    (request) => {
      const dueMs = dueDateToMs(request.date) + DAY_MS;
      state.holds.push({ kind: 'promise-to-pay', reason: `promised ${request.amount} by ${request.date}`, actor: request.actor, sinceMs: businessNow(), amount: request.amount, dueMs, paidSince: 0 });
      log(request.actor, `promise to pay ${request.amount} ${state.loan.currency} by ${request.date}; escalation waits until then`, {
        command: 'promise-to-pay',
        amount: request.amount,
        date: request.date,
      });
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        if (!Number.isInteger(request.amount) || request.amount <= 0) reject('INVALID_COMMAND', 'amount must be a positive whole number of minor units');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(request.date ?? '') || Number.isNaN(Date.parse(request.date))) {
          reject('INVALID_COMMAND', `date "${request.date}" is not a YYYY-MM-DD date`);
        }
        if (dueDateToMs(request.date) + DAY_MS <= businessNow()) reject('INVALID_COMMAND', `promise date ${request.date} has already passed`);
        if (hasHold(state, 'promise-to-pay')) reject('PROMISE_OPEN', 'the case already has an open promise to pay');
      },
    },
  );

  setHandler(
    messages.dispute,
    (request) => {
      state.holds.push({ kind: 'dispute', reason: request.reason, actor: request.actor, sinceMs: businessNow() });
      log(request.actor, `disputed: ${request.reason}; outreach held until resolved`, { command: 'dispute' });
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        requireText(request.reason, 'reason');
        if (hasHold(state, 'dispute')) reject('ALREADY_DISPUTED', 'case is already under dispute');
      },
    },
  );

  setHandler(
    messages.resolveDispute,
    (request) => {
      state.holds = state.holds.filter((hold) => hold.kind !== 'dispute');
      const reason = `dispute resolved (${request.outcome})${request.reason ? `: ${request.reason}` : ''}`;
      log(request.actor, reason, { command: 'resolve-dispute', outcome: request.outcome });
      if (request.outcome === 'withdrawn-by-lender') {
        state.closure = { outcome: 'dispute-resolved-for-debtor', reason, actor: request.actor, atMs: businessNow() };
      }
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        if (!hasHold(state, 'dispute')) reject('NOT_DISPUTED', 'case has no open dispute');
        if (request.outcome !== 'upheld' && request.outcome !== 'withdrawn-by-lender') {
          reject('INVALID_COMMAND', 'outcome must be upheld or withdrawn-by-lender');
        }
      },
    },
  );

  setHandler(
    messages.ceaseContact,
    (request) => {
      state.holds.push({ kind: 'cease-contact', reason: request.reason, actor: request.actor, sinceMs: businessNow() });
      log(request.actor, `cease contact: ${request.reason}`, { command: 'cease-contact' });
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        requireText(request.reason, 'reason');
        if (hasHold(state, 'cease-contact')) reject('ALREADY_CEASED', 'contact has already ceased on this case');
      },
    },
  );

  setHandler(
    messages.assignAgency,
    async (request) => {
      log(request.actor, `assigned to agency ${request.agency}${request.reason ? `: ${request.reason}` : ''}`, { command: 'assign-agency', agency: request.agency });
      await placeBySupervisor(state, request.agency, request.actor);
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        requireText(request.agency, 'agency');
        if (state.agency) reject('AGENCY_ASSIGNED', `case is already with agency ${state.agency.name}; recall it first`);
        if (hasHold(state, 'dispute') || hasHold(state, 'cease-contact')) reject('CONTACT_HELD', 'a dispute or cease-contact hold forbids agency placement');
      },
    },
  );

  setHandler(
    messages.recallAgency,
    async (request) => {
      const agency = state.agency!.name;
      log(request.actor, `recalled from agency ${agency}: ${request.reason}`, { command: 'recall-agency', agency });
      await recallAgency(state, 'strategy-change', request.actor);
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        requireText(request.reason, 'reason');
        if (!state.agency) reject('NO_AGENCY', 'case is not with an agency');
      },
    },
  );

  setHandler(
    messages.close,
    (request) => {
      const outcome = request.outcome ?? 'closed';
      state.closure = { outcome, reason: request.reason, actor: request.actor, atMs: businessNow() };
      log(request.actor, `close requested (${outcome}): ${request.reason}`, { command: 'close', outcome });
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        requireText(request.reason, 'reason');
        if (request.outcome !== undefined && !CLOSE_OUTCOMES.includes(request.outcome)) {
          reject('INVALID_COMMAND', `outcome must be one of ${CLOSE_OUTCOMES.join(', ')}`);
        }
      },
    },
  );

  setHandler(
    messages.moveStrategy,
    (request) => {
      const from = `${state.strategy.id} v${state.strategy.version}`;
      state.strategy = request.strategy;
      state.variant = variantFor(control.features, request.strategy, state.loan.loanId);
      record(state, control.now(), 'strategy-moved', request.actor, `moved from strategy ${from} to ${request.strategy.id} v${request.strategy.version}, variant ${state.variant}${request.reason ? `: ${request.reason}` : ''}`);
      return done();
    },
    {
      validator: (request) => {
        requireOpen(state);
        requireActor(request);
        const validation = validateStrategy(request.strategy);
        if (!validation.ok) {
          reject('INVALID_STRATEGY', `strategy is invalid: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
        }
        if (request.strategy.id === state.strategy.id && request.strategy.version === state.strategy.version) {
          reject('SAME_STRATEGY', `case is already on strategy ${state.strategy.id} v${state.strategy.version}`);
        }
      },
    },
  );

  setHandler(messages.paymentReceived, (payment) => {
    if (state.closure || state.appliedPayments.includes(payment.reference)) return;
    if (!Number.isInteger(payment.amount) || payment.amount <= 0) return;
    state.appliedPayments.push(payment.reference);
    const { installments, surplus } = applyPayment(state.loan.installments, payment.amount);
    state.loan = {
      ...state.loan,
      installments,
      outstanding: Math.max(0, state.loan.outstanding - payment.amount),
      lastPaymentDate: payment.date,
    };
    for (const hold of state.holds) if (hold.kind === 'promise-to-pay') hold.paidSince = (hold.paidSince ?? 0) + payment.amount;
    record(state, control.now(), 'payment', payment.reference, `payment of ${payment.amount} ${state.loan.currency} received`, {
      amount: payment.amount,
      date: payment.date,
      surplus,
      outstanding: state.loan.outstanding,
    });
    control.wake();
  });

  setHandler(messages.loanUpdated, (loan) => {
    if (state.closure || loan.loanId !== state.loan.loanId) return;
    state.loan = loan;
    record(state, control.now(), 'loan-updated', 'loan-system', 'loan updated by the loan system', { outstanding: loan.outstanding });
    control.wake();
  });
}
