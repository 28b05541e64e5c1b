// Random bodies at every write route (fast-check): never a 5xx, and an invalid
// body never creates a loan, a case, a strategy or a payment, nor changes a case
// or a task.
import { WorkflowNotFoundError } from '@temporalio/client';
import fc from 'fast-check';
import type request from 'supertest';
import type { CaseProgress } from '../../src/activities/case-records';
import { LOAN_ID_PATTERN, loanEntrySchema } from '../../src/cases/loan-entry';
import { paymentModel } from '../../src/db/payments';
import { workQueue } from '../../src/db/tasks';
import { DEFAULT_STRATEGY } from '../../src/domain';
import { caseIdFor } from '../../src/domain';
import { caseView, COMMANDS } from '../../src/workflows/collection-case/messages';
import { oneLadder, openTestCase } from '../support/cases';
import { TEST_CONTACT } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { noonZone } from '../support/api';
import { apiSuite } from '../support/suites';

const suite = apiSuite();


const RUNS = { numRuns: 40 };
const validLoan = overdueLoan({ loanId: 'fuzz-template', nowMs: Date.now(), daysPastDue: 20 });

/** Any JSON, and near misses: a valid body with one field replaced by any JSON value, or an extra field. */
function bodies(valid: Record<string, unknown>) {
  const mutated = fc
    .tuple(fc.constantFrom(...Object.keys(valid), 'unexpected'), fc.jsonValue())
    .map(([key, value]) => ({ ...valid, [key]: value }));
  return fc.oneof(fc.jsonValue(), mutated, fc.constant({}));
}

const sendJson = (test: request.Test, body: unknown) => test.set('Content-Type', 'application/json').send(JSON.stringify(body));

let serial = 0;

test('PUT /v1/loans/:loanId: a loan exists afterwards exactly when the body was valid', async () => {
  await fc.assert(
    fc.asyncProperty(bodies({ loan: validLoan, contact: TEST_CONTACT }), async (body) => {
      const loanId = `fuzz-loan-${serial++}`;
      const withId = typeof body === 'object' && body && 'loan' in body && typeof body.loan === 'object' && body.loan ? { ...body, loan: { ...body.loan, loanId } } : body;
      const response = await sendJson(suite.api.as('supervisor').put(`/v1/loans/${loanId}`), withId);
      expect(response.status).toBeLessThan(500);
      const stored = await suite.api.as('supervisor').get(`/v1/loans/${loanId}`);
      expect(stored.status === 200).toBe(loanEntrySchema.safeParse(withId).success);
    }),
    RUNS,
  );
});

test('POST /v1/loans/:loanId/payments and /v1/loans/import: never a 5xx', async () => {
  await suite.api.as('supervisor').put('/v1/loans/fuzz-pay').send({ loan: { ...validLoan, loanId: 'fuzz-pay' } }).expect(201);
  await fc.assert(
    fc.asyncProperty(bodies({ amount: 1000, date: '2025-01-01', reference: 'fuzz-ref' }), async (body) => {
      expect((await sendJson(suite.api.as('supervisor').post('/v1/loans/fuzz-pay/payments'), body)).status).toBeLessThan(500);
    }),
    RUNS,
  );
  const header = 'loanId,currency,principal,outstanding,product,debtorRef,timeZone,country,locale,installments';
  await fc.assert(
    fc.asyncProperty(fc.array(fc.string({ unit: 'binary' })), fc.boolean(), async (lines, withHeader) => {
      const text = [...(withHeader ? [header] : []), ...lines].join('\n');
      for (const type of ['text/csv', 'application/x-ndjson']) {
        const response = await suite.api.as('supervisor').post('/v1/loans/import').set('Content-Type', type).send(text);
        expect(response.status).toBeLessThan(500);
      }
    }),
    RUNS,
  );
});

test('POST /v1/strategies and PUT /v1/strategies/default: never a 5xx, and nothing stored from an invalid body', async () => {
  let created = 0;
  await fc.assert(
    fc.asyncProperty(bodies({ ...DEFAULT_STRATEGY, id: 'fuzzed', version: 1 }), bodies({ id: 'default', version: DEFAULT_STRATEGY.version }), async (strategy, choice) => {
      const response = await sendJson(suite.api.as('supervisor').post('/v1/strategies'), strategy);
      expect(response.status).toBeLessThan(500);
      if (response.status === 201) created += 1;
      expect((await sendJson(suite.api.as('supervisor').put('/v1/strategies/default'), choice)).status).toBeLessThan(500);
    }),
    RUNS,
  );
  const { body } = await suite.api.as('supervisor').get('/v1/strategies');
  expect(body.strategies).toHaveLength(1 + created);
  expect(body.defaultStrategy).toEqual({ id: 'default', version: DEFAULT_STRATEGY.version });
});

