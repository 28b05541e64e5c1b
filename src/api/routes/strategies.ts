// Strategy versions: list, read, add a version, choose the default for new
// cases. A stored version never changes, since cases are pinned to it.
import { z } from 'zod';
import { DEFAULT_STRATEGY, validateStrategy, type Step, type Strategy } from '../../domain';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { strategyDocumentSchema } from '../strategy-document';
import { validationFailed } from '../validation';
import { PromotionRefusedError, promoteChallenger } from '../../cases/strategy-promotion';
import { armSchema, EXPERIMENT_REPORT_EXAMPLE, experimentDependencies, testSchema } from './reports-experiments';

const strategyIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a strategy id: lower-case letters, digits and dashes');
const versionSchema = z.coerce.number().int().positive();
const defaultChoiceSchema = z.strictObject({ id: strategyIdSchema, version: z.number().int().positive() });

const summarySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  isDefault: z.boolean(),
});
const promotionSchema = z.object({
  from: z.object({ version: z.number().int(), variant: z.string(), champion: z.string() }),
  reason: z.string(),
  promotedBy: z.string(),
  promotedAt: z.string(),
  figures: z.object({ asOf: z.string(), variants: z.array(armSchema), test: testSchema.nullable() }).describe('The experiment over every cohort of the version it came from, when promoted'),
});
const versionResponseSchema = z.object({
  strategy: strategyDocumentSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  promotion: promotionSchema.optional().describe('On a version made by promoting a challenger'),
});
const promotionRequestSchema = z.strictObject({
  version: z.number().int().positive().describe('The version whose challenger won'),
  variant: z.string().min(1).max(64).describe('The challenger to promote'),
  reason: z.string().trim().min(1).max(500),
});

/** Every segment alike: a call from DPD 2, an agency at 60. */
const EARLY_CALL_LADDER: Step[] = [
  { id: 'dpd1-reminder', atDpd: 1, actions: [{ channel: 'sms', template: 'payment-reminder', fallback: ['letter'] }] },
  { id: 'dpd2-courtesy-call', atDpd: 2, actions: [{ channel: 'phone', template: 'courtesy-call', parameters: { queue: 'early-stage' }, fallback: ['sms'] }] },
  { id: 'dpd15-demand-letter', atDpd: 15, actions: [{ channel: 'letter', template: 'demand-letter-1' }] },
  { id: 'dpd60-agency-placement', atDpd: 60, actions: [{ channel: 'agency', parameters: { placement: 'primary' } }] },
  { id: 'dpd180-write-off-review', atDpd: 180, actions: [{ channel: 'write-off-review' }] },
];

/** A strategy a supervisor adds, and moves the example case to (see move-strategy). */
export const STRATEGY_EXAMPLE: Strategy = {
  id: 'early-call',
  version: 1,
  name: 'Early call',
  description: 'A courtesy call from DPD 2 for every segment; an agency from DPD 60.',
  variants: [
    {
      name: 'champion',
      weight: 100,
      segments: { 'low-risk': { ladder: EARLY_CALL_LADDER }, 'medium-risk': { ladder: EARLY_CALL_LADDER }, 'high-risk': { ladder: EARLY_CALL_LADDER } },
    },
  ],
};

const STORED_EXAMPLE = { strategy: STRATEGY_EXAMPLE, createdBy: 'supervisor-li', createdAt: '2026-11-10T02:15:00.000Z' };
const NO_SUCH_VERSION = { error: { code: 'STRATEGY_NOT_FOUND' as const, message: 'Strategy early-call has no version 3' } };

const READ_ROLES = ['supervisor', 'strategist', 'auditor'] as const;
const WRITE_ROLES = ['supervisor', 'strategist'] as const;

