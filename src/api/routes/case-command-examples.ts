// Examples for the case commands' documentation: the example case (CASE_VIEW_EXAMPLE)
// as each command leaves it. test/api/documents.test.ts checks them against the routes' schemas.
import type { z } from 'zod';
import { DEFAULT_PLAN_POLICY, graceEndMs, placementRefFor, planSchedule, repaymentPlanView, type CaseEvent, type CaseView, type RepaymentPlan } from '../../domain';
import type { CommandName } from '../../domain';
import { CASE_VIEW_EXAMPLE } from '../case-schemas';
import type { ErrorResponse } from '../errors';
import type { Example, RouteExamples } from '../route';
import { STRATEGY_EXAMPLE } from './strategies';

const SUPERVISOR = 'supervisor-li';
const AT = CASE_VIEW_EXAMPLE.asOf;
const CALL_WAIT = CASE_VIEW_EXAMPLE.waitingFor[1];

/** The example case as a command leaves it: the events it logged, the rest as `changes` say. */
function afterCommand(events: Pick<CaseEvent, 'type' | 'reason' | 'data'>[], changes: Partial<CaseView> = {}): CaseView {
  const base = CASE_VIEW_EXAMPLE;
  const logged = events.map((event, index) => ({ seq: base.eventCount + index + 1, at: AT, actor: SUPERVISOR, ...event }));
  const recentEvents = [...base.recentEvents, ...logged].slice(-base.recentEvents.length);
  return { ...base, ...changes, eventCount: base.eventCount + logged.length, recentEvents };
}

const logged = (command: CommandName, reason: string, data: Record<string, unknown> = {}) =>
  ({ type: 'command', reason, data: { command, ...data } }) as const;

const rejected = (summary: string, reasonCode: string, message: string): Example<ErrorResponse> => ({
  summary,
  value: { error: { code: 'CASE_COMMAND_REJECTED', message, reason: reasonCode } },
});

const PAUSE_REASON = 'Debtor in hospital; the family asked for two weeks';
const PAUSE_UNTIL = '2026-11-30T08:00:00+08:00';
const DISPUTE_REASON = 'Debtor says installment 4 was paid by bank transfer on 2026-10-14';
const CEASE_REASON = 'Debtor asked in writing to stop all contact';
const AGENCY = 'eastbridge-recoveries';
const PLACEMENT_REF = placementRefFor(CASE_VIEW_EXAMPLE.caseId, 8);
const WRITE_OFF_REASON = 'Write-off approved by the credit committee (WO-2026-118)';
const MOVE_REASON = 'Pilot of early calls on the Shanghai book';
const REASON_NOTE = 'Factory closed in October; the debtor is looking for work';
const SETTLEMENT_REASON = 'Debtor lost his job; his family can raise 441000 by 10 December';
const APPROVER = 'supervisor-wang';
const HARDSHIP_REASON = 'Debtor in hospital after an accident; income stopped';
const SETTLEMENT_PENDING = {
  status: 'pending-approval',
  amount: 441_000,
  balance: CASE_VIEW_EXAMPLE.balance,
  discountPercent: 30,
  by: '2026-12-10',
  proposer: SUPERVISOR,
  approver: null,
  needsApproval: true,
  paidSoFar: 0,
  reason: SETTLEMENT_REASON,
  proposedAt: AT,
} as const;
const SETTLEMENT_HOLD = { kind: 'settlement', reason: 'settlement of 441000 by 2026-12-10', actor: APPROVER, since: AT, amount: 441_000, until: '2026-12-11T00:00:00.000Z' } as const;
const SETTLEMENT_WAIT = { kind: 'settlement-date', reason: 'the settlement of 441000 CNY to be paid by 2026-12-10', until: '2026-12-11T00:00:00.000Z' } as const;
const PLAN_NOTE = 'Overtime pay cut; the debtor can pay 70,000 a month';
const PLAN_CANCEL_REASON = 'The debtor asked for fewer, larger payments; a new plan follows';
const PLAN_TERMS = { total: 420_000, payments: 6, firstDate: '2026-11-20', intervalDays: 30 };
const PROPOSED_PLAN: RepaymentPlan = {
  status: 'proposed',
  total: PLAN_TERMS.total,
  intervalDays: PLAN_TERMS.intervalDays,
  schedule: planSchedule(PLAN_TERMS),
  policy: DEFAULT_PLAN_POLICY,
  paidSoFar: 0,
  proposedBy: SUPERVISOR,
  proposedAtMs: Date.parse(AT),
  note: PLAN_NOTE,
};
const ACCEPTED_PLAN: RepaymentPlan = { ...PROPOSED_PLAN, status: 'active', accepted: { actor: SUPERVISOR, channel: 'phone', atMs: Date.parse(AT) } };
const FIRST_GRACE_END = new Date(graceEndMs(PROPOSED_PLAN.schedule[0], DEFAULT_PLAN_POLICY.graceDays)).toISOString();
const LAST_PLAN_DATE = PROPOSED_PLAN.schedule[PROPOSED_PLAN.schedule.length - 1].dueDate;
const FRAUD_REVIEW_NOTE = 'The debtor signed the loan in branch; the ID check matches';

