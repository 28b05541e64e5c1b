// A restructured loan is graded at least 次级 while it is observed (the 2023
// risk-classification measures): the view, the read model's row, the list's
// classification filter and the portfolio counts say so, with the reason, and stop
// once the observation period is over, though the case never woke in between.
import { addMonths, DAY_MS } from '../../src/domain';
import { caseView } from '../../src/workflows/collection-case/messages';
import { isoDate, overdueLoan } from '../support/loans';
import { TEST_CONTACT } from '../support/channels';
import { sleepingAt } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const supervisor = () => suite.api.as('supervisor');

test('a loan restructured eleven months ago shows, lists and counts as 次级 at 16 DPD until its observation ends, then as 关注', async () => {
  const nowMs = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const loanId = 'restructured-1';
  // Restructured so that its twelve months of observation end three days from now.
  const restructuredOn = addMonths(isoDate(nowMs + 3 * DAY_MS), -12);
  const observedUntil = addMonths(restructuredOn, 12);
  const loan = { ...overdueLoan({ loanId, nowMs, daysPastDue: 16 }), restructuredOn };
  await supervisor().put(`/v1/loans/${loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  const caseId = (await supervisor().post('/v1/cases').send({ loanId }).expect(201)).body.case.caseId;
  await sleepingAt(suite.api, caseId, 16);

  const listed = async (query: Record<string, string | number | undefined>) =>
    ((await supervisor().get('/v1/cases').query({ status: 'open', ...query }).expect(200)).body.cases as { caseId: string }[]).filter(
      (row) => row.caseId === caseId,
    );
  const counts = async () => {
    const { byClassification, underObservation } = (await supervisor().get('/v1/portfolio/counts').expect(200)).body;
    return { byClassification, underObservation };
  };

  const floorReason = `restructured on ${restructuredOn}, observed until ${observedUntil}: at least 次级 (DPD 16 alone gives 关注)`;
  const held = await supervisor().get(`/v1/cases/${caseId}`).expect(200);
  expect(held.body.case).toMatchObject({
    daysPastDue: 16,
    restructuredOn,
    classification: { name: '次级', npl: true, reason: floorReason, observedUntil },
  });
  expect(held.body.readModel).toMatchObject({ daysPastDue: 16, classification: '次级', npl: true, classificationReason: floorReason, restructuredOn });
  expect(await listed({})).toEqual([expect.objectContaining({ classification: '次级', classificationReason: floorReason })]);
  expect((await listed({ classification: '次级' })).length).toBe(1);
  expect((await listed({ classification: '次级', bucket: 'M1' })).length).toBe(1);
  expect((await listed({ classification: '关注' })).length).toBe(0);
  expect(await counts()).toEqual({ byClassification: { 次级: 1 }, underObservation: 1 });
  // The case itself graded it so, in its own view and in the search attribute it published.
  const handle = suite.env.client.workflow.getHandle(caseId);
  expect((await handle.query(caseView)).classification).toMatchObject({ name: '次级', reason: floorReason, observedUntil });
  const published = (await handle.fetchHistory()).events!.flatMap((event) => {
    const grade = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.ArrearsClassification?.data;
    return grade ? [JSON.parse(Buffer.from(grade).toString())] : [];
  });
  expect(published).toEqual(['次级']);

  // Four days on the case has not woken (its next step is at DPD 30); the observation ended yesterday.
  await suite.sleep('4 days');
  const after = await supervisor().get(`/v1/cases/${caseId}`).expect(200);
  const dpdReason = `DPD 20: 关注 (1–90 DPD); the restructuring on ${restructuredOn} was observed until ${observedUntil}`;
  expect(after.body.case).toMatchObject({ daysPastDue: 20, classification: { name: '关注', npl: false, reason: dpdReason } });
  expect(after.body.case.classification.observedUntil).toBeUndefined();
  expect(after.body.readModel).toMatchObject({ daysPastDue: 20, classification: '关注', npl: false, classificationReason: dpdReason });
  expect((await listed({ classification: '关注' })).length).toBe(1);
  expect((await listed({ classification: '次级' })).length).toBe(0);
  expect(await counts()).toEqual({ byClassification: { 关注: 1 }, underObservation: 0 });
  await supervisor().post(`/v1/cases/${caseId}/commands/close`).send({ reason: 'test over' }).expect(200);
});

test('a running case whose loan the loan system marks restructured is graded at the floor from then on', async () => {
  const nowMs = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  const loanId = 'restructured-2';
  const loan = overdueLoan({ loanId, nowMs, daysPastDue: 16 });
  await supervisor().put(`/v1/loans/${loanId}`).send({ loan, contact: TEST_CONTACT }).expect(201);
  const caseId = (await supervisor().post('/v1/cases').send({ loanId }).expect(201)).body.case.caseId;
  await sleepingAt(suite.api, caseId, 16);
  expect((await supervisor().get(`/v1/cases/${caseId}`).expect(200)).body.case.classification).toEqual({
    scheme: 'loan-default',
    name: '关注',
    npl: false,
    reason: 'DPD 16: 关注 (1–90 DPD)',
  });

  const restructuredOn = isoDate(nowMs);
  await supervisor().put(`/v1/loans/${loanId}`).send({ loan: { ...loan, restructuredOn }, contact: TEST_CONTACT }).expect(200);
  for (let attempt = 0; ; attempt++) {
    const { body } = await supervisor().get(`/v1/cases/${caseId}`).expect(200);
    if (body.readModel.restructuredOn === restructuredOn) {
      expect(body.case).toMatchObject({ restructuredOn, classification: { name: '次级', observedUntil: addMonths(restructuredOn, 12) } });
      expect(body.readModel).toMatchObject({ classification: '次级', npl: true });
      break;
    }
    if (attempt === 100) throw new Error(`the case never heard of the restructuring: ${JSON.stringify(body.readModel)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await supervisor().post(`/v1/cases/${caseId}/commands/close`).send({ reason: 'test over' }).expect(200);
});
