// The strategy language: a versioned JSON policy that maps a case's segment, DPD and
// history to treatments. Cases are pinned to the version they started with, so a
// strategy is validated whole before it is stored, and errors name the field path.
import { z } from 'zod';
import { debtorSchema, minorUnitsSchema } from './loan';
import { SEGMENTS, type Segment } from './scorecard';
import { OVERDUE_REASON_CODES } from './overdue-reasons';
import { settlementPolicySchema } from './settlements';
import { planPolicySchema } from './repayment-plans';

export const CHANNELS = [
  'sms',
  'letter',
  'phone',
  'field-visit',
  'agency',
  'court',
  'write-off-review',
  'legal-review',
  // An internal task for a team (fraud review, estate), in the work queue its `queue` parameter names.
  'review',
  // Internet collection: private messages to the debtor only (an e-mail, a push or in-app message, a messaging-platform template message).
  'email',
  'app-push',
  'im',
] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * How a finished step went, recorded by the workflow and read by stepOutcome conditions:
 * delivered (message sent, no answer expected), contacted (spoke with the debtor),
 * no-contact (attempted, not reached), promise-to-pay, refused (reached, will not pay),
 * failed (no channel, fallbacks included, could run it).
 */
export const STEP_OUTCOMES = ['delivered', 'contacted', 'no-contact', 'promise-to-pay', 'refused', 'failed'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

const channelSchema = z.enum(CHANNELS);
const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. dpd30-second-demand');

export const actionSchema = z
  .strictObject({
    channel: channelSchema,
    template: z.string().min(1).optional(),
    parameters: z.record(z.string(), z.json()).optional(),
    /** Channels to try in order when this one fails for good (e.g. an invalid number). */
    fallback: z.array(channelSchema).optional(),
  })
  .superRefine((action, ctx) => {
    action.fallback?.forEach((channel, index) => {
      if (channel === action.channel || action.fallback!.indexOf(channel) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['fallback', index],
          message: `${channel} is already tried earlier in this action`,
        });
      }
    });
  });
export type Action = z.infer<typeof actionSchema>;

// Each condition is an object with exactly one key, so a JSON author writes
// { "balanceAtLeast": 500000 } and a reader sees the rule at a glance.
export const CONDITION_KINDS = [
  'balanceAtLeast',
  'balanceBelow',
  'segment',
  'stepOutcome',
  'notTimeBarred',
  'eligibleForCourt',
  'country',
  'reason',
  'notRun',
] as const;

export const conditionSchema = z.union([
  z.strictObject({ balanceAtLeast: minorUnitsSchema }),
  z.strictObject({ balanceBelow: minorUnitsSchema }),
  z.strictObject({ segment: z.array(z.enum(SEGMENTS)).min(1) }),
  z.strictObject({ stepOutcome: z.strictObject({ step: slugSchema, outcome: z.enum(STEP_OUTCOMES) }) }),
  z.strictObject({ notTimeBarred: z.literal(true) }),
  z.strictObject({ eligibleForCourt: z.literal(true) }),
  // The debtor's country, in the codes the loan carries: where one law asks for a step
  // another does not, e.g. Regulation F's validation notice for US debtors.
  z.strictObject({ country: z.array(debtorSchema.shape.country).min(1, 'at least one country code such as US') }),
  // The case's latest overdue reason (逾期原因), from an agent or a supervisor: a case with none matches no reason condition.
  z.strictObject({ reason: z.array(z.enum(OVERDUE_REASON_CODES)).min(1, 'at least one overdue reason code such as income-drop') }),
  // None of these earlier steps ran (a skipped step did not): an offer made once, at the first level that finds the case ready for it.
  z.strictObject({ notRun: z.array(slugSchema).min(1, 'at least one earlier step id') }),
]);
export type Condition = z.infer<typeof conditionSchema>;

export const stepSchema = z.strictObject({
  /** Unique within its ladder; the workflow records completed steps by id. */
  id: slugSchema,
  atDpd: z.number().int().nonnegative(),
  actions: z.array(actionSchema).min(1),
  /** All must hold for the step to run. */
  conditions: z.array(conditionSchema).optional(),
});
export type Step = z.infer<typeof stepSchema>;

/**
 * Steps in ascending atDpd. Steps sharing an atDpd are alternatives tried in order:
 * the first whose conditions hold runs, so an unconditional last step is the "else".
 */