export function strategyRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'get',
    path: '/v1/strategies',
    tag: 'strategies',
    summary: 'Every strategy version, newest first, and the default for new cases',
    roles: [...READ_ROLES],
    response: {
      status: 200,
      description: 'Strategy versions',
      schema: z.object({ defaultStrategy: defaultChoiceSchema.nullable(), strategies: z.array(summarySchema) }),
    },
    examples: {
      response: {
        two: {
          summary: 'The seeded default and one added since',
          value: {
            defaultStrategy: { id: 'default', version: 1 },
            strategies: [
              {
                id: STRATEGY_EXAMPLE.id,
                version: STRATEGY_EXAMPLE.version,
                name: STRATEGY_EXAMPLE.name,
                description: STRATEGY_EXAMPLE.description,
                createdBy: STORED_EXAMPLE.createdBy,
                createdAt: STORED_EXAMPLE.createdAt,
                isDefault: false,
              },
              {
                id: DEFAULT_STRATEGY.id,
                version: DEFAULT_STRATEGY.version,
                name: DEFAULT_STRATEGY.name,
                description: DEFAULT_STRATEGY.description,
                createdBy: 'system',
                createdAt: '2026-06-01T00:00:00.000Z',
                isDefault: true,
              },
            ],
          },
        },
      },
      error: {
        summary: 'A token without a role that may read strategies',
        value: { error: { code: 'FORBIDDEN', message: 'This needs one of the roles supervisor, auditor, admin; your token has agent' } },
      },
    },
    async handler() {
      const { records, defaultStrategy } = await context.strategies.list();
      const strategies = records.map((record) => ({
        id: record.strategyId,
        version: record.version,
        name: record.name,
        description: record.description,
        createdBy: record.createdBy,
        createdAt: new Date(record.createdAt).toISOString(),
        isDefault: defaultStrategy?.id === record.strategyId && defaultStrategy.version === record.version,
      }));
      return { body: { defaultStrategy, strategies } };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/strategies/:id/versions/:version',
    tag: 'strategies',
    summary: 'One strategy version, whole',
    roles: [...READ_ROLES],
    params: z.strictObject({ id: strategyIdSchema, version: versionSchema }),
    response: { status: 200, description: 'The strategy document', schema: versionResponseSchema },
    errors: ['STRATEGY_NOT_FOUND'],
    examples: {
      response: { 'early-call': { summary: 'early-call v1, as stored', value: STORED_EXAMPLE } },
      error: { summary: 'No such version', value: NO_SUCH_VERSION },
    },
    async handler({ params }) {
      const found = await context.strategies.get(params.id, params.version);
      if (!found) throw new ApiError('STRATEGY_NOT_FOUND', `Strategy ${params.id} has no version ${params.version}`);
      return { body: { ...found, createdAt: found.createdAt.toISOString() } };
    },
  });

  api.route({
    method: 'post',
    path: '/v1/strategies',
    tag: 'strategies',
    summary: 'Add a strategy version',
    description:
      'The whole strategy document, validated before it is stored; each error names the field path (e.g. ' +
      '`body.variants.0.segments.high-risk.ladder.2.atDpd`). `version` must be above every stored version of the same id.',
    roles: [...WRITE_ROLES],
    rawBody: {
      'application/json': {
        schema: strategyDocumentSchema,
        examples: { 'early-call': { summary: 'One variant, the same ladder for every segment', value: STRATEGY_EXAMPLE } },
      },
    },
    response: { status: 201, description: 'Stored', schema: versionResponseSchema },
    errors: ['STRATEGY_VERSION_NOT_NEWER', 'UNSUPPORTED_MEDIA_TYPE', 'MALFORMED_JSON'],
    examples: {
      response: { stored: { summary: 'Stored as early-call v1', value: STORED_EXAMPLE } },
      error: {
        summary: 'A step out of order, named by its path',
        value: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request has invalid fields: body.variants.0.segments.high-risk.ladder.2.atDpd',
            details: [
              {
                path: 'body.variants.0.segments.high-risk.ladder.2.atDpd',
                message: 'must not be less than 15, the atDpd of the step before it (dpd15-demand-letter)',
              },
            ],
          },
        },
      },
    },
    async handler({ principal }, req) {
      if (!req.is('application/json')) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the strategy as Content-Type: application/json');
      const validation = validateStrategy(req.body);
      if (!validation.ok) {
        throw validationFailed(validation.errors.map(({ path, message }) => ({ path: path ? `body.${path}` : 'body', message })));
      }
      const created = await context.strategies.create(validation.strategy, principal.subject);
      if (!created.ok) {
        const { id, version } = validation.strategy;
        throw new ApiError(
          'STRATEGY_VERSION_NOT_NEWER',
          `Strategy ${id} already has version ${created.latestVersion}; a new version must be above it, not ${version}`,
        );
      }
      return { body: { ...created.version, createdAt: created.version.createdAt.toISOString() } };
    },
  });

  api.route({
    method: 'put',
    path: '/v1/strategies/default',
    tag: 'strategies',
    summary: 'Choose the strategy version new cases start on',
    description: 'Open cases keep the version they started with; move one with its move-strategy command.',
    roles: [...WRITE_ROLES],
    body: defaultChoiceSchema,
    response: { status: 200, description: 'The new default', schema: z.object({ defaultStrategy: defaultChoiceSchema }) },
    errors: ['STRATEGY_NOT_FOUND'],
    examples: {
      request: { 'early-call': { summary: 'New cases start on early-call v1', value: { id: 'early-call', version: 1 } } },
      response: { chosen: { summary: 'early-call v1 is the default now', value: { defaultStrategy: { id: 'early-call', version: 1 } } } },
      error: { summary: 'No such version', value: NO_SUCH_VERSION },
    },
    async handler({ body, principal }) {
      if (!(await context.strategies.chooseDefault(body.id, body.version, principal.subject))) {
        throw new ApiError('STRATEGY_NOT_FOUND', `Strategy ${body.id} has no version ${body.version}`);
      }
      return { body: { defaultStrategy: body } };
    },
  });
}

