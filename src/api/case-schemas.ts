// How cases look in responses: the live CaseView the workflow answers with, and
// the read model's list entries.
import { z } from 'zod';
import type { CaseRecord } from '../db/cases';
import { CASE_OUTCOMES, idempotencyKeyFor, OVERDUE_REASON_CODES, PLAN_ACCEPTANCE_CHANNELS, PLAN_STATUSES, SETTLEMENT_STATUSES, STAGES, type CaseView } from '../domain';
import { businessTime, CN_LOAN_EXAMPLE } from './schemas';
import { OPT_OUT_METHODS, OPT_OUT_SCOPES } from '../domain/compliance';

const waitingForSchema = z.object({
  kind: z.enum([
    'step-under-way',
    'contact-deferred',
    'task-outcome',
    'next-step',
    'pause-end',
    'promise-date',
    'release',
    'nothing',
    'settlement-date',
    'hold-end',
    'settlement-approval',
    'plan-payment',
  ]),
  reason: z.string(),
  until: businessTime('When the wait ends by itself').optional(),
});

const overdueReasonEntrySchema = z.object({
  code: z.string().describe(`An overdue reason code: ${OVERDUE_REASON_CODES.join(', ')}`),
  note: z.string().optional(),
  actor: z.string().describe('Who recorded it: the agent or the supervisor, or debtor:<channel> for the debtor\'s own reply'),
  source: z.enum(['agent', 'supervisor', 'debtor']),
  channel: z.string().describe('For the debtor\'s: the channel the reply came on, e.g. sms').optional(),
  at: businessTime('When it was recorded'),
  taskId: z.string().describe('The task whose outcome carried it, for an agent\'s').optional(),
});

const settlementSchema = z.object({
  status: z.enum(SETTLEMENT_STATUSES).describe('pending-approval (a second person must approve), offered (the ladder waits for its date), or how it ended'),
  amount: z.number().int().describe('What the debtor pays to settle, in minor units'),
  balance: z.number().int().describe('The outstanding balance when the offer was made'),
  discountPercent: z.number().describe('The discount in percent of that balance'),
  by: z.string().describe('The last business day to pay (YYYY-MM-DD)'),
  proposer: z.string(),
  approver: z.string().nullable().describe('Who approved a discount above the threshold; never the proposer (four eyes)'),
  needsApproval: z.boolean(),
  paidSoFar: z.number().int().describe('Payments received since the offer was made'),
  writtenOff: z.number().int().describe('What was written off when the settlement was paid').optional(),
  reason: z.string().optional(),
  proposedAt: businessTime('When the offer was made'),
});

const repaymentPlanSchema = z.object({
  status: z.enum(PLAN_STATUSES),
  total: z.number().int().describe('Minor units the plan pays in all'),
  paidSoFar: z.number().int().describe('Minor units paid toward the plan since it was accepted'),
  intervalDays: z.number().int(),
  graceDays: z.number().int().describe('Days after a payment\'s due date before it counts as missed'),
  payments: z.array(
    z.object({
      seq: z.number().int(),
      dueDate: z.string().describe('YYYY-MM-DD'),
      amount: z.number().int(),
      paid: z.number().int().describe('What of this payment is paid: payments count toward the plan oldest first'),
      status: z.enum(['paid', 'due', 'upcoming', 'missed']),
      graceEndsAt: businessTime('When the payment counts as missed if not made'),
    }),
  ),
  proposedBy: z.string(),
  proposedAt: businessTime('When the plan was proposed'),
  note: z.string().optional(),
  accepted: z.object({ actor: z.string(), channel: z.enum(PLAN_ACCEPTANCE_CHANNELS), at: businessTime('When the debtor accepted') }).nullable(),
  ended: z.object({ actor: z.string(), reason: z.string(), at: businessTime('When the plan ended') }).nullable(),
});

