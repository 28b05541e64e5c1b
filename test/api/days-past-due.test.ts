// Days past due, bucket and classification are as of now, not as of the case's
// last wake-up: a case sleeps from one ladder step to the next while its DPD
// keeps counting, and views, lists and list filters must say what is true today.
import { overdueLoan } from '../support/loans';
import { TEST_CONTACT } from '../support/channels';
import { sleepingAt } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const supervisor = () => suite.api.as('supervisor');

test('a case asleep between its DPD-90 and DPD-120 steps shows, lists and filters at its DPD today', async () => {
  const nowMs = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const loanId = 'dpd-now-1';
  await supervisor().put(`/v1/loans/${loanId}`).send({ loan: overdueLoan({ loanId, nowMs, daysPastDue: 90 }), contact: TEST_CONTACT }).expect(201);
  const caseId = (await supervisor().post('/v1/cases').send({ loanId }).expect(201)).body.case.caseId;
  await sleepingAt(suite.api, caseId, 90);

  // Five days on the case has not woken (its next step is at DPD 120), but the loan is 95 days late: M4, 次级, non-performing.
  await suite.sleep('5 days');
  const loan = await supervisor().get(`/v1/loans/${loanId}`).expect(200);
  expect(loan.body).toMatchObject({ daysPastDue: 95, bucket: 'M4' });
  const detail = await supervisor().get(`/v1/cases/${caseId}`).expect(200);
  expect(detail.body.case).toMatchObject({ daysPastDue: 95, bucket: 'M4', classification: { name: '次级', npl: true }, nextAction: { atDpd: 120 } });
  expect(detail.body.readModel).toMatchObject({ daysPastDue: 95, bucket: 'M4', classification: '次级', npl: true });

  const listed = async (query: Record<string, string | number | undefined>) =>
    ((await supervisor().get('/v1/cases').query({ status: 'open', ...query }).expect(200)).body.cases as { caseId: string; daysPastDue: number }[]).filter(
      (row) => row.caseId === caseId,
    );
  expect(await listed({})).toEqual([expect.objectContaining({ daysPastDue: 95, bucket: 'M4' })]);
  for (const matching of [{ bucket: 'M4' }, { dpdMin: 91 }, { dpdMin: 95, dpdMax: 95 }, { classification: '次级' }, { bucket: 'M4', classification: '次级', dpdMax: 100 }]) {
    expect({ matching, found: (await listed(matching)).length }).toEqual({ matching, found: 1 });
  }
  for (const excluding of [{ bucket: 'M3' }, { dpdMax: 90 }, { dpdMin: 96 }, { classification: '关注' }, { bucket: 'M4', classification: '关注' }]) {
    expect({ excluding, found: (await listed(excluding)).length }).toEqual({ excluding, found: 0 });
  }
  await supervisor().post(`/v1/cases/${caseId}/commands/close`).send({ reason: 'test over' }).expect(200);
});