const [EXAMPLE_COHORT] = EXPERIMENT_REPORT_EXAMPLE.versions[0].cohorts;
const PROMOTED_EXAMPLE = {
  strategy: { ...STRATEGY_EXAMPLE, id: 'default', version: 3, variants: [{ ...STRATEGY_EXAMPLE.variants[0], name: 'champion', weight: 100 }] },
  createdBy: 'strategist-wang',
  createdAt: '2026-11-30T03:00:00.000Z',
  promotion: {
    from: { version: 2, variant: 'challenger', champion: 'champion' },
    reason: 'Cures 15 points more at 90 days (p = 0.034)',
    promotedBy: 'strategist-wang',
    promotedAt: '2026-11-30T03:00:00.000Z',
    figures: { asOf: EXPERIMENT_REPORT_EXAMPLE.asOf, variants: EXAMPLE_COHORT.variants, test: EXAMPLE_COHORT.tests[0] },
  },
};

/** Promoting a challenger: a new version whose champion is the winner, the default for new cases. */
export function strategyPromotionRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: '/v1/strategies/:id/promotions',
    tag: 'strategies',
    summary: 'Promote a challenger: a new version whose only variant is its ladder, the default for new cases',
    description:
      'The variant of `version` becomes the only variant (named champion, weight 100) of a new version, numbered one above the ' +
      "latest. The version carries the experiment's figures (see GET /v1/reports/experiments) and who promoted it and why; the " +
      'promotion is recorded in the audit trail; new cases start on it. Running cases keep the version they started on. ' +
      'The verdict does not bind: a challenger without a "better" verdict can be promoted, and its figures say so.',
    roles: [...WRITE_ROLES],
    params: z.strictObject({ id: strategyIdSchema }),
    body: promotionRequestSchema,
    response: { status: 201, description: 'The new version', schema: versionResponseSchema },
    errors: ['STRATEGY_NOT_FOUND', 'VARIANT_NOT_FOUND', 'VARIANT_IS_CHAMPION'],
    examples: {
      request: { challenger: { summary: 'The challenger of v2 won', value: { version: 2, variant: 'challenger', reason: 'Cures 15 points more at 90 days (p = 0.034)' } } },
      response: { promoted: { summary: 'default v3: the challenger of v2 as the champion', value: PROMOTED_EXAMPLE } },
      error: {
        summary: 'The champion itself',
        value: { error: { code: 'VARIANT_IS_CHAMPION', message: 'Variant champion is already the champion of default v2; promote a challenger (champion, challenger)' } },
      },
    },
    async handler({ params, body, principal }) {
      try {
        const promoted = await promoteChallenger(experimentDependencies(context), { strategyId: params.id, ...body, actor: principal.subject });
        return { body: { ...promoted, createdAt: promoted.createdAt.toISOString() } };
      } catch (error) {
        if (error instanceof PromotionRefusedError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  });
}
