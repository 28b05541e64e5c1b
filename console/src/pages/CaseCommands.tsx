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
const REVIEW_KINDS = ['fraud-review', 'deceased'] as const;
const REVIEW_OUTCOMES = ['confirmed', 'not-confirmed'] as const;

type Command = Omit<CommandFormProps, 'onChanged' | 'disabledBecause'> & { key: string; notNow?: string };

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

/** Every command, its fields, its call and why the case cannot take it now. */
function commands(view: CaseView, t: Translate): Command[] {
  const path = { params: { path: { caseId: view.caseId } } };
  const holds = new Set(view.holds.map((hold) => hold.kind));
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
  ];
}

export function CaseCommands({ view, onChanged }: { view: CaseView; onChanged(): void }) {
  const { t } = useI18n();
  const { has } = useSession();
  const role = has('supervisor') ? undefined : t('commands.disabled.role');
  const closed = view.status === 'closed';
  return (
    <section aria-labelledby="commands">
      <h2 id="commands">{t('commands.title')}</h2>
      <div className="commands">
        {commands(view, t).map(({ key, notNow, ...command }) => (
          <CommandForm key={key} {...command} disabledBecause={role ?? (closed ? t('commands.disabled.closed') : notNow)} onChanged={onChanged} />
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
