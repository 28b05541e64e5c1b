// Repayment plans on the case page in Debian's chromium against the real API,
// worker, Temporal and FerretDB: an agent proposes a plan and records the
// debtor's acceptance, the plan section shows the schedule and who did what,
// and a supervisor cancels it; each form is disabled with the reason when the
// case cannot take it. Checked by axe-core; no console error.
import type { Page } from 'playwright-core';
import { DAY_MS } from '../../src/domain';
import { noonZone } from '../support/api';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { isoDate, overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);
const CASE = 'case-plan-page';

beforeAll(async () => {
  const loan = overdueLoan({ loanId: 'plan-page', nowMs: Date.now(), daysPastDue: 20, timeZone: noonZone() });
  await suite.api.as('supervisor').put('/v1/loans/plan-page').send({ loan, contact: { name: 'Test Debtor', phone: '+8613912345678', address: 'Test Road 1' } }).expect(201);
  await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'plan-page' }).expect(201);
});

async function signIn(page: Page, identity: string) {
  await page.goto(`/console/cases/${CASE}`);
  await page.getByLabel(identity).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: `Case ${CASE}` }).waitFor();
}

test('an agent proposes a plan and records the acceptance; the page shows the schedule; a supervisor cancels it', async () => {
  const { body } = await suite.api.as('supervisor').get(`/v1/cases/${CASE}`).expect(200);
  const firstDate = isoDate(Date.parse(body.case.asOf) + 5 * DAY_MS);
  const agent = await browser.open();
  await signIn(agent.page, 'Agent');
  const page = agent.page;

  const accept = page.getByRole('form', { name: "Record the debtor's acceptance" });
  await accept.getByText("No repayment plan is waiting for the debtor's acceptance.").waitFor();
  expect(await page.getByRole('form', { name: 'Cancel the repayment plan' }).getByText('Only a supervisor may do this.').count()).toBe(1);

  const propose = page.getByRole('form', { name: 'Propose a repayment plan' });
  await propose.getByLabel('Number of payments').fill('0');
  await propose.getByRole('button', { name: 'Propose' }).click();
  await propose.getByText('Give a whole number from 1 to 120.').waitFor();
  await propose.getByLabel('Number of payments').fill('4');
  await propose.getByLabel('First payment due (date)').fill(firstDate);
  await propose.getByLabel('What was agreed (optional)').fill('pays on payday');
  await propose.getByRole('button', { name: 'Propose' }).click();
  await propose.getByRole('status').getByText("The plan is proposed; record the debtor's acceptance next.").waitFor();

  const plan = page.getByRole('region', { name: 'Repayment plan' });
  await plan.getByText(/^Proposed, waiting for the debtor: /).waitFor();
  await plan.getByText(/^Proposed by dev-agent on .* \(pays on payday\)$/).waitFor();
  const rows = plan.getByRole('table', { name: 'Plan payments' }).getByRole('row');
  expect(await rows.count()).toBe(5);
  expect(await rows.nth(1).getByRole('cell').allTextContents()).toEqual(['1', firstDate, 'CN¥250.00', 'CN¥0.00', 'Upcoming', expect.any(String)]);

  await accept.getByLabel('How the debtor accepted').selectOption({ label: 'Phone' });
  await accept.getByRole('button', { name: 'Record the acceptance' }).click();
  await accept.getByRole('status').getByText('The plan is active; the ladder waits.').waitFor();
  await plan.getByText(/^Active: CN¥0\.00 of CN¥1,000\.00 paid; 3 grace days after each due date\.$/).waitFor();
  await plan.getByText(/^Accepted by the debtor \(Phone\), recorded by dev-agent on /).waitFor();
  await page.getByRole('form', { name: 'Propose a repayment plan' }).getByText('The case has a proposed or active repayment plan; cancel it first.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(agent.errors).toEqual([]);

  const supervisor = await browser.open();
  await signIn(supervisor.page, 'Supervisor');
  await supervisor.page.getByRole('region', { name: 'Waiting for' }).getByText(/^plan payment 1 of 4: 25000 CNY due /).waitFor({ timeout: 30_000 });
  const cancel = supervisor.page.getByRole('form', { name: 'Cancel the repayment plan' });
  await cancel.getByLabel('Reason', { exact: true }).fill('the debtor asked for other terms');
  await cancel.getByRole('button', { name: 'Cancel the plan' }).click();
  await cancel.getByRole('status').getByText('The plan is cancelled.').waitFor();
  const cancelled = supervisor.page.getByRole('region', { name: 'Repayment plan' });
  await cancelled.getByText(/^Cancelled: /).waitFor();
  await cancelled.getByText(/^Ended on .* \(dev-supervisor\): the debtor asked for other terms$/).waitFor();
  expect((await suite.api.as('supervisor').get(`/v1/cases/${CASE}`)).body.case.holds).toEqual([]);
  expect(supervisor.errors).toEqual([]);
});

test("with a settlement open, the debtor's acceptance of a proposed plan is disabled with the reason, as the case would refuse it", async () => {
  const loan = overdueLoan({ loanId: 'plan-page-settled', nowMs: Date.now(), daysPastDue: 20, timeZone: noonZone() });
  const supervisorApi = suite.api.as('supervisor');
  await supervisorApi.put('/v1/loans/plan-page-settled').send({ loan, contact: { name: 'Test Debtor', phone: '+8613912345679', address: 'Test Road 2' } }).expect(201);
  await supervisorApi.post('/v1/cases').send({ loanId: 'plan-page-settled' }).expect(201);
  const caseId = 'case-plan-page-settled';
  const { body } = await supervisorApi.get(`/v1/cases/${caseId}`).expect(200);
  const asOfMs = Date.parse(body.case.asOf);
  await supervisorApi.post(`/v1/cases/${caseId}/commands/propose-plan`).send({ payments: 3, firstDate: isoDate(asOfMs + 5 * DAY_MS) }).expect(200);
  // 10% off: within the default strategy's threshold, offered at once.
  const amount = Math.ceil((body.case.balance as number) * 0.9);
  await supervisorApi.post(`/v1/cases/${caseId}/commands/offer-settlement`).send({ amount, by: isoDate(asOfMs + 5 * DAY_MS) }).expect(200);

  const agent = await browser.open();
  await agent.page.goto(`/console/cases/${caseId}`);
  await agent.page.getByLabel('Agent').check();
  await agent.page.getByRole('button', { name: 'Sign in' }).click();
  const accept = agent.page.getByRole('form', { name: "Record the debtor's acceptance" });
  await accept.getByText('The case has an open settlement (Offered: the ladder waits for its date).').waitFor();
  expect(await accept.getByRole('button', { name: 'Record the acceptance' }).isDisabled()).toBe(true);
  expect(agent.errors).toEqual([]);
});
