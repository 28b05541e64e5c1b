// Rule profiles are data: a profile can be stored, loaded and checked before the guard uses it.
// Objects are strict so a misspelt parameter is an error, never a silently ignored default.
import { z } from 'zod';
import { CHANNELS, OPT_OUT_CHANNELS, OUTCOMES, PURPOSES } from './types';

const ruleId = z.string().min(1);
const hourOfDay = z.number().int().min(0).max(23);
const channels = z.array(z.enum(CHANNELS)).min(1);
const outcomes = z.array(z.enum(OUTCOMES)).min(1);
const purposes = z.array(z.enum(PURPOSES));
const positiveInt = z.number().int().positive();

/** No contact from startHour:00 until endHour:00 local; the range may wrap midnight. */
const quietHours = z
  .strictObject({ rule: z.literal('quiet-hours'), id: ruleId, startHour: hourOfDay, endHour: hourOfDay, channels })
  .refine((r) => r.startHour !== r.endHour, { path: ['endHour'], message: 'must differ from startHour' });

/** At most maxAttempts on `channels` in any rolling windowDays × 24 h; `outcomes` absent counts every attempt. */
const callFrequency = z.strictObject({
  rule: z.literal('call-frequency'),
  id: ruleId,
  maxAttempts: positiveInt,
  windowDays: positiveInt,
  channels,
  outcomes: outcomes.optional(),
});

/** No contact on `channels` for `days` × 24 h after a conversation on them. */
const quietAfterConversation = z.strictObject({
  rule: z.literal('quiet-after-conversation'),
  id: ruleId,
  days: positiveInt,
  channels,
});

/** At most maxConnected contacts with these outcomes per local calendar day; then wait for resumeHour tomorrow. */
const dailyConnectedCalls = z.strictObject({
  rule: z.literal('daily-connected-calls'),
  id: ruleId,
  maxConnected: positiveInt,
  outcomes,
  channels,
  resumeHour: hourOfDay,
});

/** A cease-contact case gets nothing but attempts with an exempt purpose. */
const ceaseCommunication = z.strictObject({
  rule: z.literal('cease-communication'),
  id: ruleId,
  exemptPurposes: purposes,
});

/** A disputed debt gets no collection until the dispute is resolved. */
const disputeHold = z.strictObject({ rule: z.literal('dispute-hold'), id: ruleId, exemptPurposes: purposes });

/** No legal action on time-barred debt: denies attempts on `channels` or with `purposes`. */
const timeBarredLegal = z.strictObject({
  rule: z.literal('time-barred-legal'),
  id: ruleId,
  channels,
  purposes,
});

/** Only the debtor may be contacted. */
const thirdPartyContact = z.strictObject({ rule: z.literal('third-party-contact'), id: ruleId });

/** Past withinDays after first contact, collection on `channels` waits until the validation notice is sent. */
const validationNotice = z.strictObject({
  rule: z.literal('validation-notice'),
  id: ruleId,
  withinDays: positiveInt,
  channels,
});

/**
 * No contact on a channel the debtor opted out of; an 'all-electronic' opt-out covers every one
 * of `channels`. Denies: the opt-out stands until the debtor says otherwise.
 */
const optOut = z.strictObject({ rule: z.literal('opt-out'), id: ruleId, channels: z.array(z.enum(OPT_OUT_CHANNELS)).min(1) });

/** No e-mail to an address the debtor's employer provides. */
const workEmail = z.strictObject({ rule: z.literal('work-email'), id: ruleId });

export const ruleConfigSchema = z.discriminatedUnion('rule', [
  quietHours,
  callFrequency,
  quietAfterConversation,
  dailyConnectedCalls,
  ceaseCommunication,
  disputeHold,
  timeBarredLegal,
  thirdPartyContact,
  validationNotice,
  optOut,
  workEmail,
]);

export const complianceProfileSchema = z
  .strictObject({ id: z.string().min(1), description: z.string().optional(), rules: z.array(ruleConfigSchema).min(1) })
  .superRefine((profile, ctx) => {
    // Verdicts name the deciding rule by id, so an id must say which rule it was.
    const seen = new Set<string>();
    profile.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id "${rule.id}"` });
      }
      seen.add(rule.id);
    });
  });

export type RuleConfig = z.infer<typeof ruleConfigSchema>;
export type RuleKind = RuleConfig['rule'];
export type ComplianceProfile = z.infer<typeof complianceProfileSchema>;

export class ComplianceProfileError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid compliance profile: ${issues.join('; ')}`);
    this.name = 'ComplianceProfileError';
  }
}

function formatPath(path: PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** Validates a profile loaded from storage; the error lists each bad field by path. */
export function parseComplianceProfile(input: unknown): ComplianceProfile {
  const result = complianceProfileSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ComplianceProfileError(
    result.error.issues.map((issue) => `${formatPath(issue.path) || '(profile)'}: ${issue.message}`),
  );
}
