// The strategy arrears ships with, modelled on common collection practice: gentle
// digital reminders first, then calls, formal letters, field or agency work by
// balance, legal action when the debt allows it, and a write-off review at 180 DPD.
// Segments share the late stage and differ in how hard the early stage pushes.
// Version 2 reads the overdue reason: a debtor in hardship is offered a plan before
// the ladder escalates, and fraud, a death and a dispute stop the ladder at once.
// Version 3 reaches the debtor online first: an app push and an e-mail at DPD 1
// (the SMS reminder where there is no e-mail address or it bounces), a messaging
// template message at DPD 3, ahead of the calls.
import type { OverdueReasonCode } from './overdue-reasons';
import type { Action, ReasonEffect, Step, Strategy } from './strategy-schema';

/** Below this balance a field visit costs more than it is likely to recover, so the case goes to an agency. */
export const FIELD_VISIT_MIN_BALANCE = 500_000;

const sms = (template: string): Action => ({ channel: 'sms', template, fallback: ['letter'] });
const letter = (template: string): Action => ({ channel: 'letter', template });
const email = (template: string): Action => ({ channel: 'email', template, fallback: ['sms'] });
const push = (template: string): Action => ({ channel: 'app-push', template });
const im = (template: string): Action => ({ channel: 'im', template });
const phone = (template: string, queue: string): Action => ({
  channel: 'phone',
  template,
  parameters: { queue },
  fallback: ['sms'],
});

/**
 * Regulation F wants the validation notice within 5 days of the first contact, and
 * the DPD-1 reminder is the first: a US debtor gets the notice with it, in an
 * alternative ahead of the reminder that every other debtor gets.
 */
const firstContact = (reminder: Step): Step[] => [
  {
    id: `${reminder.id}-us`,
    atDpd: reminder.atDpd,
    conditions: [{ country: ['US'] }],
    actions: [letter('validation-notice'), ...reminder.actions],
  },
  reminder,
];

const dpd7: Step = {
  id: 'dpd7-reminder-and-call',
  atDpd: 7,
  actions: [sms('overdue-notice'), phone('collection-call', 'early-stage')],
};

/** Reasons that say the debtor cannot pay for now rather than will not: they are offered a repayment plan. */
export const HARDSHIP_REASONS: OverdueReasonCode[] = ['income-drop', 'illness'];

/**
 * At the first escalation level (DPD 15, 30 or 60) that finds a hardship reason on the case, a plan is offered
 * (a message and a call from the hardship team) instead of the escalation. Once: after the offer, if nothing
 * changes, the next level escalates as before.
 */
const planOffer = (atDpd: number, earlierOffers: string[]): Step => ({
  id: `dpd${atDpd}-plan-offer`,
  atDpd,
  conditions: [{ reason: HARDSHIP_REASONS }, ...(earlierOffers.length ? [{ notRun: earlierOffers }] : [])],
  actions: [{ channel: 'sms', template: 'plan-offer' }, phone('plan-offer', 'hardship')],
});

/** Version 1 had no plan offers: a ladder without them is the one cases on it still walk. */
type PlanOffers = (atDpd: number, earlierOffers: string[]) => Step[];
const withOffers: PlanOffers = (atDpd, earlierOffers) => [planOffer(atDpd, earlierOffers)];
const withoutOffers: PlanOffers = () => [];

/** From DPD 15 on every segment is treated alike: by then the segment says less than the arrears. */
const fromDpd15 = (demandLetter: Action[], offers: PlanOffers): Step[] => [
  ...offers(15, []),
  { id: 'dpd15-demand-letter', atDpd: 15, actions: demandLetter },
  ...offers(30, ['dpd15-plan-offer']),
  {
    id: 'dpd30-second-demand',
    atDpd: 30,
    actions: [letter('demand-letter-2'), phone('senior-collector-call', 'senior')],
  },
  ...offers(60, ['dpd15-plan-offer', 'dpd30-plan-offer']),
  {
    id: 'dpd60-field-visit',
    atDpd: 60,
    conditions: [{ balanceAtLeast: FIELD_VISIT_MIN_BALANCE }],
    actions: [{ channel: 'field-visit', template: 'field-visit', fallback: ['agency'] }],
  },
  {
    id: 'dpd60-agency-placement',
    atDpd: 60,
    conditions: [{ balanceBelow: FIELD_VISIT_MIN_BALANCE }],
    actions: [{ channel: 'agency', parameters: { placement: 'primary' } }],
  },
  {
    id: 'dpd90-final-demand',
    atDpd: 90,
    actions: [letter('final-demand-letter'), { channel: 'legal-review' }],
  },
  {
    id: 'dpd120-court-filing',
    atDpd: 120,
    conditions: [{ eligibleForCourt: true }, { notTimeBarred: true }],
    actions: [{ channel: 'court', template: 'court-filing', fallback: ['agency'] }],
  },
  // The else of the court filing: no conditions, so it runs whenever the filing cannot.
  { id: 'dpd120-agency-placement', atDpd: 120, actions: [{ channel: 'agency', parameters: { placement: 'secondary' } }] },
  { id: 'dpd180-write-off-review', atDpd: 180, actions: [{ channel: 'write-off-review' }] },
];

const demandLetter = [letter('demand-letter-1')];

