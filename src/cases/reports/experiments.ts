// The strategy experiments report: per strategy version, per cohort (entry month,
// and 'all' cohorts together), each variant's cure rates and share recovered at
// 30, 60 and 90 days with their intervals, its contacts' cost, and each challenger
// tested against the champion. One streamed pass over the strategy's experiment
// facts (src/db/experiment-facts.ts), grouped in code: FerretDB has no $group
// accumulator beyond $sum, and the intervals need the cases, not only sums.
import type mongoose from 'mongoose';
import { experimentFactsOf, factsOf } from '../../db/experiment-facts';
import type { StrategyStore } from '../../db/strategies';
import { csvTable, type CsvCell } from './csv';
import {
  armFigures,
  championOf,
  testChallenger,
  type ArmFigures,
  type CaseExperimentFacts,
  type ChallengerTest,
  type ContactCosts,
} from '../../domain/experiments';

export interface ExperimentQuery {
  strategy: string;
  version?: number;
  cohort?: string;
  /** The variant to test the others against; by default the one with the largest weight. */
  champion?: string;
}

export interface CohortExperiment {
  /** 'YYYY-MM', or 'all' for every cohort of the version together. */
  cohort: string;
  variants: ArmFigures[];
  tests: ChallengerTest[];
}

export interface VersionExperiment {
  strategy: string;
  version: number;
  champion: string;
  cohorts: CohortExperiment[];
}

export interface ExperimentReport {
  asOf: string;
  minimumPerArm: number;
  costs: ContactCosts;
  versions: VersionExperiment[];
}

export interface ExperimentDependencies {
  database: mongoose.Connection;
  strategies: StrategyStore;
  businessNow(): number;
  costs: ContactCosts;
  minimumPerArm: number;
}

function cohortFigures(cohort: string, byVariant: Map<string, CaseExperimentFacts[]>, champion: string, deps: ExperimentDependencies, nowMs: number): CohortExperiment {
  const variants = [...byVariant].sort(([a], [b]) => (a === champion ? -1 : b === champion ? 1 : a.localeCompare(b)))
    .map(([variant, cases]) => armFigures(variant, cases, deps.costs, nowMs));
  const championArm = variants.find((arm) => arm.variant === champion);
  const tests = championArm ? variants.filter((arm) => arm !== championArm).map((arm) => testChallenger(arm, championArm, deps.minimumPerArm)) : [];
  return { cohort, variants, tests };
}

export async function experimentReport(deps: ExperimentDependencies, query: ExperimentQuery): Promise<ExperimentReport> {
  const nowMs = deps.businessNow();
  // version → cohort → variant → cases
  const grouped = new Map<number, Map<string, Map<string, CaseExperimentFacts[]>>>();
  for await (const record of experimentFactsOf(deps.database, { strategyId: query.strategy, version: query.version, cohort: query.cohort })) {
    const cohorts = grouped.get(record.version) ?? grouped.set(record.version, new Map()).get(record.version)!;
    const variants = cohorts.get(record.cohort) ?? cohorts.set(record.cohort, new Map()).get(record.cohort)!;
    const cases = variants.get(record.variant) ?? variants.set(record.variant, []).get(record.variant)!;
    cases.push(factsOf(record));
  }
  const versions: VersionExperiment[] = [];
  for (const [version, cohorts] of [...grouped].sort(([a], [b]) => b - a)) {
    const stored = await deps.strategies.get(query.strategy, version);
    const all = new Map<string, CaseExperimentFacts[]>();
    for (const variants of cohorts.values()) for (const [variant, cases] of variants) all.set(variant, [...(all.get(variant) ?? []), ...cases]);
    const champion = championOf(stored?.strategy.variants ?? [...all].map(([name, cases]) => ({ name, weight: cases.length })), query.champion)!;
    const perCohort = [...cohorts].sort(([a], [b]) => a.localeCompare(b)).map(([cohort, variants]) => cohortFigures(cohort, variants, champion, deps, nowMs));
    versions.push({ strategy: query.strategy, version, champion, cohorts: [...perCohort, ...(cohorts.size > 1 ? [cohortFigures('all', all, champion, deps, nowMs)] : [])] });
  }
  return { asOf: new Date(nowMs).toISOString(), minimumPerArm: deps.minimumPerArm, costs: deps.costs, versions };
}

const fixed = (value: number | null | undefined, digits = 4) => (value === null || value === undefined ? '' : value.toFixed(digits));

const WINDOW_COLUMNS = [30, 60, 90].flatMap((d) => [`n_${d}d`, `cured_${d}d`, `cure_rate_${d}d`, `cure_low_${d}d`, `cure_high_${d}d`, `recovered_share_${d}d`, `recovered_low_${d}d`, `recovered_high_${d}d`]);

/** One row per strategy version, cohort and variant; a challenger's row carries its test against the champion. */
export function experimentCsv(report: ExperimentReport): string {
  const header = ['strategy', 'version', 'cohort', 'variant', 'role', 'n', ...WINDOW_COLUMNS, 'contact_cost', 'cost_per_case', 'cost_per_cure', 'test_days', 'z', 'p', 'verdict'];
  const rows: CsvCell[][] = [];
  for (const version of report.versions) {
    for (const cohort of version.cohorts) {
      for (const arm of cohort.variants) {
        const test = cohort.tests.find((t) => t.variant === arm.variant);
        const windows = arm.windows.flatMap((w) => [
          w.n, w.cured, fixed(w.cureRate), fixed(w.cureInterval?.low), fixed(w.cureInterval?.high),
          fixed(w.recovery.share), fixed(w.recovery.interval?.low), fixed(w.recovery.interval?.high),
        ]);
        rows.push(
          [
            version.strategy, version.version, cohort.cohort, arm.variant, arm.variant === version.champion ? 'champion' : 'challenger', arm.n, ...windows,
            arm.cost.total, fixed(arm.cost.perCase, 2), fixed(arm.cost.perCure, 2),
            test?.days ?? '', fixed(test?.test?.z), fixed(test?.test?.p), test?.verdict.text ?? '',
          ],
        );
      }
    }
  }
  return csvTable(header, rows);
}
