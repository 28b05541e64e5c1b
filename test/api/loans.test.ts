// The loan book through the API: upsert, read, payments; the error shape, auth
// and validation that every route shares.
import request from 'supertest';
import { DAY_MS, type Loan } from '../../src/domain';
import { overdueLoan } from '../support/loans';
import { rolesOtherThan } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();

const contact = { name: '张三', phone: '+8613812345678', address: '1 Renmin Road, Shanghai', nationalId: '110101199003071234' };
const loanFor = (loanId: string, daysPastDue = 10): Loan => overdueLoan({ loanId, nowMs: Date.now(), daysPastDue });

describe('PUT and GET /v1/loans/:loanId', () => {
  test('creates, reads back with DPD and contact, then reports unchanged and updated writes', async () => {
    const loan = loanFor('loan-put-1');
    const created = await suite.api.as('supervisor').put('/v1/loans/loan-put-1').send({ loan, contact });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ loanId: 'loan-put-1', outcome: 'created', daysPastDue: 10, bucket: 'M1', contact, caseNotified: false });

    const read = await suite.api.as('supervisor').get('/v1/loans/loan-put-1');
    expect(read.status).toBe(200);
    expect(read.body.loan).toEqual(loan);
    expect(read.body.oldestUnpaidDueDate).toBe(loan.installments[0].dueDate);

    const again = await suite.api.as('admin').put('/v1/loans/loan-put-1').send({ loan, contact });
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('unchanged');

    const changed = await suite.api.as('supervisor').put('/v1/loans/loan-put-1').send({ loan: { ...loan, outstanding: loan.outstanding + 5 } });
    expect(changed.body.outcome).toBe('updated');
    expect(changed.body.contact).toBeUndefined();
  });

  test('a body for another loan, an unknown field or a bad date is 422 naming the field', async () => {
    const loan = loanFor('loan-bad-1');
    const mismatch = await suite.api.as('supervisor').put('/v1/loans/loan-other').send({ loan });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.details).toEqual([{ path: 'body.loan.loanId', message: expect.stringContaining('loan-other') }]);

    const unknown = await suite.api.as('supervisor').put('/v1/loans/loan-bad-1').send({ loan: { ...loan, colour: 'red' }, extra: 1 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'body.loan.colour', message: 'unknown field' },
        { path: 'body.extra', message: 'unknown field' },
      ]),
    );

    const badDate = { ...loan, installments: [{ ...loan.installments[0], dueDate: '2025-02-30x' }] };
    const dated = await suite.api.as('supervisor').put('/v1/loans/loan-bad-1').send({ loan: badDate });
    expect(dated.body.error.details.map((detail: { path: string }) => detail.path)).toContain('body.loan.installments.0.dueDate');

    const badId = await suite.api.as('supervisor').get('/v1/loans/has%20space');
    expect(badId.status).toBe(422);
    expect(badId.body.error.details[0].path).toBe('params.loanId');
    expect(await suite.api.as('supervisor').get('/v1/loans/loan-bad-1').then((r) => r.status)).toBe(404);
  });

  test('401 without a token, 403 for agents and auditors', async () => {
    const unauthenticated = await request(suite.api.app).get('/v1/loans/loan-put-1');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.error.code).toBe('UNAUTHENTICATED');
    for (const role of rolesOtherThan('supervisor')) {
      const put = await suite.api.as(role).put('/v1/loans/loan-put-1').send({ loan: loanFor('loan-put-1') });
      const get = await suite.api.as(role).get('/v1/loans/loan-put-1');
      const pay = await suite.api.as(role).post('/v1/loans/loan-put-1/payments').send({ amount: 1, date: '2025-01-01', reference: 'r' });
      for (const response of [put, get, pay]) {
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('FORBIDDEN');
      }
    }
  });
});

describe('POST /v1/loans/:loanId/payments', () => {
  test('allocates to the oldest installment once per reference; a reused reference for other terms is 409', async () => {
    const loan = loanFor('loan-pay-1', 40);
    await suite.api.as('supervisor').put('/v1/loans/loan-pay-1').send({ loan }).expect(201);
    const payment = { amount: 60_000, date: new Date(Date.now() - DAY_MS).toISOString().slice(0, 10), reference: 'pay-1' };

    const first = await suite.api.as('supervisor').post('/v1/loans/loan-pay-1/payments').send(payment);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ duplicate: false, outstanding: loan.outstanding - 60_000, caseNotified: false });
    expect(first.body.payment).toMatchObject({ reference: 'pay-1', loanId: 'loan-pay-1', amount: 60_000, surplus: 0 });

    const repeat = await suite.api.as('supervisor').post('/v1/loans/loan-pay-1/payments').send(payment);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ duplicate: true, outstanding: loan.outstanding - 60_000 });

    const stored = await suite.api.as('supervisor').get('/v1/loans/loan-pay-1');
    expect(stored.body.loan.installments[0].amountPaid).toBe(60_000);
    expect(stored.body.loan.lastPaymentDate).toBe(payment.date);
    expect(stored.body.daysPastDue).toBe(40);

    const conflict = await suite.api.as('supervisor').post('/v1/loans/loan-pay-1/payments').send({ ...payment, amount: 1 });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('PAYMENT_REFERENCE_CONFLICT');
  });

  test('a payment for a loan not in the book is 404; a negative amount is 422', async () => {
    const missing = await suite.api.as('supervisor').post('/v1/loans/nowhere/payments').send({ amount: 5, date: '2025-01-01', reference: 'p-x' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('LOAN_NOT_FOUND');
    const negative = await suite.api.as('supervisor').post('/v1/loans/nowhere/payments').send({ amount: -5, date: '2025-01-01', reference: 'p-y' });
    expect(negative.status).toBe(422);
    expect(negative.body.error.details[0].path).toBe('body.amount');
  });
});

describe('what every route shares', () => {
  test('malformed JSON is 400, an oversized body 413, a non-JSON body 415, all in the error shape', async () => {
    const malformed = await suite.api.as('supervisor').put('/v1/loans/x').set('Content-Type', 'application/json').send('{"loan":');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ error: { code: 'MALFORMED_JSON', message: expect.any(String) } });

    const huge = await suite.api.as('supervisor').put('/v1/loans/x').send({ loan: { padding: 'x'.repeat(1_100_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const text = await suite.api.as('supervisor').put('/v1/loans/x').set('Content-Type', 'text/plain').send('loan');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('an unknown route is 404 NOT_FOUND; request ids are echoed or made; security headers are set', async () => {
    const unknown = await request(suite.api.app).get('/v1/nothing-here').set('X-Request-Id', 'req-123');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect(unknown.headers['x-request-id']).toBe('req-123');
    const fresh = await request(suite.api.app).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.headers['x-content-type-options']).toBe('nosniff');
    expect(fresh.headers['x-powered-by']).toBeUndefined();
  });
});
