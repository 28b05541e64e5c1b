// The portfolio sweep on the dev server (schedules need it): the schedule the API
// keeps, a sweep on demand, paging through the loan book, idempotent re-runs.
import request from 'supertest';
import { ensureSweepSchedule, SWEEP_SCHEDULE_ID } from '../../src/cases/sweeps';
import { caseModel } from '../../src/db/cases';
import { snapshotsOn } from '../../src/cases/reports/snapshot-reads';
import { REAL_TIME } from '../../src/domain';
import { portfolioSweep } from '../../src/workflows';
import { TEST_CONTACT } from '../support/channels';
import { overdueLoan } from '../support/loans';
import { TEST_TASK_QUEUE } from '../support/temporal';
import { apiSuite } from '../support/suites';
import { rolesOtherThan, testApiConfig } from '../support/api';

const suite = apiSuite({ server: 'dev-server' });

beforeAll(async () => {
  const now = Date.now();
  for (const [loanId, daysPastDue] of [['sweep-a', 5], ['sweep-b', 31], ['sweep-c', 95], ['sweep-current', 0]] as const) {
    await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan: overdueLoan({ loanId, nowMs: now, daysPastDue }), contact: TEST_CONTACT }).expect(201);
  }
});


async function finishedSweep(sweepId: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const sweep = await suite.api.as('auditor').get(`/v1/monitor/sweeps/${sweepId}`);
    if (sweep.body.status !== 'RUNNING') return sweep.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`sweep ${sweepId} did not finish`);
}

const runningCases = async () => {
  const ids: string[] = [];
  for await (const execution of suite.env.client.workflow.list({ query: `WorkflowType = 'collectionCase' AND ExecutionStatus = 'Running'` })) ids.push(execution.workflowId);
  return ids.sort();
};

test('a sweep on demand opens a case for each past-due loan, and a second sweep opens none', async () => {
  const started = await suite.api.as('supervisor').post('/v1/monitor/sweep');
  expect(started.status).toBe(202);
  expect(await finishedSweep(started.body.sweepId)).toMatchObject({
    status: 'COMPLETED',
    totals: { pages: 1, examined: 3, opened: 3, alreadyOpen: 0, skipped: 0 },
  });
  expect(await runningCases()).toEqual(['case-sweep-a', 'case-sweep-b', 'case-sweep-c']);

  const again = await suite.api.as('admin').post('/v1/monitor/sweep');
  expect((await finishedSweep(again.body.sweepId)).totals).toMatchObject({ examined: 3, opened: 0, alreadyOpen: 3 });
});

const today = () => new Date().toISOString().slice(0, 10);

