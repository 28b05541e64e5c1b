// A synthetic experiment: facts of cases with set outcomes, inserted as the records activity would keep them.
import type mongoose from 'mongoose';
import { experimentFactsModel, type ExperimentFactsRecord } from '../../src/db/experiment-facts';

const DAY = 86_400_000;

/** `n` cases of one arm entered `daysAgo` days ago, owing 10,000 each; the first `cured` paid in full on day 40; one SMS each. */
export function experimentArm(strategyId: string, version: number, variant: string, n: number, cured: number, daysAgo = 100): ExperimentFactsRecord[] {
  const enteredAt = new Date(Date.now() - daysAgo * DAY);
  const paidAt = new Date(enteredAt.getTime() + 40 * DAY);
  return Array.from({ length: n }, (_, i) => ({
    _id: `case-${strategyId}-${version}-${variant}-${i}:run-1`,
    caseId: `case-${strategyId}-${version}-${variant}-${i}`,
    loanId: `${strategyId}-${version}-${variant}-${i}`,
    run: 1,
    strategyId,
    version,
    variant,
    enteredAt,
    cohort: enteredAt.toISOString().slice(0, 7),
    balanceAtEntry: 10_000,
    currency: 'USD',
    ...(i < cured && { outcome: 'paid' as const, closedAt: paidAt }),
    payments: (i < cured ? { s9: { amount: 10_000, at: paidAt, byAgency: false } } : {}) as ExperimentFactsRecord['payments'],
    contacts: { s5: { channel: 'sms', at: new Date(enteredAt.getTime() + DAY) } },
  }));
}

export async function insertExperiment(connection: mongoose.Connection, arms: ExperimentFactsRecord[][]): Promise<void> {
  await experimentFactsModel(connection).insertMany(arms.flat());
}
