// Examples for the case commands' documentation: the example case (CASE_VIEW_EXAMPLE)
// as each command leaves it. test/api/documents.test.ts checks them against the routes' schemas.
import type { z } from 'zod';
import { placementRefFor, type CaseEvent, type CaseView } from '../../domain';
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