// The challenger tests one idea: a digital-only early stage (SMS at DPD 1 and 5, no
// calls before DPD 7) cures as many cases at less cost. From DPD 7 it is the champion.
const digitalEarlyStage = (champion: Step[]): Step[] => [
  ...firstContact({ id: 'dpd1-reminder', atDpd: 1, actions: [sms('payment-reminder')] }),
  { id: 'dpd5-second-reminder', atDpd: 5, actions: [sms('payment-reminder-second')] },
  ...champion.filter((step) => step.atDpd >= 7),
];

/**
 * How the early stage reaches the debtor. By SMS (versions 1 and 2), or online first
 * (version 3): an app push and an e-mail at DPD 1, the e-mail falling back to the SMS
 * reminder, and a messaging template message at DPD 3 before any call.
 */
interface EarlyStage {
  reminder(template: string): Action[];
  /** What goes with (or, for low-risk debtors, instead of) the DPD-3 call. */
  dpd3: Action[];
}
const bySms: EarlyStage = { reminder: (template) => [sms(template)], dpd3: [] };
const onlineFirst: EarlyStage = { reminder: (template) => [push(template), email(template)], dpd3: [im('payment-reminder')] };

function variants(offers: PlanOffers, early: EarlyStage = bySms): Strategy['variants'] {
  // Low-risk debtors mostly forgot: a reminder cures most of them, so no courtesy call at DPD 3.
  const lowRisk: Step[] = [
    ...firstContact({ id: 'dpd1-reminder', atDpd: 1, actions: early.reminder('payment-reminder-gentle') }),
    ...(early.dpd3.length ? [{ id: 'dpd3-im-reminder', atDpd: 3, actions: early.dpd3 }] : []),
    dpd7,
    ...fromDpd15(demandLetter, offers),
  ];
  const mediumRisk: Step[] = [
    ...firstContact({ id: 'dpd1-reminder', atDpd: 1, actions: early.reminder('payment-reminder') }),
    { id: 'dpd3-courtesy-call', atDpd: 3, actions: [...early.dpd3, phone('courtesy-call', 'early-stage')] },
    dpd7,
    ...fromDpd15(demandLetter, offers),
  ];
  // High-risk cases roll forward fastest, so they are called from day one and the
  // first demand letter comes with a call.
  const highRisk: Step[] = [
    ...firstContact({ id: 'dpd1-reminder', atDpd: 1, actions: [...early.reminder('payment-reminder'), phone('courtesy-call', 'early-stage')] }),
    { id: 'dpd3-courtesy-call', atDpd: 3, actions: [...early.dpd3, phone('collection-call', 'early-stage')] },
    dpd7,
    ...fromDpd15([letter('demand-letter-1'), phone('collection-call', 'early-stage')], offers),
  ];
  return [
    { name: 'champion', weight: 90, segments: { 'low-risk': { ladder: lowRisk }, 'medium-risk': { ladder: mediumRisk }, 'high-risk': { ladder: highRisk } } },
    {
      name: 'sms-early-stage',
      weight: 10,
      segments: {
        'low-risk': { ladder: digitalEarlyStage(lowRisk) },
        'medium-risk': { ladder: digitalEarlyStage(mediumRisk) },
        'high-risk': { ladder: digitalEarlyStage(highRisk) },
      },
    },
  ];
}

/**
 * What an overdue reason does at once: fraud and a death hold the case for their team's review (a death
 * also withdraws agents' calls and visits and recalls an agency), a dispute holds it as the dispute command does.
 */
const ON_REASON: ReasonEffect[] = [
  { reasons: ['fraud'], hold: 'fraud-review', task: { queue: 'fraud-review', template: 'fraud-review' } },
  { reasons: ['deceased'], hold: 'deceased', task: { queue: 'estate', template: 'estate' } },
  { reasons: ['dispute'], hold: 'dispute' },
];

const LADDER_V1 =
  'Reminders, calls and letters to DPD 30; field visit or agency by balance at 60; final demand and ' +
  'legal review at 90; court or agency at 120; write-off review at 180. Challenger: digital-only to DPD 7.';

/** The default before overdue reasons had effects: the version the store seeded first, which cases opened then still walk. */
export const DEFAULT_STRATEGY_V1: Strategy = {
  id: 'default',
  version: 1,
  name: 'Default collection ladder',
  description: LADDER_V1,
  variants: variants(withoutOffers),
};

const REASONS_V2 =
  'A debtor in hardship (income drop, illness) is offered a repayment plan at the first of DPD 15, 30 and 60 ' +
  'instead of the escalation; fraud and a death hold the case for review, a dispute holds it.';

/** The default before the early stage went online: the version the store seeded second, which cases opened then still walk. */
export const DEFAULT_STRATEGY_V2: Strategy = {
  id: 'default',
  version: 2,
  name: 'Default collection ladder',
  description: `${LADDER_V1} ${REASONS_V2}`,
  onReason: ON_REASON,
  variants: variants(withOffers),
};

export const DEFAULT_STRATEGY: Strategy = {
  id: 'default',
  version: 3,
  name: 'Default collection ladder',
  description:
    'App push and e-mail at DPD 1 (SMS where there is no e-mail address or it bounces), a messaging template message at DPD 3, ' +
    'calls from DPD 3 (high risk: DPD 1), letters to DPD 30; field visit or agency by balance at 60; final demand and legal review ' +
    `at 90; court or agency at 120; write-off review at 180. Challenger: SMS-only to DPD 7. ${REASONS_V2}`,
  onReason: ON_REASON,
  variants: variants(withOffers, onlineFirst),
};
