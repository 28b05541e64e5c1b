// Promoting a challenger: the winning variant's ladders become the only variant
// (weight 100) of a new version of its strategy, which carries the experiment's
// figures, is recorded in the audit trail and becomes the default for new cases.
// Running cases keep the version they started on: a version never changes.
import { recordStrategyPromotion } from '../db/audit';
import type { StrategyVersion } from '../db/strategies';
import { validateStrategy, type Strategy } from '../domain';
import { championOf, type StrategyPromotion } from '../domain/experiments';
import { experimentReport, type ExperimentDependencies } from './reports/experiments';

export interface PromotionRequest {
  strategyId: string;
  version: number;
  variant: string;
  reason: string;
  actor: string;
}

export class PromotionRefusedError extends Error {
  override name = 'PromotionRefusedError';
  constructor(
    readonly code: 'STRATEGY_NOT_FOUND' | 'VARIANT_NOT_FOUND' | 'VARIANT_IS_CHAMPION',
    message: string,
  ) {
    super(message);
  }
}

/** Attempts at a free version number when another promotion or publication takes the one chosen first. */
const ATTEMPTS = 3;

export async function promoteChallenger(deps: ExperimentDependencies, request: PromotionRequest): Promise<StrategyVersion> {
  const { strategyId, version, variant, reason, actor } = request;
  const source = await deps.strategies.get(strategyId, version);
  if (!source) throw new PromotionRefusedError('STRATEGY_NOT_FOUND', `Strategy ${strategyId} has no version ${version}`);
  const winner = source.strategy.variants.find((candidate) => candidate.name === variant);
  const names = source.strategy.variants.map((candidate) => candidate.name).join(', ');
  if (!winner) throw new PromotionRefusedError('VARIANT_NOT_FOUND', `Strategy ${strategyId} v${version} has no variant ${variant}; its variants are ${names}`);
  const champion = championOf(source.strategy.variants)!;
  if (variant === champion) {
    throw new PromotionRefusedError('VARIANT_IS_CHAMPION', `Variant ${variant} is already the champion of ${strategyId} v${version}; promote a challenger (${names})`);
  }

  const report = await experimentReport(deps, { strategy: strategyId, version, champion });
  const cohorts = report.versions[0]?.cohorts ?? [];
  const pooled = cohorts.find((cohort) => cohort.cohort === 'all') ?? cohorts[0];
  const promotion: StrategyPromotion = {
    from: { version, variant, champion },
    reason,
    promotedBy: actor,
    promotedAt: new Date().toISOString(),
    figures: {
      asOf: report.asOf,
      variants: pooled?.variants.filter((arm) => arm.variant === variant || arm.variant === champion) ?? [],
      test: pooled?.tests.find((test) => test.variant === variant) ?? null,
    },
  };

  for (let attempt = 1; ; attempt++) {
    const next = (await deps.strategies.latestVersion(strategyId)) + 1;
    const candidate: Strategy = {
      ...source.strategy,
      version: next,
      description: `${source.strategy.description} Promoted from variant ${variant} of v${version}: ${reason}`.slice(0, 2000),
      variants: [{ ...winner, name: 'champion', weight: 100 }],
    };
    const validation = validateStrategy(candidate);
    if (!validation.ok) throw new Error(`The promoted strategy is invalid: ${validation.errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`);
    const created = await deps.strategies.create(validation.strategy, actor, promotion);
    if (!created.ok) {
      if (attempt < ATTEMPTS) continue;
      throw new Error(`Strategy ${strategyId} kept gaining versions; try the promotion again`);
    }
    await recordStrategyPromotion(deps.database, {
      strategyId, version: next, actor, at: new Date(promotion.promotedAt),
      reason: `variant ${variant} of ${strategyId} v${version} promoted to champion of v${next}: ${reason}`,
      data: { ...promotion },
    });
    await deps.strategies.chooseDefault(strategyId, next, actor);
    return created.version;
  }
}