/** Until the cases opened have written their read-model rows (before their first wait). */
async function openRows(count: number) {
  const Case = caseModel(suite.db.connection);
  for (let attempt = 0; attempt < 300 && (await Case.countDocuments({ status: 'open' })) < count; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
}

test("the sweep pages through the loan book, then takes the day's snapshot of the open cases", async () => {
  await openRows(3);
  const totals = await suite.env.client.workflow.execute(portfolioSweep, {
    workflowId: 'portfolio-sweep-paged',
    taskQueue: TEST_TASK_QUEUE,
    args: [{ clock: REAL_TIME, pageSize: 2 }],
  });
  expect(totals).toEqual({ pages: 2, examined: 3, opened: 0, reopened: 0, alreadyOpen: 3, stayedClosed: 0, skipped: 0, snapshot: { day: today(), cases: 3, removed: 0 } });
  const snapshots = [];
  for await (const snapshot of snapshotsOn(suite.db.connection, [today()], ['caseId', 'bucket'])) snapshots.push(snapshot);
  expect(snapshots.map(({ caseId, bucket }) => [caseId, bucket]).sort()).toEqual([['case-sweep-a', 'M1'], ['case-sweep-b', 'M2'], ['case-sweep-c', 'M4']]);
});

test('the schedule runs the sweep daily by default; its runs show in the monitor', async () => {
  expect((await suite.api.as('supervisor').get('/v1/monitor/schedule')).status).toBe(404);
  await ensureSweepSchedule(suite.env.client, testApiConfig(), REAL_TIME);
  await ensureSweepSchedule(suite.env.client, testApiConfig({ ARREARS_SWEEP_CRON: '0 6 * * *' }), REAL_TIME);
  const schedule = suite.env.client.schedule.getHandle(SWEEP_SCHEDULE_ID);
  expect((await schedule.describe()).spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }] });
  await ensureSweepSchedule(suite.env.client, testApiConfig(), REAL_TIME);
  expect((await schedule.describe()).spec).toMatchObject({ intervals: [{ every: 86_400_000 }], calendars: [] });

  await schedule.trigger();
  let runs: { sweepId: string }[] = [];
  for (let attempt = 0; attempt < 100 && !runs.length; attempt++) {
    runs = (await suite.api.as('auditor').get('/v1/monitor/schedule')).body.recentRuns;
    if (!runs.length) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const described = await suite.api.as('auditor').get('/v1/monitor/schedule');
  expect(described.body).toMatchObject({ scheduleId: SWEEP_SCHEDULE_ID, paused: false });
  expect(described.body.nextRuns.length).toBeGreaterThan(0);
  expect(await finishedSweep(runs[0].sweepId)).toMatchObject({ status: 'COMPLETED', totals: { alreadyOpen: 3 } });
});

test('sweeps are for supervisors; the schedule and sweep results also for auditors', async () => {
  expect((await request(suite.api.app).post('/v1/monitor/sweep')).status).toBe(401);
  for (const role of rolesOtherThan('supervisor')) expect((await suite.api.as(role).post('/v1/monitor/sweep')).status).toBe(403);
  for (const role of rolesOtherThan('supervisor', 'auditor')) expect((await suite.api.as(role).get('/v1/monitor/schedule')).status).toBe(403);
  expect((await suite.api.as('auditor').get('/v1/monitor/sweeps/portfolio-sweep-none')).body.error.code).toBe('SWEEP_NOT_FOUND');
});

const sweepsStarted = async () => {
  const ids: string[] = [];
  for await (const execution of suite.env.client.workflow.list({ query: `WorkflowType = 'portfolioSweep'` })) ids.push(execution.workflowId);
  return ids.sort();
};

test('the sweep takes no body: an array, unknown fields, XML or a form is refused and starts no sweep', async () => {
  const before = await sweepsStarted();
  const sweep = () => suite.api.as('supervisor').post('/v1/monitor/sweep');
  const refused = [
    await sweep().send([]),
    await sweep().send({ a: 1 }),
    await sweep().set('Content-Type', 'application/xml').send('<sweep now="yes"/>'),
    await sweep().type('form').send('a=1'),
    await sweep().set('Content-Type', 'application/json').send('{"a":'),
  ];
  expect(refused.map((response) => [response.status, response.body.error?.code])).toEqual([
    [422, 'VALIDATION_FAILED'],
    [422, 'VALIDATION_FAILED'],
    [415, 'UNSUPPORTED_MEDIA_TYPE'],
    [415, 'UNSUPPORTED_MEDIA_TYPE'],
    [400, 'MALFORMED_JSON'],
  ]);
  expect(refused[1].body.error.details).toEqual([{ path: 'body.a', message: 'unknown field' }]);

  // Nothing above started one: the sweep the valid request starts is the only new one once it shows.
  const started = await sweep().send({});
  expect(started.status).toBe(202);
  let after = await sweepsStarted();
  for (let attempt = 0; attempt < 100 && !after.includes(started.body.sweepId); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await sweepsStarted();
  }
  expect(after).toEqual([...before, started.body.sweepId].sort());
  expect(await finishedSweep(started.body.sweepId)).toMatchObject({ status: 'COMPLETED' });
});
