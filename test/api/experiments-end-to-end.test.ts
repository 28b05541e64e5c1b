// The experiment facts on a real worker (time-skipping server): the records
// activity keeps a case's assignment and balance at entry, its payments (once
// each) and its closure; a promotion makes the challenger the default for new
// cases while a running case keeps the version it started on.
import { experimentFactsModel, experimentFactsId, type ExperimentFactsRecord } from '../../src/db/experiment-facts';
import { DEFAULT_STRATEGY } from '../../src/domain';
import { noonZone } from '../support/api';
import { overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const supervisor = () => suite.api.as('supervisor');
const contact = { name: 'Test Debtor', phone: '+8613912345678', address: 'Test Address 1' };

async function openedCase(loanId: string) {
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 12, timeZone: noonZone() });
  await supervisor().put(`/v1/loans/${loanId}`).send({ loan, contact }).expect(201);
  const opened = await supervisor().post('/v1/cases').send({ loanId }).expect(201);
  return { loan, view: opened.body.case };
}

/** The case run's facts once they satisfy the predicate; the records activity writes them after the case's turn. */
async function factsOnceThey(caseId: string, predicate: (facts: ExperimentFactsRecord) => boolean): Promise<ExperimentFactsRecord> {
  const Facts = experimentFactsModel(suite.db.connection);
  for (let attempt = 0; attempt < 150; attempt++) {
    const facts = await Facts.findById(experimentFactsId(caseId, 1)).lean<ExperimentFactsRecord>();
    if (facts && predicate(facts)) return facts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${caseId}'s experiment facts never got there`);
}

async function viewOf(caseId: string) {
  return (await supervisor().get(`/v1/cases/${caseId}`).expect(200)).body.case;
}

test('a case keeps its facts; after a promotion it stays on its version while a new case starts on the promoted one', async () => {
  const { loan, view } = await openedCase('exp-running');
  const caseId = view.caseId as string;
  const entry = await factsOnceThey(caseId, () => true);
  expect(entry).toMatchObject({
    strategyId: 'default',
    version: DEFAULT_STRATEGY.version,
    variant: view.strategy.variant,
    balanceAtEntry: loan.outstanding,
    run: 1,
  });
  expect(entry.cohort).toBe(new Date(entry.enteredAt).toISOString().slice(0, 7));

  const today = new Date().toISOString().slice(0, 10);
  await supervisor().post('/v1/loans/exp-running/payments').send({ amount: 1_500, date: today, reference: 'exp-pay-1' }).expect(201);
  const paid = await factsOnceThey(caseId, (facts) => Object.keys(facts.payments).length > 0);
  expect(Object.values(paid.payments)).toEqual([{ amount: 1_500, at: expect.any(Date), byAgency: false }]);

  const challenger = DEFAULT_STRATEGY.variants[1].name;
  const promoted = await suite.api.as('strategist').post('/v1/strategies/default/promotions').send({ version: DEFAULT_STRATEGY.version, variant: challenger, reason: 'end-to-end' });
  expect(promoted.status).toBe(201);
  const next = promoted.body.strategy.version;
  expect(next).toBe(DEFAULT_STRATEGY.version + 1);

  const { view: newCase } = await openedCase('exp-new');
  expect(newCase.strategy).toEqual({ id: 'default', version: next, variant: 'champion' });

  // The running case takes another turn (a second payment) and is still on the version it started on.
  await supervisor().post('/v1/loans/exp-running/payments').send({ amount: 500, date: today, reference: 'exp-pay-2' }).expect(201);
  await factsOnceThey(caseId, (facts) => Object.keys(facts.payments).length === 2);
  expect((await viewOf(caseId)).strategy).toEqual(view.strategy);

  await supervisor().post(`/v1/cases/${caseId}/commands/close`).send({ reason: 'settled in branch', outcome: 'settled' }).expect(200);
  const closed = await factsOnceThey(caseId, (facts) => facts.outcome !== undefined);
  expect(closed.outcome).toBe('settled');
  expect(Object.values(closed.payments).map((payment) => payment.amount).sort()).toEqual([1_500, 500].sort());

  const report = await suite.api.as('supervisor').get(`/v1/reports/experiments?strategy=default&version=${DEFAULT_STRATEGY.version}`);
  const arms = report.body.versions[0].cohorts[0].variants;
  expect(arms.find((arm: { variant: string }) => arm.variant === view.strategy.variant)).toMatchObject({ n: 1 });
});