export const segmentLadderSchema = z.strictObject({
  ladder: z
    .array(stepSchema)
    .min(1)
    .superRefine((ladder, ctx) => {
      const seen = new Map<string, Step>();
      ladder.forEach((step, index) => {
        if (seen.has(step.id)) {
          ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate step id ${step.id}` });
        }
        const previous = ladder[index - 1];
        if (previous && step.atDpd < previous.atDpd) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'atDpd'],
            message: `must not be less than ${previous.atDpd}, the atDpd of the step before it (${previous.id})`,
          });
        }
        if (previous && step.atDpd === previous.atDpd && !previous.conditions?.length) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'atDpd'],
            message: `unreachable: ${previous.id} at the same DPD has no conditions and is always chosen first`,
          });
        }
        const notEarlier = (id: string) => {
          const referenced = seen.get(id);
          return !referenced || referenced.atDpd >= step.atDpd;
        };
        step.conditions?.forEach((condition, conditionIndex) => {
          const path = [index, 'conditions', conditionIndex];
          if ('stepOutcome' in condition && notEarlier(condition.stepOutcome.step)) {
            ctx.addIssue({ code: 'custom', path: [...path, 'stepOutcome', 'step'], message: `${condition.stepOutcome.step} is not an earlier step (lower atDpd) of this ladder` });
          }
          if ('notRun' in condition) {
            condition.notRun.forEach((id, idIndex) => {
              if (notEarlier(id)) ctx.addIssue({ code: 'custom', path: [...path, 'notRun', idIndex], message: `${id} is not an earlier step (lower atDpd) of this ladder` });
            });
          }
        });
        seen.set(step.id, step);
      });
    }),
});

const MAX_TOTAL_WEIGHT = 1_000_000;

export const variantSchema = z.strictObject({
  /** 'champion' for the established policy; any other name is a challenger. */
  name: z.string().min(1),
  /** Share of new cases, relative to the other variants' weights. */
  weight: z.number().int().nonnegative(),
  segments: z.strictObject({
    'low-risk': segmentLadderSchema,
    'medium-risk': segmentLadderSchema,
    'high-risk': segmentLadderSchema,
  } satisfies Record<Segment, typeof segmentLadderSchema>),
});
export type Variant = z.infer<typeof variantSchema>;

/** Holds an overdue reason may put on a case at once: those that need no amount or date. */
export const REASON_HOLD_KINDS = ['dispute', 'cease-contact', 'fraud-review', 'deceased'] as const;

/**
 * What recording an overdue reason does at once, whatever the DPD: a hold and/or an
 * internal task for a team (a review task in the work queue `queue`, which reaches
 * nobody outside). Each reason code has at most one entry.
 */
export const reasonEffectSchema = z
  .strictObject({
    reasons: z.array(z.enum(OVERDUE_REASON_CODES)).min(1, 'at least one overdue reason code such as fraud'),
    hold: z.enum(REASON_HOLD_KINDS).optional(),
    task: z.strictObject({ queue: slugSchema, template: z.string().min(1).optional() }).optional(),
  })
  .refine((effect) => effect.hold !== undefined || effect.task !== undefined, { message: 'an effect puts a hold, queues a task, or both' });
export type ReasonEffect = z.infer<typeof reasonEffectSchema>;

export const strategySchema = z
  .strictObject({
    id: slugSchema,
    version: z.number().int().positive(),
    name: z.string().min(1),
    description: z.string(),
    variants: z.array(variantSchema).min(1),
    /** Settlements and hardship holds on this strategy's cases; absent, DEFAULT_SETTLEMENT_POLICY. */
    settlements: settlementPolicySchema.optional(),
    /** The repayment-plan policy cases on this strategy offer plans under; absent, DEFAULT_PLAN_POLICY. */
    repaymentPlans: planPolicySchema.optional(),
    onReason: z.array(reasonEffectSchema).optional(),
  })
  .superRefine((strategy, ctx) => {
    // The cap keeps variant assignment exact in integer arithmetic (see variant-assignment.ts).
    const totalWeight = strategy.variants.reduce((sum, variant) => sum + variant.weight, 0);
    if (totalWeight <= 0 || totalWeight > MAX_TOTAL_WEIGHT) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: `variant weights must add up to more than 0 and at most ${MAX_TOTAL_WEIGHT}, got ${totalWeight}`,
      });
    }
    strategy.variants.forEach((variant, index) => {
      if (strategy.variants.findIndex((other) => other.name === variant.name) !== index) {
        ctx.addIssue({ code: 'custom', path: ['variants', index, 'name'], message: `duplicate variant name ${variant.name}` });
      }
    });
    const effectOf = new Map<string, number>();
    strategy.onReason?.forEach((effect, index) => {
      effect.reasons.forEach((code, codeIndex) => {
        const earlier = effectOf.get(code);
        if (earlier !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['onReason', index, 'reasons', codeIndex], message: `${code} already has its effect in onReason.${earlier}` });
        } else effectOf.set(code, index);
      });
    });
  });

/** What recording the reason does on the strategy, or undefined when nothing. */
export function reasonEffectFor(strategy: Pick<Strategy, 'onReason'>, code: string): ReasonEffect | undefined {
  return strategy.onReason?.find((effect) => (effect.reasons as readonly string[]).includes(code));
}
export type Strategy = z.infer<typeof strategySchema>;

export interface StrategyError {
  /** Dotted path to the bad field, e.g. 'variants.0.segments.high-risk.ladder.2.atDpd'; '' for the whole document. */
  path: string;
  message: string;
}

export type StrategyValidation = { ok: true; strategy: Strategy } | { ok: false; errors: StrategyError[] };

export function validateStrategy(json: unknown): StrategyValidation {
  const result = strategySchema.safeParse(json);
  if (result.success) return { ok: true, strategy: result.data };
  return { ok: false, errors: result.error.issues.flatMap((issue) => describeIssue(issue, [])) };
}

function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): StrategyError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union') return [{ path: path.map(String).join('.'), message: issue.message }];
  // A union's own message is "Invalid input". The branch that recognised every key
  // is the shape the author meant, so report its errors at their full path.
  const meant = issue.errors.filter(
    (branch) => !branch.some((inner) => inner.code === 'unrecognized_keys' && inner.path.length === 0),
  );
  if (meant.length === 1) return meant[0].flatMap((inner) => describeIssue(inner, path));
  const isCondition = path[path.length - 2] === 'conditions';
  return [
    {
      path: path.map(String).join('.'),
      message: isCondition ? `a condition has exactly one of the keys ${CONDITION_KINDS.join(', ')}` : issue.message,
    },
  ];
}