test('POST /v1/cases and every command: never a 5xx; a refused body opens no case and leaves the case as it was', async () => {
  await suite.api.as('supervisor').put('/v1/loans/fuzz-case').send({ loan: { ...validLoan, loanId: 'fuzz-case' }, contact: TEST_CONTACT }).expect(201);
  const opened = await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'fuzz-case' }).expect(201);
  const caseId: string = opened.body.case.caseId;
  const handle = suite.env.client.workflow.getHandle(caseId);

  await fc.assert(
    fc.asyncProperty(bodies({ loanId: 'fuzz-case' }), async (body) => {
      const response = await sendJson(suite.api.as('supervisor').post('/v1/cases'), body);
      expect(response.status).toBeLessThan(500);
      const loanId = (body as { loanId?: unknown } | null)?.loanId;
      if (response.status >= 400 && typeof loanId === 'string' && loanId !== 'fuzz-case' && LOAN_ID_PATTERN.test(loanId)) {
        await expect(suite.env.client.workflow.getHandle(`case-${loanId}`).describe()).rejects.toThrow(WorkflowNotFoundError);
      }
    }),
    RUNS,
  );

  const commandNames = Object.keys(COMMANDS).filter((name) => name !== 'close');
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...commandNames), bodies({ reason: 'fuzz', amount: 100, date: '2030-01-01', agency: 'a', outcome: 'upheld' }), async (name, body) => {
      const before = (await handle.query(caseView)).eventCount;
      const response = await sendJson(suite.api.as('supervisor').post(`/v1/cases/${caseId}/commands/${name}`), body);
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) expect((await handle.query(caseView)).eventCount).toBe(before);
    }),
    RUNS,
  );
});

test('POST /v1/tasks/:taskId/outcome and /v1/agency/collections: never a 5xx; a refused report leaves the task as it was and pays nothing', async () => {
  const queue = workQueue(suite.db.connection);
  const taskId = 'case-fuzz-task:1';
  await queue.open({
    taskId,
    caseId: 'case-fuzz-task',
    loanId: 'fuzz-task',
    debtorRef: 'debtor-fuzz-task',
    step: 'dpd3-courtesy-call',
    channel: 'phone',
    kind: 'contact',
    queue: 'fuzz',
    dueAt: new Date(),
  });
  const reportOf = async () => {
    const task = await queue.get(taskId);
    return { status: task?.status, outcome: task?.outcome, agent: task?.agent, promise: task?.promise };
  };
  await fc.assert(
    fc.asyncProperty(bodies({ outcome: 'promise-to-pay', promise: { amount: 100, date: '2030-01-01' } }), async (body) => {
      const before = await reportOf();
      const response = await sendJson(suite.api.as('agent').post(`/v1/tasks/${taskId}/outcome`), body);
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) expect(await reportOf()).toEqual(before);
    }),
    RUNS,
  );

  // A real placement, so that a valid report is paid and the property has something to refuse.
  const placed = overdueLoan({ loanId: 'fuzz-agency', nowMs: Date.now(), daysPastDue: 3, timeZone: noonZone() });
  await suite.api.as('supervisor').put('/v1/loans/fuzz-agency').send({ loan: placed, contact: TEST_CONTACT }).expect(201);
  const agencyLadder = oneLadder('fuzz-agency', [{ id: 'dpd1-agency', atDpd: 1, actions: [{ channel: 'agency', parameters: { agency: 'Fuzz Recovery' } }] }]);
  await openTestCase(suite.env, placed, { strategy: agencyLadder });
  await suite.observed.finish<CaseProgress>('recordCaseProgress', ({ input }) => input.loanId === 'fuzz-agency' && input.view.agency !== null);
  const Payment = paymentModel(suite.db.connection);
  const collection = { amount: 1000, date: '2025-01-01', reference: 'F-1' };
  // The token of the agency the placement names: another agency's is refused before the body matters.
  const fuzzRecovery = await suite.api.asAgency('Fuzz Recovery');
  await fc.assert(
    fc.asyncProperty(bodies({ event: 'collection-reported', placementRef: `${caseIdFor('fuzz-agency')}:placement:1`, collection }), async (body) => {
      const before = await Payment.countDocuments({ loanId: 'fuzz-agency' });
      const response = await sendJson(fuzzRecovery.post('/v1/agency/collections'), body);
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) expect(await Payment.countDocuments({ loanId: 'fuzz-agency' })).toBe(before);
    }),
    RUNS,
  );
  const outstanding = (await suite.api.as('supervisor').get('/v1/loans/fuzz-agency')).body.loan.outstanding;
  const paid = await Payment.find({ loanId: 'fuzz-agency' }).lean();
  expect(outstanding).toBe(placed.outstanding - paid.reduce((sum, payment) => sum + payment.amount, 0));
});
