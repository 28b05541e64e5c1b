// A form for each command the API offers a supervisor, with its validation.
// A command the case cannot take now is disabled with the reason; one the API
// still refuses (the case changed meanwhile) shows the API's own reason, and
// the page reads the case again.
import { api, type CaseView } from '../api/client';
import { businessDayOf, instantOfLocalInput } from '../format';
import { useI18n, type Translate } from '../i18n';
import type { MessageKey } from '../messages';
import { useSession } from '../session';
import { ARREARS_REASON_WORDS, type ArrearsReasonCode } from '../agent/outcome-report';
import { CommandForm, REASON_MAX, type CommandField, type CommandFormProps } from './case-command-form';

const AGENCY_MAX = 100;
const CLOSE_OUTCOMES = ['closed', 'written-off', 'deceased', 'fraud', 'sold', 'settled'] as const;
const DISPUTE_OUTCOMES = ['upheld', 'withdrawn-by-lender'] as const;
const PLAN_CHANNELS = ['phone', 'field-visit', 'sms', 'letter', 'email', 'app', 'web', 'in-person'] as const;
const PLAN_PAYMENTS_MAX = 120;
const REVIEW_KINDS = ['fraud-review', 'deceased'] as const;
const REVIEW_OUTCOMES = ['confirmed', 'not-confirmed'] as const;

/** `agentMay`: an agent may give it too (a plan is agreed on the phone or at the door). */
type Command = Omit<CommandFormProps, 'onChanged' | 'disabledBecause'> & { key: string; notNow?: string; agentMay?: true };

const currencyDigits = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** The currency's minor units in a major-unit amount ("1234.5" CNY is 123450 fen); undefined when it does not read as one. */
function minorUnits(text: string, currency: string): number | undefined {
  const digits = currencyDigits(currency);
  const match = new RegExp(`^(\\d+)(?:\\.(\\d{1,${digits}}))?$`).exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
  return amount > 0 && Number.isSafeInteger(amount) ? amount : undefined;
}

function reasonField(t: Translate, required: boolean): CommandField {
  return {
    name: 'reason',
    label: t(required ? 'commands.reason' : 'commands.reasonOptional'),
    kind: 'textarea',
    required,
    maxLength: REASON_MAX,
    check: (value) => (required && !value ? t('commands.reasonRequired') : value.length > REASON_MAX ? t('commands.reasonTooLong') : undefined),
  };
}

const optional = (value: string) => (value ? value : undefined);