/** A command's examples: what a supervisor sends, the case it answers with, and the refusal to expect. */
export interface CommandExamples {
  request: Record<string, Example>;
  response: Example<CaseView>;
  error: Example<ErrorResponse>;
}

/** Each command on the example case. */
export const COMMAND_EXAMPLES: Record<CommandName, CommandExamples> = {
  pause: {
    request: {
      'until-resumed': { summary: 'Until a supervisor resumes the case', value: { reason: PAUSE_REASON } },
      until: { summary: 'Until an instant (business time): the case resumes by itself then', value: { reason: PAUSE_REASON, until: PAUSE_UNTIL } },
    },
    response: {
      summary: 'Paused until 30 November, 08:00 in Shanghai',
      value: afterCommand([logged('pause', `paused: ${PAUSE_REASON}`, { until: PAUSE_UNTIL })], {
        paused: { reason: PAUSE_REASON, actor: SUPERVISOR, since: AT, until: '2026-11-30T00:00:00.000Z' },
        waitingFor: [
          { kind: 'pause-end', reason: `paused by ${SUPERVISOR} (${PAUSE_REASON}) until 2026-11-30T00:00:00.000Z`, until: '2026-11-30T00:00:00.000Z' },
          CALL_WAIT,
        ],
      }),
    },
    error: rejected('Already paused', 'ALREADY_PAUSED', `case is already paused since ${AT} by ${SUPERVISOR}`),
  },
  resume: {
    request: { 'with-reason': { summary: 'Resume, saying why', value: { reason: 'Debtor out of hospital and reachable again' } } },
    response: {
      summary: 'Running again: the step due now runs on its next turn',
      value: afterCommand([logged('resume', 'resumed: Debtor out of hospital and reachable again')]),
    },
    error: rejected('Not paused', 'NOT_PAUSED', 'case is not paused'),
  },
  escalate: {
    request: { now: { summary: 'Run the next step now', value: { reason: 'No answer since the demand letter; go to the field visit' } } },
    response: {
      summary: 'Logged: the next step of the ladder runs on the case\'s next turn',
      value: afterCommand([logged('escalate', 'escalation requested: No answer since the demand letter; go to the field visit')]),
    },
    error: rejected('A paused case does not escalate', 'CASE_PAUSED', 'case is paused; resume it before escalating'),
  },
  'promise-to-pay': {
    request: { installment: { summary: 'Installment 4 by the end of the month', value: { amount: 210_000, date: '2026-11-30' } } },
    response: {
      summary: 'The ladder waits for the promise; it falls due at the end of 30 November',
      value: afterCommand(
        [logged('promise-to-pay', 'promise to pay 210000 CNY by 2026-11-30; escalation waits until then', { amount: 210_000, date: '2026-11-30' })],
        {
          holds: [{ kind: 'promise-to-pay', reason: 'promised 210000 by 2026-11-30', actor: SUPERVISOR, since: AT, amount: 210_000, until: '2026-12-01T00:00:00.000Z' }],
          waitingFor: [{ kind: 'promise-date', reason: 'the promise to pay 210000 CNY by 2026-11-30', until: '2026-12-01T00:00:00.000Z' }, CALL_WAIT],
        },
      ),
    },
    error: rejected('One promise at a time', 'PROMISE_OPEN', 'the case already has an open promise to pay'),
  },
  dispute: {
    request: { paid: { summary: 'The debtor says the installment was paid', value: { reason: DISPUTE_REASON } } },
    response: {
      summary: 'Outreach held until the dispute is resolved',
      value: afterCommand([logged('dispute', `disputed: ${DISPUTE_REASON}; outreach held until resolved`)], {
        holds: [{ kind: 'dispute', reason: DISPUTE_REASON, actor: SUPERVISOR, since: AT }],
        waitingFor: [{ kind: 'release', reason: `the dispute to be resolved (${DISPUTE_REASON})` }, CALL_WAIT],
      }),
    },
    error: rejected('Already disputed', 'ALREADY_DISPUTED', 'case is already under dispute'),
  },
  'resolve-dispute': {
    request: {
      upheld: { summary: 'The debt stands: collection goes on', value: { outcome: 'upheld', reason: 'The bank statement shows no transfer' } },
      withdrawn: { summary: 'The lender withdraws: the case closes', value: { outcome: 'withdrawn-by-lender', reason: 'Transfer found: installment 4 was paid' } },
    },
    response: {
      summary: 'Upheld: the hold is lifted and the ladder goes on',
      value: afterCommand([logged('resolve-dispute', 'dispute resolved (upheld): The bank statement shows no transfer', { outcome: 'upheld' })]),
    },
    error: rejected('No dispute open', 'NOT_DISPUTED', 'case has no open dispute'),
  },
  'cease-contact': {
    request: { written: { summary: 'A written cease-communication request', value: { reason: CEASE_REASON } } },
    response: {
      summary: 'Channels that reach the debtor are silenced; legal and review steps may still run',
      value: afterCommand([logged('cease-contact', `cease contact: ${CEASE_REASON}`)], {
        holds: [{ kind: 'cease-contact', reason: CEASE_REASON, actor: SUPERVISOR, since: AT }],
      }),
    },
    error: rejected('Contact already ceased', 'ALREADY_CEASED', 'contact has already ceased on this case'),
  },
  'assign-agency': {
    request: { agency: { summary: 'Place with an agency', value: { agency: AGENCY, reason: 'Debtor moved out of Shanghai; no field visit possible' } } },
    response: {
      summary: 'Placed',
      value: afterCommand(
        [
          logged('assign-agency', `assigned to agency ${AGENCY}: Debtor moved out of Shanghai; no field visit possible`, { agency: AGENCY }),
          {
            type: 'action',
            reason: `agency ${AGENCY}: placed with agency ${AGENCY} as ${PLACEMENT_REF}`,
            data: { step: 'supervisor-assignment', channel: 'agency', seq: 8, status: 'sent', providerRef: PLACEMENT_REF },
          },
        ],
        { agency: { name: AGENCY, placedAt: AT } },
      ),
    },
    error: rejected('Already with an agency', 'AGENCY_ASSIGNED', `case is already with agency ${AGENCY}; recall it first`),
  },
  'recall-agency': {
    request: { recall: { summary: 'Take the case back', value: { reason: 'Nothing collected in 30 days' } } },
    response: {
      summary: 'Recalled: the case is the lender\'s again',
      value: afterCommand([
        logged('recall-agency', `recalled from agency ${AGENCY}: Nothing collected in 30 days`, { agency: AGENCY }),
        {
          type: 'action',
          reason: `recalled from agency ${AGENCY} (strategy-change)`,
          data: { channel: 'agency', seq: 9, placementRef: PLACEMENT_REF, reason: 'strategy-change', status: 'recalled' },
        },
      ]),
    },
    error: rejected('Not with an agency', 'NO_AGENCY', 'case is not with an agency'),
  },
  close: {
    request: {
      'written-off': { summary: 'Written off: collection on the loan ends for good', value: { reason: WRITE_OFF_REASON, outcome: 'written-off' } },
      closed: { summary: 'Closed, with no other outcome', value: { reason: 'Opened in error: the loan was restructured on 2026-10-10' } },
    },
    response: {
      summary: 'Written off',
      value: afterCommand([logged('close', `close requested (written-off): ${WRITE_OFF_REASON}`, { outcome: 'written-off' })], {
        status: 'closed',
        closure: { outcome: 'written-off', reason: WRITE_OFF_REASON, actor: SUPERVISOR, at: AT },
        nextAction: null,
        waitingFor: [],
      }),
    },
    error: {
      summary: 'Closed already',
      value: {
        error: {
          code: 'CASE_CLOSED',
          message: `Case ${CASE_VIEW_EXAMPLE.caseId} is closed; it takes no more commands (a supervisor reopens it with POST /v1/cases/${CASE_VIEW_EXAMPLE.caseId}/commands/reopen and a reason)`,
        },
      },
    },
  },
  'move-strategy': {
    request: {
      'early-call': { summary: 'To a stored version', value: { strategyId: STRATEGY_EXAMPLE.id, version: STRATEGY_EXAMPLE.version, reason: MOVE_REASON } },
    },
    response: {
      summary: 'On early-call v1 from its next turn',
      value: afterCommand(
        [{ type: 'strategy-moved', reason: `moved from strategy default v1 to early-call v1, variant champion: ${MOVE_REASON}` }],
        { strategy: { id: STRATEGY_EXAMPLE.id, version: STRATEGY_EXAMPLE.version, variant: 'champion' } },
      ),
    },
    error: { summary: 'No such version', value: { error: { code: 'STRATEGY_NOT_FOUND', message: 'Strategy early-call has no version 3' } } },
  },
  'record-reason': {
    request: { 'income-drop': { summary: 'Income drop or job loss, with what was learned', value: { code: 'income-drop', note: REASON_NOTE } } },
    response: {
      summary: 'The latest overdue reason, with its history; reason conditions in the strategy now read income-drop',
      value: afterCommand(
        [{ type: 'reason', reason: `overdue reason income-drop recorded by a supervisor: ${REASON_NOTE}`, data: { code: 'income-drop', note: REASON_NOTE, source: 'supervisor' } }],
        {
          overdueReason: { code: 'income-drop', note: REASON_NOTE, actor: SUPERVISOR, source: 'supervisor', at: AT },
          overdueReasons: [{ code: 'income-drop', note: REASON_NOTE, actor: SUPERVISOR, source: 'supervisor', at: AT }],
        },
      ),
    },
    error: rejected('A run from before overdue reasons', 'NOT_IN_THIS_RUN', 'this run of case case-CN-LN-000184 started before the record-reason command existed; it takes it once the case continues as new'),
  },  'propose-plan': {
    request: {
      'past-due': { summary: 'What is past due now, in six monthly payments', value: { payments: 6, firstDate: '2026-11-20', note: PLAN_NOTE } },
      total: { summary: 'A total and an interval of its own', value: { payments: 4, firstDate: '2026-11-20', intervalDays: 14, total: 420_000 } },
    },
    response: {
      summary: 'Proposed: the debtor is to accept it; the ladder goes on until then',
      value: afterCommand(
        [
          {
            type: 'plan-proposed',
            reason: `repayment plan proposed: 420000 CNY in 6 payment(s), every 30 days from 2026-11-20 to ${LAST_PLAN_DATE}: ${PLAN_NOTE}`,
            data: { payments: 6, firstDate: '2026-11-20', intervalDays: 30, total: 420_000 },
          },
        ],
        { repaymentPlan: repaymentPlanView(PROPOSED_PLAN, Date.parse(AT)) },
      ),
    },
    error: rejected('Payments below the policy\'s smallest', 'PLAN_PAYMENT_TOO_SMALL', 'a payment of 5000 is below the policy\'s smallest payment of 10000'),
  },
  'accept-plan': {
    request: { phone: { summary: 'The debtor agreed on the phone', value: { channel: 'phone' } } },
    response: {
      summary: 'Active: a repayment-plan hold stops the ladder; the case waits for each payment until its grace ends',
      value: afterCommand(
        [
          {
            type: 'plan-accepted',
            reason: 'repayment plan accepted by the debtor (phone): 6 payment(s) from 2026-11-20; the ladder waits while each payment is made',
            data: { channel: 'phone', restructuredOn: AT.slice(0, 10) },
          },
        ],
        {
          holds: [{ kind: 'repayment-plan', reason: 'repayment plan of 6 payment(s) accepted by the debtor (phone)', actor: SUPERVISOR, since: AT }],
          waitingFor: [
            { kind: 'plan-payment', reason: `plan payment 1 of 6: 70000 CNY due 2026-11-20, grace ends ${FIRST_GRACE_END}`, until: FIRST_GRACE_END },
            CALL_WAIT,
          ],
          repaymentPlan: repaymentPlanView(ACCEPTED_PLAN, Date.parse(AT)),
        },
      ),
    },
    error: rejected('No plan proposed', 'NO_PLAN_PROPOSED', 'no repayment plan is proposed; propose one first'),
  },
  'cancel-plan': {
    request: { 'new-terms': { summary: 'To propose other terms', value: { reason: PLAN_CANCEL_REASON } } },
    response: {
      summary: 'Cancelled: the hold goes and the ladder resumes at the DPD reached',
      value: afterCommand([{ type: 'plan-cancelled', reason: `active repayment plan cancelled: ${PLAN_CANCEL_REASON}; the ladder resumes`, data: { was: 'active' } }], {
        repaymentPlan: repaymentPlanView({ ...ACCEPTED_PLAN, status: 'cancelled', ended: { actor: SUPERVISOR, reason: PLAN_CANCEL_REASON, atMs: Date.parse(AT) } }, Date.parse(AT)),
      }),
    },
    error: rejected('No plan to cancel', 'NO_OPEN_PLAN', 'the case has no proposed or active repayment plan'),
  },
  'offer-settlement': {
    request: {
      'needs-approval': { summary: '30% off, above the 20% threshold: a second person must approve', value: { amount: 441_000, by: '2026-12-10', reason: SETTLEMENT_REASON } },
      'offered-at-once': { summary: '10% off, within the threshold: offered at once', value: { amount: 567_000, by: '2026-12-10' } },
    },
    response: {
      summary: 'Pending approval: the ladder goes on until a second person approves',
      value: afterCommand(
        [
          {
            type: 'settlement-offered',
            reason: `settlement of 441000 CNY (30% off the balance 630000) by 2026-12-10 proposed; the discount is above the policy's 20%, so a second person must approve it, and the ladder goes on meanwhile: ${SETTLEMENT_REASON}`,
            data: { status: 'pending-approval', amount: 441_000, balance: 630_000, discountPercent: 30, by: '2026-12-10', needsApproval: true },
          },
        ],
        {
          settlement: SETTLEMENT_PENDING,
          waitingFor: [
            ...CASE_VIEW_EXAMPLE.waitingFor.slice(0, 1),
            { kind: 'settlement-approval', reason: `a second person's approval of the settlement of 441000 (30% off) proposed by ${SUPERVISOR}` },
            CALL_WAIT,
          ],
        },
      ),
    },
    error: rejected(
      'More than the largest discount',
      'DISCOUNT_TOO_LARGE',
      "a discount of 70% of the balance 630000 is more than the policy's largest, 60%: offer at least 252000",
    ),
  },
  'approve-settlement': {
    request: { approve: { summary: 'A second supervisor approves', value: { reason: 'Hardship confirmed with the payroll letter' } } },
    response: {
      summary: 'Offered: the case waits in arrangement for the settlement date',
      value: afterCommand(
          [
            {
              type: 'settlement-approved',
              reason: `settlement of 441000 by 2026-12-10 proposed by ${SUPERVISOR} approved and offered: Hardship confirmed with the payroll letter`,
              data: { proposer: SUPERVISOR },
            },
          ],
          {
            stage: 'arrangement',
            settlement: { ...SETTLEMENT_PENDING, status: 'offered', approver: APPROVER },
            holds: [SETTLEMENT_HOLD],
            waitingFor: [SETTLEMENT_WAIT, CALL_WAIT],
          },
        ),
    },
    error: rejected(
      'The proposer cannot approve (four eyes)',
      'FOUR_EYES',
      `${SUPERVISOR} proposed this settlement and cannot approve it too: a second person must approve a discount above the threshold (four eyes)`,
    ),
  },
  'reject-settlement': {
    request: { reject: { summary: 'Turn the offer down', value: { reason: 'Discount not justified: the debtor has savings' } } },
    response: {
      summary: 'Rejected: the ladder goes on',
      value: afterCommand(
        [{ type: 'settlement-rejected', reason: 'settlement of 441000 by 2026-12-10 rejected (pending-approval): Discount not justified: the debtor has savings; the ladder goes on', data: { was: 'pending-approval' } }],
        { settlement: { ...SETTLEMENT_PENDING, status: 'rejected' } },
      ),
    },
    error: rejected('Nothing to reject', 'NO_OPEN_SETTLEMENT', 'the case has no settlement pending approval or offered'),
  },
  'hardship-hold': {
    request: { illness: { summary: 'Until the end of January, for an illness', value: { reason: HARDSHIP_REASON, until: '2027-01-31', code: 'illness' } } },
    response: {
      summary: 'Contact and the ladder wait until the hold ends; a timer lifts it then',
      value: afterCommand(
        [
          {
            type: 'hardship-hold',
            reason: `hardship hold until 2027-01-31 (illness): ${HARDSHIP_REASON}; contact and the ladder wait until it ends`,
            data: { until: '2027-01-31', code: 'illness' },
          },
        ],
        {
          holds: [{ kind: 'hardship', reason: HARDSHIP_REASON, actor: SUPERVISOR, since: AT, until: '2027-02-01T00:00:00.000Z', code: 'illness' }],
          waitingFor: [{ kind: 'hold-end', reason: `the hardship hold by ${SUPERVISOR} (${HARDSHIP_REASON}) to end on 2027-01-31`, until: '2027-02-01T00:00:00.000Z' }, CALL_WAIT],
        },
      ),
    },
    error: rejected('Longer than the policy allows', 'DATE_TOO_FAR', 'until 2027-03-31 is later than the policy allows for a hardship hold: at most 90 days, by 2027-02-14'),
  },
  'end-hardship-hold': {
    request: { early: { summary: 'The debtor is back at work', value: { reason: 'Back at work from 1 December' } } },
    response: {
      summary: 'Lifted: the ladder resumes at the DPD reached',
      value: afterCommand([
        {
          type: 'hardship-ended',
          reason: `hardship hold (${HARDSHIP_REASON}) ended early: Back at work from 1 December; the ladder resumes at the DPD reached`,
          data: { early: true },
        },
      ]),
    },
    error: rejected('No hardship hold', 'NO_HARDSHIP_HOLD', 'the case is not on a hardship hold'),
  },
  'resolve-review': {
    request: {
      'not-confirmed': { summary: 'No fraud found: the hold goes and the ladder resumes', value: { kind: 'fraud-review', outcome: 'not-confirmed', reason: FRAUD_REVIEW_NOTE } },
      confirmed: { summary: 'Identity theft confirmed: the case closes as fraud', value: { kind: 'fraud-review', outcome: 'confirmed', reason: 'Police report 2026-SH-0412 and the bank\'s KYC review agree' } },
    },
    response: {
      summary: 'Not confirmed: the fraud-review hold is lifted and the ladder goes on',
      value: afterCommand([
        logged('resolve-review', `fraud-review review resolved (not-confirmed): ${FRAUD_REVIEW_NOTE}; the ladder resumes`, { kind: 'fraud-review', outcome: 'not-confirmed' }),
      ]),
    },
    error: rejected('No review open', 'NOT_UNDER_REVIEW', 'case has no open fraud-review hold to resolve'),
  },
};

const REOPEN_REASON = 'Closed by mistake: the write-off was not approved';

/** Reopening the example case after a write-off that was not approved. */
export const REOPEN_EXAMPLES = {
  request: { mistake: { summary: 'Reopen a case closed by mistake', value: { reason: REOPEN_REASON } } },
  response: {
    reopened: {
      summary: 'Run 2 of the case: its timeline goes on from the closed run\'s',
      value: afterCommand(
        [
          {
            type: 'opened',
            reason: `case reopened (run 2) on strategy default v1, variant champion: reopened by ${SUPERVISOR}: ${REOPEN_REASON}`,
            data: { variant: 'champion', run: 2 },
          },
        ],
        { run: 2 },
      ),
    },
  },
  error: {
    summary: 'The case is open',
    value: { error: { code: 'CASE_ALREADY_OPEN', message: `Case ${CASE_VIEW_EXAMPLE.caseId} is open; only a closed case can be reopened` } },
  },
} satisfies RouteExamples<z.ZodType>;
