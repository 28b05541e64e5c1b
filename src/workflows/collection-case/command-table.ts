// Supervisor commands as a table: for each, what the case cannot take (checked
// in the update's validator, so a refusal never reaches history, with a reason
// the API returns as is) and what it does to the case. The shared checks (the
// case is open, the command names its actor) and the handler plumbing are done
// once, by installCommands in commands.ts.
import { ApplicationFailure } from '@temporalio/workflow';
import {
  checkHardshipHold,
  checkSettlementOffer,
  CLOSE_OUTCOMES,
  DAY_MS,
  dueDateToMs,
  fourEyesRefusal,
  isOverdueReason,
  OVERDUE_REASON_CODES,
  REVIEW_KINDS,
  REVIEW_OUTCOMES,
  validateStrategy,
  type CommandName,
  type CommandRequests,
} from '../../domain';
import { placeBySupervisor, recallAgency } from './agency';
import { acceptanceRefusal, acceptPlan, cancellationRefusal, cancelPlan, planRunning, proposalRefusal, proposePlan, type Refusal } from './repayment-plan';
import { record, type CaseState } from './case-state';
import { reasonRecorded } from './reason-effects';
import { variantFor, type CaseFeatures } from './versions';
import {
  approveSettlement,
  endHardshipHold,
  hardshipHoldOf,
  openSettlement,
  proposeSettlement,
  putOnHardshipHold,
  rejectSettlement,
  settlementPolicyOf,
} from './settlements';

/** What a command's apply works with. */
export interface CommandContext {
  state: CaseState;
  features: CaseFeatures;
  /** Wall-clock (workflow) now, and business now. */
  wallNow: number;
  businessNow: number;
}

export interface Command<Request> {
  /** The case feature (versions.ts) the command needs: a run started before it refuses the command. */
  feature?: keyof CaseFeatures;
  /** Throws a rejection (see reject) for a command the case cannot take now. Pure. */
  validate(state: CaseState, request: Request, businessNowMs: number): void;
  /** Changes the case and records it. */
  apply(context: CommandContext, request: Request): void;
}

/** A command whose work awaits an activity: it runs under the case's agency lock (see commands.ts). */
export interface AsyncCommand<Request> {
  feature?: keyof CaseFeatures;
  validate(state: CaseState, request: Request, businessNowMs: number): void;
  apply(context: CommandContext, request: Request): Promise<void>;
  exclusive: true;
}

export function reject(code: string, message: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

export function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') reject('INVALID_COMMAND', `${field} is required`);
}

/** Rejects with the refusal's code and sentence, when there is one. */
function refuse(refusal: Refusal | undefined): void {
  if (refusal) reject(refusal.code, refusal.message);
}

const hasHold = (state: CaseState, kind: string) => state.holds.some((hold) => hold.kind === kind);

const logCommand = (context: CommandContext, actor: string, reason: string, data?: Record<string, unknown>) =>
  record(context.state, context.wallNow, 'command', actor, reason, data);

