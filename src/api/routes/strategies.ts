// Strategy versions: list, read, add a version, choose the default for new
// cases. A stored version never changes, since cases are pinned to it.
import { z } from 'zod';
import { validateStrategy } from '../../domain';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';
import { strategyDocumentSchema } from '../strategy-document';
import { validationFailed } from '../validation';

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
const versionResponseSchema = z.object({ strategy: strategyDocumentSchema, createdBy: z.string(), createdAt: z.string() });

const READ_ROLES = ['supervisor', 'auditor'] as const;
const WRITE_ROLES = ['supervisor'] as const;

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
    rawBody: { 'application/json': { schema: strategyDocumentSchema } },
    response: { status: 201, description: 'Stored', schema: versionResponseSchema },
    errors: ['STRATEGY_VERSION_NOT_NEWER', 'UNSUPPORTED_MEDIA_TYPE', 'MALFORMED_JSON'],
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
    async handler({ body, principal }) {
      if (!(await context.strategies.chooseDefault(body.id, body.version, principal.subject))) {
        throw new ApiError('STRATEGY_NOT_FOUND', `Strategy ${body.id} has no version ${body.version}`);
      }
      return { body: { defaultStrategy: body } };
    },
  });
}