/** Every command, its fields, its call and why the case cannot take it now; `me` is the signed-in user. */
function commands(view: CaseView, t: Translate, me: string | undefined): Command[] {
  const path = { params: { path: { caseId: view.caseId } } };
  const holds = new Set(view.holds.map((hold) => hold.kind));
  const planStatus = view.repaymentPlan?.status;
  const planOpen = planStatus === 'proposed' || planStatus === 'active';
  const settlementOpen = openSettlement(view);
  const because = (key: MessageKey | false | undefined, values?: Record<string, string>) => (key ? t(key, values) : undefined);
  return [
    {
      key: 'pause',
      title: t('commands.pause'),
      help: t('commands.pause.help'),
      submit: t('commands.pauseSubmit'),
      done: t('commands.done.pause'),
      notNow: because(Boolean(view.paused) && 'commands.disabled.paused'),
      fields: [
        reasonField(t, true),
        {
          name: 'until',
          label: t('commands.until'),
          kind: 'datetime-local',
          check: (value) => (value && new Date(value).getTime() <= Date.now() ? t('commands.untilPast') : undefined),
        },
      ],
      send: ({ reason, until }) =>
        api.POST('/v1/cases/{caseId}/commands/pause', { ...path, body: { reason, ...(until && { until: instantOfLocalInput(until) }) } }),
    },
    {
      key: 'resume',
      title: t('commands.resume'),
      help: t('commands.resume.help'),
      submit: t('commands.resumeSubmit'),
      done: t('commands.done.resume'),
      notNow: because(!view.paused && 'commands.disabled.notPaused'),
      fields: [reasonField(t, false)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/resume', { ...path, body: { reason: optional(reason) } }),
    },
    {
      key: 'escalate',
      title: t('commands.escalate'),
      help: t('commands.escalate.help'),
      submit: t('commands.escalateSubmit'),
      done: t('commands.done.escalate'),
      notNow: because(view.paused ? 'commands.disabled.pausedEscalate' : holds.has('dispute') && 'commands.disabled.disputed'),
      fields: [reasonField(t, true)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/escalate', { ...path, body: { reason } }),
    },
    {
      key: 'promise-to-pay',
      title: t('commands.promise'),
      help: t('commands.promise.help'),
      submit: t('commands.promiseSubmit'),
      done: t('commands.done.promise'),
      notNow: because(holds.has('promise-to-pay') && 'commands.disabled.promiseOpen'),
      fields: [
        {
          name: 'amount',
          label: t('commands.amount', { currency: view.currency }),
          kind: 'number',
          inputMode: 'decimal',
          required: true,
          check: (value) => (minorUnits(value, view.currency) === undefined ? t('commands.amountInvalid', { digits: currencyDigits(view.currency) }) : undefined),
        },
        {
          name: 'date',
          label: t('commands.promiseDate'),
          kind: 'date',
          required: true,
          check: (value) => (!value ? t('commands.dateRequired') : value < businessDayOf(view.asOf ?? new Date().toISOString()) ? t('commands.datePast') : undefined),
        },
      ],
      send: ({ amount, date }) =>
        api.POST('/v1/cases/{caseId}/commands/promise-to-pay', { ...path, body: { amount: minorUnits(amount, view.currency)!, date } }),
    },
    {
      key: 'dispute',
      title: t('commands.dispute'),
      help: t('commands.dispute.help'),
      submit: t('commands.disputeSubmit'),
      done: t('commands.done.dispute'),
      notNow: because(holds.has('dispute') && 'commands.disabled.disputedAlready'),
      fields: [reasonField(t, true)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/dispute', { ...path, body: { reason } }),
    },
    {
      key: 'resolve-dispute',
      title: t('commands.resolveDispute'),
      help: t('commands.resolveDispute.help'),
      submit: t('commands.resolveSubmit'),
      done: t('commands.done.resolve'),
      notNow: because(!holds.has('dispute') && 'commands.disabled.notDisputed'),
      fields: [
        {
          name: 'outcome',
          label: t('commands.disputeOutcome'),
          kind: 'select',
          required: true,
          options: DISPUTE_OUTCOMES.map((value) => ({ value, label: t(`commands.disputeOutcome.${value}`) })),
        },
        reasonField(t, false),
      ],
      send: ({ outcome, reason }) =>
        api.POST('/v1/cases/{caseId}/commands/resolve-dispute', {
          ...path,
          body: { outcome: outcome as (typeof DISPUTE_OUTCOMES)[number], reason: optional(reason) },
        }),
    },
    {
      key: 'cease-contact',
      title: t('commands.cease'),
      help: t('commands.cease.help'),
      submit: t('commands.ceaseSubmit'),
      done: t('commands.done.cease'),
      notNow: because(holds.has('cease-contact') && 'commands.disabled.ceased'),
      fields: [reasonField(t, true)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/cease-contact', { ...path, body: { reason } }),
    },
    {
      key: 'assign-agency',
      title: t('commands.assign'),
      help: t('commands.assign.help'),
      submit: t('commands.assignSubmit'),
      done: t('commands.done.assign'),
      notNow: view.agency
        ? t('commands.disabled.withAgency', { agency: view.agency.name })
        : because((holds.has('dispute') || holds.has('cease-contact')) && 'commands.disabled.contactHeld'),
      fields: [
        {
          name: 'agency',
          label: t('commands.agency'),
          kind: 'text',
          required: true,
          maxLength: AGENCY_MAX,
          check: (value) => (!value || value.length > AGENCY_MAX ? t('commands.agencyRequired') : undefined),
        },
        reasonField(t, false),
      ],
      send: ({ agency, reason }) => api.POST('/v1/cases/{caseId}/commands/assign-agency', { ...path, body: { agency, reason: optional(reason) } }),
    },
    {
      key: 'recall-agency',
      title: t('commands.recall'),
      help: t('commands.recall.help'),
      submit: t('commands.recallSubmit'),
      done: t('commands.done.recall'),
      notNow: because(!view.agency && 'commands.disabled.noAgency'),
      fields: [reasonField(t, true)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/recall-agency', { ...path, body: { reason } }),
    },
    {
      key: 'move-strategy',
      title: t('commands.move'),
      help: t('commands.move.help'),
      submit: t('commands.moveSubmit'),
      done: t('commands.done.move'),
      fields: [
        {
          name: 'strategyId',
          label: t('commands.strategyId'),
          kind: 'text',
          required: true,
          maxLength: 64,
          defaultValue: view.strategy.id,
          check: (value) => (!value ? t('commands.strategyIdRequired') : undefined),
        },
        {
          name: 'version',
          label: t('commands.version'),
          kind: 'number',
          inputMode: 'numeric',
          required: true,
          check: (value) => (/^[1-9]\d{0,8}$/.test(value) ? undefined : t('commands.versionInvalid')),
        },
        reasonField(t, false),
      ],
      send: ({ strategyId, version, reason }) =>
        api.POST('/v1/cases/{caseId}/commands/move-strategy', { ...path, body: { strategyId, version: Number(version), reason: optional(reason) } }),
    },
    {
      key: 'record-reason',
      title: t('commands.recordReason'),
      help: t('commands.recordReason.help'),
      submit: t('commands.recordReasonSubmit'),
      done: t('commands.done.recordReason'),
      fields: [
        {
          name: 'code',
          label: t('commands.reasonCode'),
          kind: 'select',
          required: true,
          options: (Object.keys(ARREARS_REASON_WORDS) as ArrearsReasonCode[]).map((value) => ({ value, label: t(ARREARS_REASON_WORDS[value]) })),
          check: (value) => (value in ARREARS_REASON_WORDS ? undefined : t('commands.reasonCodeRequired')),
        },
        {
          name: 'note',
          label: t('commands.reasonNote'),
          kind: 'textarea',
          maxLength: REASON_MAX,
          check: (value) => (value.length > REASON_MAX ? t('commands.reasonTooLong') : undefined),
        },
      ],
      send: ({ code, note }) =>
        api.POST('/v1/cases/{caseId}/commands/record-reason', { ...path, body: { code: code as ArrearsReasonCode, note: optional(note) } }),
    },
    {
      key: 'close',
      title: t('commands.close'),
      help: t('commands.close.help'),
      submit: t('commands.closeSubmit'),
      done: t('commands.done.close'),
      fields: [
        {
          name: 'outcome',
          label: t('commands.closeOutcome'),
          kind: 'select',
          options: CLOSE_OUTCOMES.map((value) => ({ value, label: t(`commands.closeOutcome.${value}`) })),
        },
        reasonField(t, true),
      ],
      send: ({ outcome, reason }) =>
        api.POST('/v1/cases/{caseId}/commands/close', { ...path, body: { reason, outcome: outcome as (typeof CLOSE_OUTCOMES)[number] } }),
    },
    {
      key: 'resolve-review',
      title: t('commands.resolveReview'),
      help: t('commands.resolveReview.help'),
      submit: t('commands.resolveReviewSubmit'),
      done: t('commands.done.resolveReview'),
      notNow: because(!REVIEW_KINDS.some((kind) => holds.has(kind)) && 'commands.disabled.noReview'),
      fields: [
        {
          name: 'kind',
          label: t('commands.reviewKind'),
          kind: 'select',
          required: true,
          options: REVIEW_KINDS.filter((kind) => holds.has(kind)).map((value) => ({ value, label: t(`commands.reviewKind.${value}`) })),
        },
        {
          name: 'outcome',
          label: t('commands.reviewOutcome'),
          kind: 'select',
          required: true,
          options: REVIEW_OUTCOMES.map((value) => ({ value, label: t(`commands.reviewOutcome.${value}`) })),
        },
        reasonField(t, false),
      ],
      send: ({ kind, outcome, reason }) =>
        api.POST('/v1/cases/{caseId}/commands/resolve-review', {
          ...path,
          body: { kind: kind as (typeof REVIEW_KINDS)[number], outcome: outcome as (typeof REVIEW_OUTCOMES)[number], reason: optional(reason) },
        }),
    },
    {
      key: 'propose-plan',
      agentMay: true,
      title: t('commands.proposePlan'),
      help: t('commands.proposePlan.help'),
      submit: t('commands.proposePlanSubmit'),
      done: t('commands.done.proposePlan'),
      notNow: because(planOpen && 'commands.disabled.planOpen'),
      fields: [
        {
          name: 'payments',
          label: t('commands.planPayments'),
          kind: 'number',
          inputMode: 'numeric',
          required: true,
          check: (value) => (/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= PLAN_PAYMENTS_MAX ? undefined : t('commands.planPaymentsInvalid')),
        },
        {
          name: 'firstDate',
          label: t('commands.planFirstDate'),
          kind: 'date',
          required: true,
          check: (value) => (!value ? t('commands.dateRequired') : value < businessDayOf(view.asOf ?? new Date().toISOString()) ? t('commands.datePast') : undefined),
        },
        {
          name: 'intervalDays',
          label: t('commands.planInterval'),
          kind: 'number',
          inputMode: 'numeric',
          defaultValue: '30',
          check: (value) => (!value || (/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 366) ? undefined : t('commands.planIntervalInvalid')),
        },
        {
          name: 'total',
          label: t('commands.planTotal', { currency: view.currency }),
          kind: 'number',
          inputMode: 'decimal',
          check: (value) => (!value || minorUnits(value, view.currency) !== undefined ? undefined : t('commands.amountInvalid', { digits: currencyDigits(view.currency) })),
        },
        {
          name: 'note',
          label: t('commands.planNote'),
          kind: 'textarea',
          maxLength: REASON_MAX,
          check: (value) => (value.length > REASON_MAX ? t('commands.reasonTooLong') : undefined),
        },
      ],
      send: ({ payments, firstDate, intervalDays, total, note }) =>
        api.POST('/v1/cases/{caseId}/commands/propose-plan', {
          ...path,
          body: {
            payments: Number(payments),
            firstDate,
            ...(intervalDays && { intervalDays: Number(intervalDays) }),
            ...(total && { total: minorUnits(total, view.currency)! }),
            note: optional(note),
          },
        }),
    },
    {
      key: 'accept-plan',
      agentMay: true,
      title: t('commands.acceptPlan'),
      help: t('commands.acceptPlan.help'),
      submit: t('commands.acceptPlanSubmit'),
      done: t('commands.done.acceptPlan'),
      notNow:
        because(planStatus !== 'proposed' && 'commands.disabled.noPlanProposed') ??
        (settlementOpen && t('commands.disabled.settlementOpen', { status: t(`settlement.status.${settlementOpen.status}`) })),
      fields: [
        {
          name: 'channel',
          label: t('commands.planChannel'),
          kind: 'select',
          required: true,
          options: PLAN_CHANNELS.map((value) => ({ value, label: t(`plan.channel.${value}`) })),
        },
      ],
      send: ({ channel }) =>
        api.POST('/v1/cases/{caseId}/commands/accept-plan', { ...path, body: { channel: channel as (typeof PLAN_CHANNELS)[number] } }),
    },
    {
      key: 'cancel-plan',
      title: t('commands.cancelPlan'),
      help: t('commands.cancelPlan.help'),
      submit: t('commands.cancelPlanSubmit'),
      done: t('commands.done.cancelPlan'),
      notNow: because(!planOpen && 'commands.disabled.noOpenPlan'),
      fields: [reasonField(t, true)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/cancel-plan', { ...path, body: { reason } }),
    },
    ...settlementCommands(view, t, me),
  ];
}

/** The settlement and hardship-hold commands; approval is disabled for the proposer (four eyes). */
/** A settlement offered or waiting for approval: one arrangement at a time, so no plan is accepted meanwhile. */
function openSettlement(view: CaseView) {
  const settlement = view.settlement;
  return settlement && (settlement.status === 'pending-approval' || settlement.status === 'offered') ? settlement : undefined;
}

function settlementCommands(view: CaseView, t: Translate, me: string | undefined): Command[] {
  const path = { params: { path: { caseId: view.caseId } } };
  const open = openSettlement(view);
  const hardship = view.holds.some((hold) => hold.kind === 'hardship');
  const today = businessDayOf(view.asOf ?? new Date().toISOString());
  const dateField = (name: string, label: string): CommandField => ({
    name,
    label,
    kind: 'date',
    required: true,
    check: (value) => (!value ? t('commands.dateRequired') : value < today ? t('commands.datePast') : undefined),
  });
  return [
    {
      key: 'offer-settlement',
      title: t('commands.offerSettlement'),
      help: t('commands.offerSettlement.help'),
      submit: t('commands.offerSettlementSubmit'),
      done: t('commands.done.offerSettlement'),
      notNow: open && t('commands.disabled.settlementOpen', { status: t(`settlement.status.${open.status}`) }),
      fields: [
        {
          name: 'amount',
          label: t('commands.settlementAmount', { currency: view.currency }),
          kind: 'number',
          inputMode: 'decimal',
          required: true,
          check: (value) => {
            const amount = minorUnits(value, view.currency);
            if (amount === undefined) return t('commands.amountInvalid', { digits: currencyDigits(view.currency) });
            return amount >= view.balance ? t('commands.settlementAmountTooLarge') : undefined;
          },
        },
        dateField('by', t('commands.settlementBy')),
        reasonField(t, false),
      ],
      send: ({ amount, by, reason }) =>
        api.POST('/v1/cases/{caseId}/commands/offer-settlement', { ...path, body: { amount: minorUnits(amount, view.currency)!, by, reason: optional(reason) } }),
    },
    {
      key: 'approve-settlement',
      title: t('commands.approveSettlement'),
      help: t('commands.approveSettlement.help'),
      submit: t('commands.approveSettlementSubmit'),
      done: t('commands.done.approveSettlement'),
      notNow:
        open?.status !== 'pending-approval'
          ? t('commands.disabled.noSettlementToApprove')
          : open.proposer === me
            ? t('commands.disabled.ownSettlement')
            : undefined,
      fields: [reasonField(t, false)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/approve-settlement', { ...path, body: { reason: optional(reason) } }),
    },
    {
      key: 'reject-settlement',
      title: t('commands.rejectSettlement'),
      help: t('commands.rejectSettlement.help'),
      submit: t('commands.rejectSettlementSubmit'),
      done: t('commands.done.rejectSettlement'),
      notNow: open ? undefined : t('commands.disabled.noOpenSettlement'),
      fields: [reasonField(t, true)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/reject-settlement', { ...path, body: { reason } }),
    },
    {
      key: 'hardship-hold',
      title: t('commands.hardshipHold'),
      help: t('commands.hardshipHold.help'),
      submit: t('commands.hardshipHoldSubmit'),
      done: t('commands.done.hardshipHold'),
      notNow: hardship ? t('commands.disabled.hardshipHeld') : undefined,
      fields: [
        reasonField(t, true),
        dateField('until', t('commands.hardshipUntil')),
        {
          name: 'code',
          label: t('commands.hardshipCode'),
          kind: 'select',
          options: [
            { value: '', label: '—' },
            ...(Object.keys(ARREARS_REASON_WORDS) as ArrearsReasonCode[]).map((value) => ({ value, label: t(ARREARS_REASON_WORDS[value]) })),
          ],
        },
      ],
      send: ({ reason, until, code }) =>
        api.POST('/v1/cases/{caseId}/commands/hardship-hold', { ...path, body: { reason, until, code: optional(code) as ArrearsReasonCode | undefined } }),
    },
    {
      key: 'end-hardship-hold',
      title: t('commands.endHardshipHold'),
      help: t('commands.endHardshipHold.help'),
      submit: t('commands.endHardshipHoldSubmit'),
      done: t('commands.done.endHardshipHold'),
      notNow: hardship ? undefined : t('commands.disabled.noHardshipHold'),
      fields: [reasonField(t, true)],
      send: ({ reason }) => api.POST('/v1/cases/{caseId}/commands/end-hardship-hold', { ...path, body: { reason } }),
    },
  ];
}

export function CaseCommands({ view, onChanged }: { view: CaseView; onChanged(): void }) {
  const { t } = useI18n();
  const { has, session } = useSession();
  const role = has('supervisor') ? undefined : t('commands.disabled.role');
  const agentRole = has('supervisor') || has('agent') ? undefined : t('commands.disabled.roleOrAgent');
  const closed = view.status === 'closed';
  return (
    <section aria-labelledby="commands">
      <h2 id="commands">{t('commands.title')}</h2>
      <div className="commands">
        {commands(view, t, session?.principal?.subject).map(({ key, notNow, agentMay, ...command }) => (
          <CommandForm key={key} {...command} disabledBecause={(agentMay ? agentRole : role) ?? (closed ? t('commands.disabled.closed') : notNow)} onChanged={onChanged} />
        ))}
        <CommandForm
          title={t('commands.reopen')}
          help={t('commands.reopen.help')}
          submit={t('commands.reopenSubmit')}
          done={t('commands.done.reopen')}
          disabledBecause={role ?? (closed ? undefined : t('commands.disabled.open'))}
          fields={[reasonField(t, true)]}
          onChanged={onChanged}
          send={({ reason }) => api.POST('/v1/cases/{caseId}/commands/reopen', { params: { path: { caseId: view.caseId } }, body: { reason } })}
        />
      </div>
    </section>
  );
}