/** The case view (see CaseView): documented by its main fields, returned whole. */
export const caseViewSchema = z.looseObject({
  caseId: z.string(),
  loanId: z.string(),
  run: z.number().int().describe('1 for the loan\'s first case, one more each time it reopened').optional(),
  status: z.enum(['open', 'closed']),
  stage: z.enum(STAGES),
  daysPastDue: z.number().int().describe('As of `asOf`: now, for an open case'),
  bucket: z.string(),
  classification: z.object({
    scheme: z.string(),
    name: z.string(),
    npl: z.boolean(),
    reason: z
      .string()
      .describe('Why this grade: the DPD and its range, or the floor of a restructuring under observation. Absent on views recorded before reasons were kept')
      .optional(),
    observedUntil: z
      .string()
      .describe('While a restructured loan is observed: the day (YYYY-MM-DD) the observation ends, from which DPD alone grades it again')
      .optional(),
  }),
  delinquentSince: z.string().nullable().describe('The oldest unpaid due date (YYYY-MM-DD): DPD counts from it').optional(),
  restructuredOn: z
    .string()
    .nullable()
    .describe('The day (YYYY-MM-DD) the loan was last restructured: the grade stays at the scheme\'s floor (次级) while it is observed')
    .optional(),
  asOf: businessTime('The time the figures are as of').optional(),
  segment: z.string().nullable(),
  score: z.number().nullable(),
  balance: z.number().int(),
  currency: z.string(),
  paused: z
    .looseObject({
      reason: z.string(),
      actor: z.string(),
      since: businessTime('When the pause began'),
      until: businessTime('When the case resumes by itself; absent until a supervisor resumes it').optional(),
    })
    .nullable(),
  holds: z.array(
    z.looseObject({
      kind: z.string(),
      reason: z.string(),
      actor: z.string(),
      since: businessTime('When the hold began'),
      until: businessTime('For a promise to pay: when it falls due, the end of the promised day; for a settlement or a hardship hold, when it ends').optional(),
      code: z.string().describe('For a hardship hold: the overdue reason behind it').optional(),
    }),
  ),
  nextAction: z.looseObject({ at: businessTime('When the case next moves'), step: z.string().optional(), reason: z.string() }).nullable(),
  waitingFor: z
    .array(waitingForSchema)
    .describe('What the case waits for and until when (business time); the first entry holds its next move')
    .optional(),
  closure: z
    .looseObject({ outcome: z.enum(CASE_OUTCOMES), reason: z.string(), actor: z.string(), at: businessTime('When the case closed') })
    .nullable()
    .optional(),
  assessment: z
    .looseObject({
      scorecard: z.string(),
      score: z.number(),
      baseScore: z.number(),
      segment: z.string(),
      ability: z.number(),
      willingness: z.number(),
      contributions: z.array(
        z.object({
          feature: z.string(),
          dimension: z.enum(['ability', 'willingness']),
          value: z.number().nullable(),
          bin: z.string(),
          points: z.number().describe('What this feature adds to the base score'),
        }),
      ),
    })
    .nullable()
    .describe('The scorecard\'s last assessment, each feature\'s contribution explained; null before the first')
    .optional(),
  strategy: z.object({ id: z.string(), version: z.number().int(), variant: z.string() }),
  agency: z.object({ name: z.string(), placedAt: businessTime('When the case was placed') }).nullable(),
  completedSteps: z.array(z.string()).describe('Ladder steps done or skipped, in the order the case passed them').optional(),
  stepOutcomes: z.record(z.string(), z.string()).describe('The outcome of each step that ran').optional(),
  overdueReason: overdueReasonEntrySchema.nullable().describe('The latest overdue reason (逾期原因), null before any; absent in views from before reasons').optional(),
  overdueReasons: z.array(overdueReasonEntrySchema).describe('Every overdue reason recorded, oldest first').optional(),
  repaymentPlan: repaymentPlanSchema
    .nullable()
    .describe('The latest repayment plan (分期), whatever its status, with each payment\'s; null when none was proposed; absent in views from before plans')
    .optional(),
  eventCount: z.number().int().describe('Events recorded so far, across runs: the seq of the latest').optional(),
  actionCount: z.number().int().describe('Outbound actions numbered so far, across runs').optional(),
  recentEvents: z.array(
    z.looseObject({ seq: z.number().int(), at: businessTime('When it happened'), type: z.string(), actor: z.string(), reason: z.string() }),
  ),
  settlement: settlementSchema.nullable().describe('The latest settlement offer (减免 / 和解), open or over; null when none; absent in views from before settlements').optional(),
});

