// The records activity keeps each case run's experiment facts on the real
// MongoDB-compatible server: the entry (assignment, and the balance before a payment
// that came in the same turn), payments and contacts once each however often a
// turn is recorded or overlaps the one before, the closure, and a reopened run apart.
import { CASE_VIEW_EXAMPLE } from '../../src/api/case-schemas';
import { createCaseRecordActivities, type CaseProgress } from '../../src/activities/case-records';
import { experimentFactsId, experimentFactsModel, factsOf, type ExperimentFactsRecord } from '../../src/db/experiment-facts';
import type { CaseEvent, CaseView } from '../../src/domain';
import { openTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.drop());

const event = (seq: number, type: CaseEvent['type'], at: string, data?: Record<string, unknown>, actor = 'system'): CaseEvent => ({ seq, at, type, actor, reason: type, data });

function turn(caseId: string, events: CaseEvent[], view: Partial<CaseView>): CaseProgress {
  const whole = { ...CASE_VIEW_EXAMPLE, caseId, loanId: `loan-${caseId}`, run: 1, eventCount: events[events.length - 1].seq, ...view };
  return { caseId, loanId: whole.loanId, events, view: whole };
}

const factsOfRun = async (caseId: string, run = 1) =>
  experimentFactsModel(db.connection).findById(experimentFactsId(caseId, run)).lean<ExperimentFactsRecord>();

test('entry, payments, contacts and closure, each once, however often a turn comes', async () => {
  const { recordCaseProgress } = createCaseRecordActivities(db.connection);
  const strategy = { id: 'default', version: 2, variant: 'champion' };
  const opened = turn(
    'case-facts',
    [
      event(1, 'opened', '2026-03-10T02:00:00.000Z', { variant: 'sms-early-stage' }),
      event(2, 'action', '2026-03-10T02:01:00.000Z', { channel: 'sms', status: 'sent', step: 'dpd1' }),
      event(3, 'action', '2026-03-10T02:02:00.000Z', { channel: 'letter', status: 'deferred', step: 'dpd1' }),
      event(4, 'payment', '2026-03-10T03:00:00.000Z', { amount: 2_000, outstanding: 8_000 }, 'pay-1'),
    ],
    { strategy: { ...strategy, variant: 'sms-early-stage' }, balance: 8_000, eventCount: 4 },
  );
  await recordCaseProgress(opened);
  await Promise.all([recordCaseProgress(opened), recordCaseProgress(opened)]);
  const later = turn(
    'case-facts',
    [
      event(4, 'payment', '2026-03-10T03:00:00.000Z', { amount: 2_000, outstanding: 8_000 }, 'pay-1'),
      event(5, 'payment', '2026-04-20T03:00:00.000Z', { amount: 8_000, outstanding: 0 }, 'agency:pl-1:r-1'),
      event(6, 'closed', '2026-04-20T03:00:01.000Z', { outcome: 'paid' }),
    ],
    { strategy: { ...strategy, variant: 'sms-early-stage' }, balance: 0, eventCount: 6 },
  );
  await recordCaseProgress(later);
  await recordCaseProgress(later);

  const facts = (await factsOfRun('case-facts'))!;
  expect(facts).toMatchObject({ strategyId: 'default', version: 2, variant: 'sms-early-stage', cohort: '2026-03', balanceAtEntry: 10_000, outcome: 'paid' });
  const domain = factsOf(facts);
  expect(domain.payments.map((p) => [p.amount, p.byAgency])).toEqual([[2_000, false], [8_000, true]]);
  expect(domain.contacts.map((c) => c.channel)).toEqual(['sms']);
  expect(domain.closedAtMs).toBe(Date.parse('2026-04-20T03:00:01.000Z'));
});

test('a reopened run has facts of its own; a turn with nothing the facts keep writes nothing', async () => {
  const { recordCaseProgress } = createCaseRecordActivities(db.connection);
  await recordCaseProgress(turn('case-runs', [event(1, 'opened', '2026-05-01T00:00:00.000Z', { variant: 'champion' })], { balance: 5_000 }));
  await recordCaseProgress(turn('case-runs', [event(2, 'decision', '2026-05-02T00:00:00.000Z')], { balance: 5_000 }));
  await recordCaseProgress(turn('case-runs', [event(9, 'opened', '2026-07-01T00:00:00.000Z', { variant: 'champion', run: 2 })], { run: 2, balance: 7_000 }));
  expect(await factsOfRun('case-runs', 1)).toMatchObject({ cohort: '2026-05', balanceAtEntry: 5_000, payments: {}, contacts: {} });
  expect(await factsOfRun('case-runs', 2)).toMatchObject({ run: 2, cohort: '2026-07', balanceAtEntry: 7_000 });
  expect(await experimentFactsModel(db.connection).countDocuments({ caseId: 'case-runs' })).toBe(2);
});
