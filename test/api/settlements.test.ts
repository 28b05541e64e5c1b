// Settlements and hardship holds through the API: the actor is the signed-in
// supervisor, so the proposer's own approval is refused as 409 with reason
// FOUR_EYES and another supervisor's is taken; the case's detail shows the
// settlement; a hardship hold's bad date is 422 naming the field, and one
// longer than the policy allows is refused by the case with its sentence; the
// portfolio counts open cases by hold.
import { DAY_MS } from '../../src/domain';
import { noonZone, tokenFor } from '../support/api';
import { isoDate, overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();

async function openedCase(loanId: string): Promise<{ caseId: string; asOfMs: number }> {
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 12, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: { name: '王芳', phone: '+8613912345670' } }).expect(201);
  const opened = await suite.api.as('supervisor').post('/v1/cases').send({ loanId });
  expect(opened.status).toBe(201);
  return { caseId: opened.body.case.caseId as string, asOfMs: Date.parse(opened.body.case.asOf) };
}

test("the proposer's own approval is refused through the API (409, FOUR_EYES); a second supervisor's offers the settlement", async () => {
  const { caseId, asOfMs } = await openedCase('settle-api-1');
  const by = isoDate(asOfMs + 10 * DAY_MS);
  const path = (name: string) => `/v1/cases/${caseId}/commands/${name}`;
  const balance = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case.balance as number;
  const amount = Math.floor(balance * 0.7);

  const offered = await suite.api.as('supervisor').post(path('offer-settlement')).send({ amount, by, reason: 'lost his job' });
  expect(offered.status).toBe(200);
  expect(offered.body.settlement).toMatchObject({ status: 'pending-approval', amount, by, proposer: 'supervisor-1', approver: null, needsApproval: true });

  const own = await suite.api.as('supervisor').post(path('approve-settlement')).send({});
  expect(own.status).toBe(409);
  expect(own.body.error).toEqual({
    code: 'CASE_COMMAND_REJECTED',
    reason: 'FOUR_EYES',
    message: 'supervisor-1 proposed this settlement and cannot approve it too: a second person must approve a discount above the threshold (four eyes)',
  });

  const second = suite.api.withToken(await tokenFor('supervisor-2', ['supervisor']));
  const approved = await second.post(path('approve-settlement')).send({ reason: 'payroll letter seen' });
  expect(approved.status).toBe(200);
  expect(approved.body.settlement).toMatchObject({ status: 'offered', proposer: 'supervisor-1', approver: 'supervisor-2' });
  expect(approved.body.holds).toEqual([expect.objectContaining({ kind: 'settlement', amount, actor: 'supervisor-2' })]);
  const detail = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
  expect(detail.settlement).toMatchObject({ status: 'offered', approver: 'supervisor-2' });

  const again = await second.post(path('offer-settlement')).send({ amount, by });
  expect(again.status).toBe(409);
  expect(again.body.error.reason).toBe('SETTLEMENT_OPEN');
  expect((await suite.api.as('agent').post(path('approve-settlement')).send({})).status).toBe(403);
  const rejected = await second.post(path('reject-settlement')).send({ reason: 'debtor has savings' });
  expect(rejected.body.settlement).toMatchObject({ status: 'rejected' });
  expect(rejected.body.holds).toEqual([]);
});

test('a hardship hold through the API: a malformed date is 422 naming body.until, one past the longest hold is refused by the case, one within it holds', async () => {
  const { caseId, asOfMs } = await openedCase('settle-api-2');
  const command = (body: object) => suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/hardship-hold`).send(body);

  const malformed = await command({ reason: 'in hospital', until: '31/01/2027' });
  expect(malformed.status).toBe(422);
  expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.until']);
  const tooLong = await command({ reason: 'in hospital', until: isoDate(asOfMs + 91 * DAY_MS) });
  expect(tooLong.status).toBe(409);
  expect(tooLong.body.error).toMatchObject({ reason: 'DATE_TOO_FAR', message: expect.stringContaining('at most 90 days') });

  const until = isoDate(asOfMs + 30 * DAY_MS);
  const held = await command({ reason: 'in hospital', until, code: 'illness' });
  expect(held.status).toBe(200);
  expect(held.body.holds).toEqual([expect.objectContaining({ kind: 'hardship', code: 'illness', until: new Date(Date.parse(until) + DAY_MS).toISOString() })]);
  // The read model counts open cases by hold, once the case has written its row.
  for (let attempt = 0; ; attempt++) {
    const counts = (await suite.api.as('supervisor').get('/v1/portfolio/counts').expect(200)).body;
    if (counts.byHold.hardship === 1) break;
    if (attempt === 100) throw new Error(`no hardship hold counted: ${JSON.stringify(counts.byHold)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ended = await suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/end-hardship-hold`).send({ reason: 'back at work' });
  expect(ended.status).toBe(200);
  expect(ended.body.holds).toEqual([]);
  for (let attempt = 0; ; attempt++) {
    const counts = (await suite.api.as('supervisor').get('/v1/portfolio/counts').expect(200)).body;
    if (counts.byHold.hardship === undefined) break;
    if (attempt === 100) throw new Error(`the ended hold is still counted: ${JSON.stringify(counts.byHold)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

test("a settlement paid through the loan system's payments closes the case settled; the audit trail's timeline records what was written off", async () => {
  const { caseId, asOfMs } = await openedCase('settle-api-3');
  const balance = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case.balance as number;
  // 10% off: within the threshold, offered at once.
  const amount = Math.ceil(balance * 0.9);
  const offered = await suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/offer-settlement`).send({ amount, by: isoDate(asOfMs + 5 * DAY_MS) });
  expect(offered.body.settlement).toMatchObject({ status: 'offered', needsApproval: false });

  const paid = await suite.api.as('supervisor').post('/v1/loans/settle-api-3/payments').send({ amount, date: isoDate(asOfMs), reference: 'settle-api-3-pay' });
  expect(paid.status).toBeLessThan(300);
  let view;
  for (let attempt = 0; ; attempt++) {
    view = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
    if (view.status === 'closed') break;
    if (attempt === 100) throw new Error(`the case did not close: ${JSON.stringify(view.settlement)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(view.closure).toMatchObject({ outcome: 'settled', reason: expect.stringMatching(new RegExp(`the remaining ${balance - amount} written off$`)) });
  expect(view.settlement).toMatchObject({ status: 'paid', paidSoFar: amount, writtenOff: balance - amount });
  const { body: timeline } = await suite.api.as('auditor').get(`/v1/cases/${caseId}/timeline`).expect(200);
  expect(timeline.events.find((event: { type: string }) => event.type === 'settlement-paid')).toMatchObject({ actor: 'system', data: { writtenOff: balance - amount } });
});