const contactDetailsSchema = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  nationalId: z.string().optional(),
  email: z.string().optional(),
  emailIsWork: z.boolean().optional().describe('The address is one the employer gives the debtor; Reg F forbids e-mail to it'),
  appUserId: z.string().optional(),
  imId: z.string().optional(),
});

/** What the case page shows beside the view (see CaseParticulars). */
export const caseParticularsSchema = z.object({
  loan: z
    .object({
      principal: z.number().int(),
      outstanding: z.number().int(),
      currency: z.string(),
      product: z.string(),
      installments: z.array(z.object({ seq: z.number().int(), dueDate: z.string(), amountDue: z.number().int(), amountPaid: z.number().int() })),
      lastPaymentDate: z.string().nullable(),
      debtor: z.object({ country: z.string(), timeZone: z.string(), locale: z.string() }),
    })
    .nullable()
    .describe('The loan as the loan book holds it, amounts in minor units; null when the loan book no longer has it'),
  contact: contactDetailsSchema
    .nullable()
    .describe('The debtor\'s contact details, masked; null when the loan system sent none. `POST /v1/cases/{caseId}/contact/reveal` shows them whole and records who did'),
  ladder: z
    .array(
      z.object({
        step: z.string(),
        atDpd: z.number().int(),
        channels: z.array(z.string()),
        status: z.enum(['done', 'skipped', 'due', 'next', 'later']).describe('due: reached and not done, so under way now or held by a pause or hold'),
        outcome: z.string().optional().describe('A done step\'s outcome'),
        reason: z.string().optional().describe('Why a step was skipped, while the case\'s recent events still say (the timeline always does)'),
      }),
    )
    .nullable()
    .describe('The case\'s ladder (strategy version, variant, segment), each step done, skipped, due, next or later; null before the case has a segment'),
  payments: z.array(z.object({ reference: z.string(), amount: z.number().int(), date: z.string(), applied: z.boolean() })).describe('Newest first, at most 100'),
  contacts: z
    .array(
      z.object({
        seq: z.number().int(),
        at: businessTime('When the attempt was made'),
        step: z.string(),
        channel: z.string(),
        status: z.enum(['pending', 'sent', 'deferred', 'denied', 'failed']),
        verdict: z.enum(['allowed', 'deferred', 'refused']).describe('The compliance guard\'s verdict'),
        rule: z.string().nullable().describe('The rule that decided'),
        profile: z.string().nullable(),
        reason: z.string().nullable(),
        deferredUntil: businessTime('When a deferred attempt may be tried again').nullable(),
        outcome: z.string().nullable(),
        deliveryStatus: z.string().nullable(),
      }),
    )
    .describe('The case\'s contact attempts, oldest first, the latest 100'),
  optOuts: z
    .array(
      z.object({
        scope: z.enum(OPT_OUT_SCOPES).describe('The channel the debtor stopped, or all-electronic (text messages, e-mail, app push and messaging)'),
        at: businessTime('When the debtor opted out'),
        method: z.enum(OPT_OUT_METHODS).describe("link-page (the message's opt-out page), one-click (a mail client's), sms-reply (STOP), supervisor"),
        actor: z.string().describe('debtor, or the supervisor who recorded it'),
        note: z.string().nullable().describe("A supervisor's note of how the debtor asked"),
        loanId: z.string().describe("The loan whose message or case it came through: an opt-out is the debtor's, across their loans"),
        messageKey: z.string().nullable().describe('The idempotency key of the message whose link or reply carried it'),
      }),
    )
    .describe("The debtor's opt-outs: the compliance guard denies every attempt on the channels they name"),
});

export const revealedContactSchema = z.object({
  caseId: z.string(),
  loanId: z.string(),
  contact: contactDetailsSchema.describe('Whole; empty when the loan system sent none'),
  revealedBy: z.string(),
  revealedAt: businessTime('When the reveal was recorded'),
});

