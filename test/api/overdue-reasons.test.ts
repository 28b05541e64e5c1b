// The record-reason command through the API: the case answers with its latest
// overdue reason and the history, the case's detail shows them, and a code not
// in the list is refused with the field's path before it reaches the case.
import { overdueLoan } from '../support/loans';
import { noonZone } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();

async function openedCase(loanId: string): Promise<string> {
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 12, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: { name: '王芳', phone: '+8613912345670' } }).expect(201);
  const opened = await suite.api.as('supervisor').post('/v1/cases').send({ loanId });
  expect(opened.status).toBe(201);
  return opened.body.case.caseId as string;
}

test('a supervisor records why the loan is overdue: the answer and the detail show the latest reason and its history; an unknown code is 422 naming body.code', async () => {
  const caseId = await openedCase('reason-1');
  const command = (body: object) => suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/record-reason`).send(body);

  const first = await command({ code: 'illness', note: 'in hospital since October' });
  expect(first.status).toBe(200);
  expect(first.body.overdueReason).toMatchObject({ code: 'illness', note: 'in hospital since October', actor: 'supervisor-1', source: 'supervisor' });
  const second = await command({ code: 'income-drop' });
  expect(second.body.overdueReason).toMatchObject({ code: 'income-drop', actor: 'supervisor-1' });
  expect(second.body.overdueReason).not.toHaveProperty('note');
  expect(second.body.recentEvents.at(-1)).toMatchObject({ type: 'reason', actor: 'supervisor-1', reason: 'overdue reason income-drop recorded by a supervisor' });

  const detail = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
  expect(detail.overdueReasons.map((reason: { code: string }) => reason.code)).toEqual(['illness', 'income-drop']);
  expect(detail.overdueReason.code).toBe('income-drop');

  const unknown = await command({ code: 'job-loss', note: 'laid off' });
  expect(unknown.status).toBe(422);
  expect(unknown.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.code']);
  expect((await command({ note: 'no code' })).body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.code']);
  expect((await suite.api.as('agent').post(`/v1/cases/${caseId}/commands/record-reason`).send({ code: 'forgot' })).status).toBe(403);
  expect((await suite.api.as('supervisor').get(`/v1/cases/${caseId}`)).body.case.overdueReasons).toHaveLength(2);
});
