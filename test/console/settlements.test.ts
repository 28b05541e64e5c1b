// A settlement on the case page in Debian's chromium against the real API, worker,
// Temporal and FerretDB: a supervisor offers one above the approval threshold, the
// page shows it waiting for approval and the approve form is disabled for them
// with the four-eyes reason; once a second supervisor approves (through the API),
// the page shows it offered with the approver. Checked by axe-core, no console error.
import { overdueLoan } from '../support/loans';
import { noonZone, tokenFor } from '../support/api';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { apiSuite } from '../support/suites';

const suite = apiSuite();
const browser = consoleBrowser(() => suite.api.app);
const contact = { name: 'Test Debtor', phone: '+8613912345678' };
const CASE = 'case-cw-settle';

test('a supervisor offers a settlement; approval is disabled for the proposer with the reason; a second supervisor approves it', async () => {
  const loan = overdueLoan({ loanId: 'cw-settle', nowMs: Date.now(), daysPastDue: 20, timeZone: noonZone() });
  await suite.api.as('supervisor').put('/v1/loans/cw-settle').send({ loan, contact }).expect(201);
  const opened = (await suite.api.as('supervisor').post('/v1/cases').send({ loanId: 'cw-settle' }).expect(201)).body.case;
  const by = new Date(Date.parse(opened.asOf) + 10 * 86_400_000).toISOString().slice(0, 10);
  // 30% off: above the default policy's 20%, so a second person must approve.
  const amount = Math.floor(opened.balance * 0.7);

  const { page, errors } = await browser.open();
  await page.goto(`/console/cases/${CASE}`);
  await page.getByLabel('Supervisor').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  const offer = page.getByRole('form', { name: 'Offer a settlement' });
  await offer.getByLabel(`Settles for (${opened.currency})`).fill((amount / 100).toFixed(2));
  await offer.getByLabel('Pays by (date)').fill(by);
  await offer.getByRole('button', { name: 'Offer' }).click();
  await offer.getByRole('status').getByText('The settlement is recorded.').waitFor();

  const section = page.getByRole('region', { name: 'Settlement' });
  await section.getByText("Waiting for a second person's approval").waitFor();
  expect(await section.getByText('30%').count()).toBe(1);
  const approve = page.getByRole('form', { name: 'Approve the settlement' });
  await approve.getByText('You proposed this settlement: a second person must approve it (four eyes).').waitFor();
  expect(await approve.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);

  const second = suite.api.withToken(await tokenFor('supervisor-2', ['supervisor']));
  await second.post(`/v1/cases/${CASE}/commands/approve-settlement`).send({}).expect(200);
  await section.getByText('Offered: the ladder waits for its date').waitFor({ timeout: 15_000 });
  await section.getByText('supervisor-2').waitFor();
  expect(await approve.getByText('No settlement waits for approval.').count()).toBe(1);
  expect(errors).toEqual([]);
});
