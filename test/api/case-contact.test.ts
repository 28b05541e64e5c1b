// The case page's particulars and the reveal of the debtor's contact details,
// through the API against a real worker and FerretDB: the case's GET shows the
// contact masked beside the loan, ladder, payments and guard verdicts; only a
// supervisor (or admin) reveals it, with a reason; the reveal is recorded
// before the answer and shows in the timeline; the case's and the loan's GET
// stay masked after.
import { overdueLoan } from '../support/loans';
import { noonZone, rolesOtherThan } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const contact = { name: '李 秀英', phone: '+8613912345678', address: '上海市浦东新区世纪大道100号', nationalId: '310115199003150028' };
const LOAN_ID = 'reveal-1';
const CASE_ID = `case-${LOAN_ID}`;

/** Polls the case's GET until `done` holds, within a bound. */
async function caseUntil(done: (body: Record<string, any>) => boolean): Promise<Record<string, any>> {
  for (let attempt = 0; ; attempt++) {
    const { body, status } = await suite.api.as('supervisor').get(`/v1/cases/${CASE_ID}`);
    if (status === 200 && done(body)) return body;
    if (attempt === 150) throw new Error(`the case never got there: ${JSON.stringify(body).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  const loan = overdueLoan({ loanId: LOAN_ID, nowMs: Date.now(), daysPastDue: 12, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${LOAN_ID}`).send({ loan, contact }).expect(201);
  await suite.api.as('supervisor').post('/v1/cases').send({ loanId: LOAN_ID }).expect(201);
});

test("the case's GET shows the loan, the contact masked, the assessment, the ladder, payments and the guard's verdicts", async () => {
  const paid = await suite.api.as('supervisor').post(`/v1/loans/${LOAN_ID}/payments`).send({ amount: 1_000, date: new Date().toISOString().slice(0, 10), reference: 'reveal-pay-1' });
  expect(paid.status).toBeLessThan(300);
  const body = await caseUntil((view) => view.contacts.length > 0 && view.payments.length > 0 && view.case.stepOutcomes['dpd7-reminder-and-call'] !== undefined);

  const text = JSON.stringify(body);
  for (const secret of [contact.phone, '13912345678', '秀英', '世纪大道', contact.nationalId]) expect(text).not.toContain(secret);
  expect(body.contact).toEqual({ name: '李* 秀*', phone: '+*********5678', address: '上海市********', nationalId: '**************0028' });
  expect(body.loan).toMatchObject({ currency: 'CNY', debtor: { country: 'CN' } });
  expect(body.loan.installments.length).toBeGreaterThan(0);

  expect(body.case.assessment.contributions.length).toBeGreaterThan(0);
  const points = body.case.assessment.contributions.reduce((sum: number, contribution: { points: number }) => sum + contribution.points, 0);
  expect(body.case.assessment.baseScore + points).toBe(body.case.assessment.score);

  const statuses = Object.fromEntries(body.ladder.map((step: { step: string; status: string }) => [step.step, step.status]));
  expect(statuses['dpd7-reminder-and-call']).toBe('done');
  expect(statuses['dpd1-reminder']).toBe('skipped');
  expect(statuses['dpd15-demand-letter']).toBe('next');
  expect(statuses['dpd60-field-visit']).toBe('later');
  expect(statuses).not.toHaveProperty('dpd1-reminder-us');

  expect(body.payments).toEqual([{ reference: 'reveal-pay-1', amount: 1_000, date: expect.any(String), applied: true }]);
  for (const attempt of body.contacts) {
    expect(attempt.step).toBe('dpd7-reminder-and-call');
    expect(['allowed', 'deferred', 'refused']).toContain(attempt.verdict);
  }
});

test('only a supervisor or admin reveals, with a reason; the reveal is recorded and the GET stays masked', async () => {
  const path = `/v1/cases/${CASE_ID}/contact/reveal`;
  for (const role of rolesOtherThan('supervisor')) {
    expect((await suite.api.as(role).post(path).send({ reason: 'curious' })).status).toBe(403);
  }
  const noReason = await suite.api.as('supervisor').post(path).send({ reason: '  ' });
  expect(noReason.status).toBe(422);
  expect(noReason.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(['body.reason']);
  expect((await suite.api.as('supervisor').post('/v1/cases/case-nobody/contact/reveal').send({ reason: 'call back' })).status).toBe(404);
  const timelineBefore = await suite.api.as('auditor').get(`/v1/cases/${CASE_ID}/timeline`);
  expect(timelineBefore.body.events.map((event: { type: string }) => event.type)).not.toContain('contact-revealed');

  const revealed = await suite.api.as('supervisor').post(path).send({ reason: 'debtor asked for a call back' });
  expect(revealed.status).toBe(200);
  expect(revealed.headers['cache-control']).toBe('no-store');
  expect(revealed.body).toMatchObject({ caseId: CASE_ID, loanId: LOAN_ID, contact, revealedBy: 'supervisor-1' });
  const byAdmin = await suite.api.as('admin').post(path).send({ reason: 'quality review' });
  expect(byAdmin.body.contact).toEqual(contact);

  // Recorded before the answer: the timeline shows both reveals at once, after the events the case had then.
  const { body: timeline } = await suite.api.as('auditor').get(`/v1/cases/${CASE_ID}/timeline`);
  const reveals = timeline.events.filter((event: { type: string }) => event.type === 'contact-revealed');
  expect(reveals).toEqual([
    expect.objectContaining({ actor: 'supervisor-1', reason: 'debtor asked for a call back', data: expect.objectContaining({ fields: ['name', 'phone', 'address', 'nationalId'] }) }),
    expect.objectContaining({ actor: 'admin-1', reason: 'quality review' }),
  ]);
  const seqs = timeline.events.map((event: { seq: number }) => event.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

  // Paged one event at a time, the reveals still come once each, in the same place.
  const paged: { type: string; seq: number }[] = [];
  for (let cursor: string | null | undefined, page = 0; page === 0 || cursor; page++) {
    const { body } = await suite.api.as('auditor').get(`/v1/cases/${CASE_ID}/timeline`).query({ limit: 1, ...(cursor && { cursor }) });
    paged.push(...body.events);
    cursor = body.nextCursor;
    if (page > 500) throw new Error('the timeline never ended');
  }
  const tail = (events: { type: string; seq: number }[]) => events.map((event) => `${event.type}@${event.seq}`);
  expect(tail(paged).slice(0, timeline.events.length)).toEqual(tail(timeline.events));

  const after = await suite.api.as('supervisor').get(`/v1/cases/${CASE_ID}`);
  expect(JSON.stringify(after.body)).not.toContain(contact.phone);
  expect(after.body.contact.phone).toBe('+*********5678');
  // Nor does the loan book's GET show them whole, which would go round the record.
  const loan = await suite.api.as('supervisor').get(`/v1/loans/${LOAN_ID}`);
  expect(loan.body.contact).toEqual(after.body.contact);
});