export const COMMAND_TABLE: { [Name in CommandName]: Command<CommandRequests[Name]> | AsyncCommand<CommandRequests[Name]> } = {
  pause: {
    validate(state, request, businessNowMs) {
      requireText(request.reason, 'reason');
      if (state.paused) reject('ALREADY_PAUSED', `case is already paused since ${new Date(state.paused.sinceMs).toISOString()} by ${state.paused.actor}`);
      if (request.until !== undefined) {
        const until = Date.parse(request.until);
        if (Number.isNaN(until)) reject('INVALID_COMMAND', `until "${request.until}" is not an ISO-8601 instant`);
        if (until <= businessNowMs) reject('INVALID_COMMAND', `until ${request.until} is not in the future`);
      }
    },
    apply(context, request) {
      const untilMs = request.until ? Date.parse(request.until) : undefined;
      context.state.paused = { reason: request.reason, actor: request.actor, sinceMs: context.businessNow, untilMs };
      logCommand(context, request.actor, `paused: ${request.reason}`, { command: 'pause', until: request.until });
    },
  },

  resume: {
    validate(state) {
      if (!state.paused) reject('NOT_PAUSED', 'case is not paused');
    },
    apply(context, request) {
      context.state.paused = undefined;
      logCommand(context, request.actor, `resumed: ${request.reason ?? 'resumed by a supervisor'}`, { command: 'resume' });
    },
  },

  escalate: {
    validate(state, request) {
      requireText(request.reason, 'reason');
      if (state.paused) reject('CASE_PAUSED', 'case is paused; resume it before escalating');
      if (hasHold(state, 'dispute')) reject('CASE_DISPUTED', 'case is under dispute; resolve the dispute before escalating');
    },
    apply(context, request) {
      context.state.escalation = { actor: request.actor, reason: request.reason };
      logCommand(context, request.actor, `escalation requested: ${request.reason}`, { command: 'escalate' });
    },
  },

  'promise-to-pay': {
    validate(state, request, businessNowMs) {
      if (!Number.isInteger(request.amount) || request.amount <= 0) reject('INVALID_COMMAND', 'amount must be a positive whole number of minor units');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(request.date ?? '') || Number.isNaN(Date.parse(request.date))) {
        reject('INVALID_COMMAND', `date "${request.date}" is not a YYYY-MM-DD date`);
      }
      if (dueDateToMs(request.date) + DAY_MS <= businessNowMs) reject('INVALID_COMMAND', `promise date ${request.date} has already passed`);
      if (hasHold(state, 'promise-to-pay')) reject('PROMISE_OPEN', 'the case already has an open promise to pay');
    },
    apply(context, request) {
      const { state } = context;
      const dueMs = dueDateToMs(request.date) + DAY_MS;
      state.holds.push({ kind: 'promise-to-pay', reason: `promised ${request.amount} by ${request.date}`, actor: request.actor, sinceMs: context.businessNow, amount: request.amount, dueMs, paidSince: 0 });
      logCommand(context, request.actor, `promise to pay ${request.amount} ${state.loan.currency} by ${request.date}; escalation waits until then`, {
        command: 'promise-to-pay',
        amount: request.amount,
        date: request.date,
      });
    },
  },

  dispute: {
    validate(state, request) {
      requireText(request.reason, 'reason');
      if (hasHold(state, 'dispute')) reject('ALREADY_DISPUTED', 'case is already under dispute');
    },
    apply(context, request) {
      context.state.holds.push({ kind: 'dispute', reason: request.reason, actor: request.actor, sinceMs: context.businessNow });
      logCommand(context, request.actor, `disputed: ${request.reason}; outreach held until resolved`, { command: 'dispute' });
    },
  },

  'resolve-dispute': {
    validate(state, request) {
      if (!hasHold(state, 'dispute')) reject('NOT_DISPUTED', 'case has no open dispute');
      if (request.outcome !== 'upheld' && request.outcome !== 'withdrawn-by-lender') reject('INVALID_COMMAND', 'outcome must be upheld or withdrawn-by-lender');
    },
    apply(context, request) {
      const { state } = context;
      state.holds = state.holds.filter((hold) => hold.kind !== 'dispute');
      const reason = `dispute resolved (${request.outcome})${request.reason ? `: ${request.reason}` : ''}`;
      logCommand(context, request.actor, reason, { command: 'resolve-dispute', outcome: request.outcome });
      if (request.outcome === 'withdrawn-by-lender') {
        state.closure = { outcome: 'dispute-resolved-for-debtor', reason, actor: request.actor, atMs: context.businessNow };
      }
    },
  },

  'cease-contact': {
    validate(state, request) {
      requireText(request.reason, 'reason');
      if (hasHold(state, 'cease-contact')) reject('ALREADY_CEASED', 'contact has already ceased on this case');
    },
    apply(context, request) {
      context.state.holds.push({ kind: 'cease-contact', reason: request.reason, actor: request.actor, sinceMs: context.businessNow });
      logCommand(context, request.actor, `cease contact: ${request.reason}`, { command: 'cease-contact' });
    },
  },

  'assign-agency': {
    exclusive: true,
    validate(state, request) {
      requireText(request.agency, 'agency');
      if (state.agency) reject('AGENCY_ASSIGNED', `case is already with agency ${state.agency.name}; recall it first`);
      if (hasHold(state, 'dispute') || hasHold(state, 'cease-contact')) reject('CONTACT_HELD', 'a dispute or cease-contact hold forbids agency placement');
    },
    async apply(context, request) {
      logCommand(context, request.actor, `assigned to agency ${request.agency}${request.reason ? `: ${request.reason}` : ''}`, { command: 'assign-agency', agency: request.agency });
      // The strategy may have placed the case while this command waited for the agency lock: the supervisor's placement replaces it.
      if (context.state.agency) await recallAgency(context.state, 'supervisor-request', request.actor);
      await placeBySupervisor(context.state, request.agency, request.actor);
    },
  },

  'recall-agency': {
    exclusive: true,
    validate(state, request) {
      requireText(request.reason, 'reason');
      if (!state.agency) reject('NO_AGENCY', 'case is not with an agency');
    },
    async apply(context, request) {
      const { state } = context;
      logCommand(context, request.actor, `recalled from agency ${state.agency!.name}: ${request.reason}`, { command: 'recall-agency', agency: state.agency!.name });
      await recallAgency(state, 'supervisor-request', request.actor);
    },
  },

  close: {
    validate(_state, request) {
      requireText(request.reason, 'reason');
      if (request.outcome !== undefined && !CLOSE_OUTCOMES.includes(request.outcome)) reject('INVALID_COMMAND', `outcome must be one of ${CLOSE_OUTCOMES.join(', ')}`);
    },
    apply(context, request) {
      const outcome = request.outcome ?? 'closed';
      context.state.closure = { outcome, reason: request.reason, actor: request.actor, atMs: context.businessNow };
      logCommand(context, request.actor, `close requested (${outcome}): ${request.reason}`, { command: 'close', outcome });
    },
  },

  'move-strategy': {
    validate(state, request) {
      const validation = validateStrategy(request.strategy);
      if (!validation.ok) reject('INVALID_STRATEGY', `strategy is invalid: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      if (request.strategy.id === state.strategy.id && request.strategy.version === state.strategy.version) {
        reject('SAME_STRATEGY', `case is already on strategy ${state.strategy.id} v${state.strategy.version}`);
      }
    },
    apply(context, request) {
      const { state } = context;
      const from = `${state.strategy.id} v${state.strategy.version}`;
      state.strategy = request.strategy;
      state.variant = variantFor(context.features, request.strategy, state.loan.loanId);
      record(state, context.wallNow, 'strategy-moved', request.actor, `moved from strategy ${from} to ${request.strategy.id} v${request.strategy.version}, variant ${state.variant}${request.reason ? `: ${request.reason}` : ''}`);
    },
  },

  'record-reason': {
    feature: 'overdueReasons',
    validate(_state, request) {
      if (!isOverdueReason(request.code)) reject('INVALID_COMMAND', `code "${request.code}" is not an overdue reason; one of ${OVERDUE_REASON_CODES.join(', ')}`);
      if (request.note !== undefined && typeof request.note !== 'string') reject('INVALID_COMMAND', 'note must be text');
    },
    apply(context, request) {
      const note = request.note?.trim();
      reasonRecorded(context.state, context.features, context.wallNow, { code: request.code, ...(note && { note }), actor: request.actor, source: 'supervisor' });
    },
  },

  'resolve-review': {
    feature: 'reasonEffects',
    validate(state, request) {
      if (!REVIEW_KINDS.includes(request.kind)) reject('INVALID_COMMAND', `kind must be one of ${REVIEW_KINDS.join(', ')}`);
      if (!REVIEW_OUTCOMES.includes(request.outcome)) reject('INVALID_COMMAND', `outcome must be one of ${REVIEW_OUTCOMES.join(', ')}`);
      if (request.reason !== undefined && typeof request.reason !== 'string') reject('INVALID_COMMAND', 'reason must be text');
      if (!hasHold(state, request.kind)) reject('NOT_UNDER_REVIEW', `case has no open ${request.kind} hold to resolve`);
    },
    apply(context, request) {
      const { state } = context;
      state.holds = state.holds.filter((hold) => hold.kind !== request.kind);
      const note = request.reason?.trim();
      const reason = `${request.kind} review resolved (${request.outcome})${note ? `: ${note}` : ''}`;
      logCommand(context, request.actor, request.outcome === 'confirmed' ? reason : `${reason}; the ladder resumes`, { command: 'resolve-review', kind: request.kind, outcome: request.outcome });
      if (request.outcome === 'confirmed') {
        const outcome = request.kind === 'fraud-review' ? 'fraud' : 'deceased';
        state.closure = { outcome, reason, actor: request.actor, atMs: context.businessNow };
      }
    },
  },

  'offer-settlement': {
    feature: 'settlementsAndHardship',
    validate(state, request, businessNowMs) {
      if (request.reason !== undefined && typeof request.reason !== 'string') reject('INVALID_COMMAND', 'reason must be text');
      const open = openSettlement(state);
      if (open) reject('SETTLEMENT_OPEN', `the case already has a settlement of ${open.amount} by ${open.by} (${open.status}); reject it before offering another`);
      if (planRunning(state)) reject('PLAN_OPEN', 'the debtor keeps an accepted repayment plan; one arrangement at a time, so cancel the plan first');
      const check = checkSettlementOffer(settlementPolicyOf(state), { balance: state.loan.outstanding, amount: request.amount, by: request.by, businessNowMs });
      if (!check.ok) reject(check.refusal.code, check.refusal.message);
    },
    apply(context, request) {
      const { state } = context;
      const check = checkSettlementOffer(settlementPolicyOf(state), { balance: state.loan.outstanding, amount: request.amount, by: request.by, businessNowMs: context.businessNow });
      if (!check.ok) return;
      const reason = request.reason?.trim();
      proposeSettlement(state, context.wallNow, {
        amount: request.amount,
        by: request.by,
        dueMs: check.dueMs,
        discountPercent: check.discountPercent,
        needsApproval: check.needsApproval,
        proposer: request.actor,
        ...(reason && { reason }),
      });
    },
  },

  'approve-settlement': {
    feature: 'settlementsAndHardship',
    validate(state, request, businessNowMs) {
      const settlement = openSettlement(state);
      if (settlement?.status !== 'pending-approval') reject('NO_SETTLEMENT_TO_APPROVE', 'the case has no settlement waiting for approval');
      const refusal = fourEyesRefusal(settlement.proposer, request.actor);
      if (refusal) reject('FOUR_EYES', refusal);
      if (settlement.dueMs <= businessNowMs) reject('SETTLEMENT_EXPIRED', `the settlement's date ${settlement.by} has passed`);
    },
    apply(context, request) {
      approveSettlement(context.state, context.wallNow, request.actor, request.reason?.trim() || undefined);
    },
  },

  'reject-settlement': {
    feature: 'settlementsAndHardship',
    validate(state, request) {
      requireText(request.reason, 'reason');
      if (!openSettlement(state)) reject('NO_OPEN_SETTLEMENT', 'the case has no settlement pending approval or offered');
    },
    apply(context, request) {
      rejectSettlement(context.state, context.wallNow, request.actor, request.reason.trim());
    },
  },

  'hardship-hold': {
    feature: 'settlementsAndHardship',
    validate(state, request, businessNowMs) {
      requireText(request.reason, 'reason');
      if (request.code !== undefined && !isOverdueReason(request.code)) {
        reject('INVALID_COMMAND', `code "${request.code}" is not an overdue reason; one of ${OVERDUE_REASON_CODES.join(', ')}`);
      }
      const open = hardshipHoldOf(state);
      if (open) reject('HARDSHIP_HOLD_OPEN', `the case is already on a hardship hold since ${new Date(open.sinceMs).toISOString()} by ${open.actor}`);
      const check = checkHardshipHold(settlementPolicyOf(state), { until: request.until, businessNowMs });
      if (!check.ok) reject(check.refusal.code, check.refusal.message);
    },
    apply(context, request) {
      const check = checkHardshipHold(settlementPolicyOf(context.state), { until: request.until, businessNowMs: context.businessNow });
      if (check.ok) putOnHardshipHold(context.state, context.wallNow, { ...request, reason: request.reason.trim() }, check.dueMs);
    },
  },

  'end-hardship-hold': {
    feature: 'settlementsAndHardship',
    validate(state, request) {
      requireText(request.reason, 'reason');
      if (!hardshipHoldOf(state)) reject('NO_HARDSHIP_HOLD', 'the case is not on a hardship hold');
    },
    apply(context, request) {
      endHardshipHold(context.state, context.wallNow, request.actor, request.reason.trim());
    },
  },

  'propose-plan': {
    feature: 'repaymentPlans',
    validate: (state, request, businessNowMs) => refuse(proposalRefusal(state, request, businessNowMs)),
    apply: (context, request) => proposePlan(context.state, context.wallNow, request),
  },

  'accept-plan': {
    feature: 'repaymentPlans',
    validate: (state, request, businessNowMs) => refuse(acceptanceRefusal(state, request, businessNowMs)),
    apply: (context, request) => acceptPlan(context.state, context.wallNow, request),
  },

  'cancel-plan': {
    feature: 'repaymentPlans',
    validate: (state, request) => refuse(cancellationRefusal(state, request)),
    apply: (context, request) => cancelPlan(context.state, context.wallNow, request),
  },
};
