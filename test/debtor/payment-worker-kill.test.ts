// Exactly once when the worker dies in the middle of a debtor's payment, on the
// real Temporal server: after the provider charged the card but before the
// workflow heard, and after the charge but before the payment was recorded.
// Either way the page says the payment is processing until the next worker
// finishes it: one charge, one payment.
import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import request from 'supertest';
import { caseWorkerActivities, type CaseWorkerActivities } from '../../src/cases/worker-activities';
import type { PaymentProvider } from '../../src/integrations';
import { createSelfServicePaymentActivities } from '../../src/cases/self-service-activities';
import { selfServicePaymentId } from '../../src/domain';
import { TEST_CONTACT } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { paymentsOf, payPath, submissionOf } from '../support/pay-page';
import { testApi } from '../support/api';
import { testDataConverter, testWorker } from '../support/temporal';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const page = () => request(suite.api.app);

/** The first worker's activities: the real ones, but the step named never answers; the worker's shutdown ends it. */
type Dying = (reached: () => void) => (activities: CaseWorkerActivities) => CaseWorkerActivities;

const dieAfterTheProviderCharged: Dying = (reached) => (activities) => {
  const real = suite.channels.providers.payment;
  const provider: PaymentProvider = {
    charge: async (charge) => {
      await real.charge(charge);
      reached();
      return Context.current().cancelled;
    },
  };
  return { ...activities, ...createSelfServicePaymentActivities(suite.db.connection, provider) };
};

const dieBeforeThePaymentIsRecorded: Dying = (reached) => (activities) => ({
  ...activities,
  recordSelfServicePayment: async () => {
    reached();
    return Context.current().cancelled;
  },
});

test.each([
  ['after the provider charged, before the workflow heard', dieAfterTheProviderCharged, 'pay-killed-charge'],
  ['after the charge, before the payment was recorded', dieBeforeThePaymentIsRecorded, 'pay-killed-record'],
] as const)('a worker that dies %s: the next worker finishes, with one charge and one payment', async (_when, dying, loanId) => {
  const nowMs = await suite.sleepUntilLocalTime('Asia/Shanghai', 10);
  let caseId = '';
  const charges = () => suite.channels.sent('payment').filter((charge) => (charge.request as { reference: string }).reference === caseId);
  let reached!: () => void;
  const stepReached = new Promise<void>((resolve) => (reached = resolve));

  // The file's worker stands aside while the first worker has the case and takes the payment, and finishes it after.
  const { outcomePath, paymentsBefore, submission } = await suite.withoutWorker(async () => {
    // No workflow cache, so no sticky queue: the time-skipping server would keep the next workflow task (or a
    // query) on a dead worker's sticky queue, where a real server gives up after the schedule-to-start timeout.
    const first = await testWorker(suite.env, dying(reached)(caseWorkerActivities(suite.channels.dependencies(suite.db.connection))), { maxCachedWorkflows: 0 });
    const running = first.run();
    await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan: overdueLoan({ loanId, nowMs, daysPastDue: 12 }), contact: TEST_CONTACT }).expect(201);
    caseId = (await suite.api.as('supervisor').post('/v1/cases').send({ loanId }).expect(201)).body.case.caseId;
    const path = payPath(caseId, loanId);
    const submission = submissionOf((await page().get(path).expect(200)).text, 'payments');
    const sent = await page().post(`${path}/payments`).type('form').send(new URLSearchParams({ submission, choice: 'past-due', card: '4242424242424242' }).toString()).expect(303);
    await stepReached;
    // Meanwhile the page waits its while for the outcome, then says the payment is processing, with a way to look
    // again. Asked through a client that leaves the server's clock alone: the test environment's own skips time
    // while it waits for a workflow, which would time the blocked activity out and fire every case's timers.
    const clockKeeping = new Client({ connection: suite.env.connection, namespace: suite.env.namespace, dataConverter: testDataConverter });
    const processing = await request((await testApi(clockKeeping, suite.db.connection)).app).get(sent.headers.location).expect(202);
    expect(processing.text).toContain('您的还款仍在处理中。');
    expect(processing.text).toContain(`<a href="${sent.headers.location}">刷新此页面查看结果</a>`);
    first.shutdown();
    await running;
    return { outcomePath: sent.headers.location as string, paymentsBefore: await paymentsOf(suite.db.connection, loanId), submission };
  });
  expect(paymentsBefore).toEqual([]);
  // The file's worker takes the workflow over; the page answers once it has finished.
  await suite.env.client.workflow.getHandle(selfServicePaymentId(caseId, submission)).result();

  const outcome = await page().get(outcomePath).expect(200);
  expect(outcome.text).toContain('谢谢。我们已收到您的还款¥1,000.00。');
  expect(charges()).toHaveLength(1);
  const payments = await paymentsOf(suite.db.connection, loanId);
  expect(payments).toEqual([expect.objectContaining({ reference: charges()[0].id, amount: 100_000 })]);
  const view = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
  expect(view.balance).toBe(200_000);
  expect(view.recentEvents.filter((event: { type: string }) => event.type === 'payment')).toHaveLength(1);
});