export const caseSummarySchema = z.object({
  caseId: z.string(),
  loanId: z.string(),
  run: z.number().int(),
  status: z.enum(['open', 'closed']),
  stage: z.enum(STAGES),
  daysPastDue: z.number().int(),
  bucket: z.string(),
  classification: z.string(),
  npl: z.boolean(),
  classificationReason: z.string().nullable().describe('Why this grade; null on rows written before reasons were kept'),
  restructuredOn: z.string().nullable().describe('The day (YYYY-MM-DD) the loan was last restructured, null when never'),
  delinquentSince: z.string().nullable(),
  closureOutcome: z.enum(CASE_OUTCOMES).nullable(),
  segment: z.string().nullable(),
  paused: z.boolean(),
  agency: z.string().nullable(),
  balance: z.number().int(),
  currency: z.string(),
  strategyVersion: z.string(),
  /** Null on rows written before the variant was kept. */
  variant: z.string().nullable(),
  nextActionAt: businessTime('When the case next moves').nullable(),
  updatedAt: z.string(),
});

export function caseSummary(record: CaseRecord): z.infer<typeof caseSummarySchema> {
  return {
    caseId: record.caseId,
    loanId: record.loanId,
    run: record.run ?? 1,
    status: record.status,
    stage: record.stage,
    daysPastDue: record.daysPastDue,
    bucket: record.bucket,
    classification: record.classification,
    npl: record.npl,
    classificationReason: record.classificationReason ?? null,
    restructuredOn: record.restructuredOn ?? null,
    delinquentSince: record.delinquentSince ?? null,
    closureOutcome: record.closureOutcome ?? null,
    segment: record.segment,
    paused: record.paused,
    agency: record.agency,
    balance: record.balance,
    currency: record.currency,
    strategyVersion: record.strategyVersion,
    variant: record.variant ?? null,
    nextActionAt: record.nextActionAt ? new Date(record.nextActionAt).toISOString() : null,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

const { loan } = CN_LOAN_EXAMPLE;
const caseId = `case-${loan.loanId}`;
const DPD30_STEP = 'dpd30-second-demand';
const DPD30_DECISION = `DPD 30 (medium-risk, strategy default v1 champion): step ${DPD30_STEP} for DPD 30 is due: letter, phone; next step at DPD 60`;
const NEXT_STEP = 'next step dpd60-field-visit or dpd60-agency-placement at DPD 60, on 2026-12-14';

/** The call the DPD 30 step queued for an agent: the task examples are this one. */
export const CALL_TASK_ID_EXAMPLE = idempotencyKeyFor(caseId, 7);

/**
 * The CN loan's case two days after its DPD 30 step: a demand letter went out and
 * a call waits for an agent. Command examples show it after each command.
 */
export const CASE_VIEW_EXAMPLE: CaseView = {
  caseId,
  loanId: loan.loanId,
  run: 1,
  status: 'open',
  stage: 'follow-up',
  daysPastDue: 32,
  bucket: 'M2',
  classification: { scheme: 'loan-default', name: '关注', npl: false, reason: 'DPD 32: 关注 (1–90 DPD)' },
  delinquentSince: '2026-10-15',
  restructuredOn: null,
  segment: 'medium-risk',
  score: 540,
  assessment: {
    scorecard: 'behaviour-v1',
    score: 540,
    baseScore: 500,
    segment: 'medium-risk',
    ability: 20,
    willingness: 20,
    contributions: [
      { feature: 'dpd', dimension: 'ability', value: 1, bin: '1-30 days', points: 20 },
      { feature: 'outstandingRatio', dimension: 'ability', value: 0.525, bin: '50-75% of principal', points: 0 },
      { feature: 'priorDelinquencies', dimension: 'willingness', value: 1, bin: 'one', points: 10 },
      { feature: 'promisesKept', dimension: 'willingness', value: 0, bin: 'none', points: 0 },
      { feature: 'promisesBroken', dimension: 'willingness', value: 0, bin: 'none', points: 0 },
      { feature: 'contactSuccessRate', dimension: 'willingness', value: null, bin: 'not yet attempted', points: 0 },
      { feature: 'daysSinceLastPayment', dimension: 'willingness', value: 32, bin: '31-90 days', points: 10 },
    ],
  },
  balance: loan.outstanding,
  currency: loan.currency,
  paused: null,
  holds: [],
  nextAction: { at: '2026-12-14T00:00:00.000Z', atDpd: 60, step: 'dpd60-field-visit or dpd60-agency-placement', reason: NEXT_STEP },
  waitingFor: [
    { kind: 'next-step', reason: NEXT_STEP, until: '2026-12-14T00:00:00.000Z' },
    { kind: 'task-outcome', reason: `the outcome of call task ${CALL_TASK_ID_EXAMPLE} (step ${DPD30_STEP})` },
  ],
  strategy: { id: 'default', version: 1, variant: 'champion' },
  agency: null,
  completedSteps: ['dpd1-reminder', 'dpd3-courtesy-call', 'dpd7-reminder-and-call', 'dpd15-demand-letter', DPD30_STEP],
  stepOutcomes: {
    'dpd1-reminder': 'delivered',
    'dpd3-courtesy-call': 'no-contact',
    'dpd7-reminder-and-call': 'contacted',
    'dpd15-demand-letter': 'delivered',
    [DPD30_STEP]: 'delivered',
  },
  promisesKept: 0,
  promisesBroken: 0,
  closure: null,
  overdueReason: null,
  overdueReasons: [],
  repaymentPlan: null,
  eventCount: 41,
  actionCount: 7,
  recentEvents: [
    { seq: 36, at: '2026-11-14T00:00:00.212Z', type: 'decision', actor: 'system', reason: DPD30_DECISION, data: { dpd: 30, nextWakeAtDpd: 60 } },
    { seq: 37, at: '2026-11-14T00:00:00.212Z', type: 'stage', actor: 'system', reason: DPD30_DECISION, data: { from: 'strategy', to: 'collect' } },
    {
      seq: 38,
      at: '2026-11-14T00:00:01.034Z',
      type: 'action',
      actor: 'system',
      reason: `letter for step ${DPD30_STEP}: demand-letter-2 letter accepted, tracking LTR-7Q2K9XW`,
      data: { step: DPD30_STEP, channel: 'letter', seq: 6, status: 'sent', outcome: 'delivered', providerRef: 'LTR-7Q2K9XW' },
    },
    {
      seq: 39,
      at: '2026-11-14T00:00:01.587Z',
      type: 'action',
      actor: 'system',
      reason: `phone for step ${DPD30_STEP}: phone task queued in senior`,
      data: { step: DPD30_STEP, channel: 'phone', seq: 7, status: 'sent', outcome: 'no-contact', providerRef: CALL_TASK_ID_EXAMPLE },
    },
    {
      seq: 40,
      at: '2026-11-14T00:00:01.587Z',
      type: 'action',
      actor: 'system',
      reason: `step ${DPD30_STEP} done: delivered`,
      data: { step: DPD30_STEP, outcome: 'delivered' },
    },
    { seq: 41, at: '2026-11-14T00:00:01.601Z', type: 'stage', actor: 'system', reason: DPD30_DECISION, data: { from: 'collect', to: 'follow-up' } },
  ],
  asOf: '2026-11-16T03:00:00.000Z',
  settlement: null,
};

/** What the example case's page shows beside its view: its contact masked, its ladder, a payment, its attempts. */
export const CASE_PARTICULARS_EXAMPLE: z.infer<typeof caseParticularsSchema> = {
  loan: {
    principal: loan.principal,
    outstanding: loan.outstanding,
    currency: loan.currency,
    product: loan.product,
    installments: loan.installments,
    lastPaymentDate: loan.lastPaymentDate,
    debtor: { country: loan.debtor.country, timeZone: loan.debtor.timeZone, locale: loan.debtor.locale },
  },
  contact: { name: '王*', phone: '+*********8000', address: '上海市********', nationalId: '**************0028' },
  ladder: [
    { step: 'dpd1-reminder', atDpd: 1, channels: ['sms'], status: 'done', outcome: 'delivered' },
    { step: 'dpd3-courtesy-call', atDpd: 3, channels: ['phone'], status: 'done', outcome: 'no-contact' },
    { step: 'dpd7-reminder-and-call', atDpd: 7, channels: ['sms', 'phone'], status: 'done', outcome: 'contacted' },
    { step: 'dpd15-demand-letter', atDpd: 15, channels: ['letter'], status: 'done', outcome: 'delivered' },
    { step: DPD30_STEP, atDpd: 30, channels: ['letter', 'phone'], status: 'done', outcome: 'delivered' },
    { step: 'dpd60-field-visit', atDpd: 60, channels: ['field-visit'], status: 'next' },
    { step: 'dpd60-agency-placement', atDpd: 60, channels: ['agency'], status: 'next' },
    { step: 'dpd90-final-demand', atDpd: 90, channels: ['letter', 'legal-review'], status: 'later' },
  ],
  payments: [{ reference: 'PAY-CN-88213', amount: 210_000, date: '2026-09-14', applied: true }],
  contacts: [
    {
      seq: 6,
      at: '2026-11-14T00:00:01.034Z',
      step: DPD30_STEP,
      channel: 'letter',
      status: 'sent',
      verdict: 'allowed',
      rule: null,
      profile: 'cn-nifa',
      reason: 'allowed',
      deferredUntil: null,
      outcome: 'delivered',
      deliveryStatus: 'mailed',
    },
    {
      seq: 7,
      at: '2026-11-14T00:00:01.587Z',
      step: DPD30_STEP,
      channel: 'phone',
      status: 'deferred',
      verdict: 'deferred',
      rule: 'nifa-quiet-22-08',
      profile: 'cn-nifa',
      reason: 'no collection contact 22:00-08:00 Asia/Shanghai',
      deferredUntil: '2026-11-14T00:00:00.000Z',
      outcome: null,
      deliveryStatus: null,
    },
  ],
  optOuts: [
    {
      scope: 'email',
      at: '2026-11-02T01:12:40.000Z',
      method: 'one-click',
      actor: 'debtor',
      note: null,
      loanId: loan.loanId,
      messageKey: `${CASE_VIEW_EXAMPLE.caseId}:4`,
    },
  ],
};

/** The same case had its loan been restructured on 2026-09-01: held at 次级 until a year later, though 32 DPD alone is 关注. */
export const RESTRUCTURED_CASE_VIEW_EXAMPLE: CaseView = {
  ...CASE_VIEW_EXAMPLE,
  restructuredOn: '2026-09-01',
  classification: {
    scheme: 'loan-default',
    name: '次级',
    npl: true,
    reason: 'restructured on 2026-09-01, observed until 2027-09-01: at least 次级 (DPD 32 alone gives 关注)',
    observedUntil: '2027-09-01',
  },
};

/** The same case as the read model lists it. */
export const CASE_SUMMARY_EXAMPLE: z.infer<typeof caseSummarySchema> = {
  caseId,
  loanId: loan.loanId,
  run: 1,
  status: 'open',
  stage: CASE_VIEW_EXAMPLE.stage,
  daysPastDue: CASE_VIEW_EXAMPLE.daysPastDue,
  bucket: CASE_VIEW_EXAMPLE.bucket,
  classification: CASE_VIEW_EXAMPLE.classification.name,
  npl: false,
  classificationReason: CASE_VIEW_EXAMPLE.classification.reason!,
  restructuredOn: null,
  delinquentSince: CASE_VIEW_EXAMPLE.delinquentSince,
  closureOutcome: null,
  segment: CASE_VIEW_EXAMPLE.segment,
  paused: false,
  agency: null,
  balance: CASE_VIEW_EXAMPLE.balance,
  currency: CASE_VIEW_EXAMPLE.currency,
  strategyVersion: 'default@1',
  variant: 'champion',
  nextActionAt: CASE_VIEW_EXAMPLE.nextAction!.at,
  updatedAt: '2026-11-14T00:00:01.644Z',
};
