// List latency: the supervisors' default views of the case list (50 a page:
// open by bucket, by stage, paused, DPD 90 and over, sorted by DPD or balance,
// and a later page) and the portfolio counts, at each read-model size, through
// GET /v1/cases and GET /v1/portfolio/counts. In the embedded mode the API lists
// open cases from its in-process index (as npm start runs it), loaded again
// after each tier is filled (indexLoadMs). The read model holds the real cases
// the earlier scenarios opened; a larger tier is filled with synthetic records
// copied from a real one (the output says how many), each with its own due date,
// balance, stage and pause, removed again afterwards. The floor is a point read
// of one case by its id, on the same collection at the same size.
import { storeQuery } from '../../src/cases/case-list';
import { caseModel, type CaseRecord } from '../../src/db/cases';
import { businessTime, DAY_MS, STAGES } from '../../src/domain';
import { businessClock } from '../../src/temporal/clock';
import { expectStatus, type BenchApi } from '../api';
import type { BenchFlags } from '../flags';
import { inPool, latencyOf, now, ratio, since } from '../measure';
import type { BenchStack } from '../stack';
import { topUpOpenCases } from './commands';

const LIST_ROUTE = 'GET /v1/cases';
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const SYNTHETIC = 'case-synthetic-';
const PAGE = 50;
const MIN_SAMPLES = 3;
const LIVE_STAGES = STAGES.filter((stage) => stage !== 'closed');

export async function lists(stack: BenchStack, flags: BenchFlags, api: BenchApi | undefined) {
  const Case = caseModel(stack.database);
  // A real case to copy, and real cases to make up the smallest tier where there are too few.
  await topUpOpenCases(stack, flags, Math.min(...flags.list, flags.commands));
  const template = await Case.findOne({ caseId: { $lt: SYNTHETIC } }).lean<CaseRecord>();
  if (!template) throw new Error('bench: the read model is empty; no case to copy for synthetic records');
  const viaApi = api?.has(LIST_ROUTE) ?? false;
  const tiers = [];
  try {
    for (const size of [...flags.list].sort((a, b) => a - b)) {
      const synthetic = await fillTo(stack, template, size);
      const total = await Case.estimatedDocumentCount();
      const loadStart = now();
      const listsFrom = (await api?.reloadCaseList())?.listsFrom ?? 'store';
      const indexLoadMs = listsFrom === 'index' ? Math.round(since(loadStart)) : null;
      const filtered: number[] = [];
      const counted: number[] = [];
      const pointReads: number[] = [];
      const caseIds = (await Case.find({}, { caseId: 1 }).limit(2000).lean()).map((record) => record.caseId);
      const queries = viaApi ? await withLaterPage(api!) : QUERIES;
      // On a store that scans, a list can take seconds: each tier gets a time budget, and at least a few samples.
      const budgetEnds = Date.now() + (flags.quick ? 5_000 : 45_000);
      for (let i = 0; i < flags.samples && (i < MIN_SAMPLES || Date.now() < budgetEnds); i++) {
        const query = queries[i % queries.length];
        const start = now();
        await (viaApi ? listThroughApi(api!, query) : listFromReadModel(stack, query));
        filtered.push(since(start));
        if (viaApi && api!.has(COUNTS_ROUTE) && i % queries.length === 0) {
          const countStart = now();
          expectStatus(await api!.request('GET', '/v1/portfolio/counts'), 200, 'the portfolio counts');
          counted.push(since(countStart));
        }
        const pointStart = now();
        await Case.findById(caseIds[i % caseIds.length]).lean();
        pointReads.push(since(pointStart));
      }
      const list = latencyOf(filtered);
      const floor = latencyOf(pointReads);
      tiers.push({
        cases: total,
        syntheticRecords: synthetic,
        listedFrom: listsFrom,
        indexLoadMs,
        list,
        counts: counted.length ? latencyOf(counted) : null,
        ratioToPointRead: { p50: ratio(list.p50Ms, floor.p50Ms), p99: ratio(list.p99Ms, floor.p99Ms) },
        baseline: { query: 'findOne by caseId (unique index)', latency: floor },
      });
    }
  } finally {
    await removeSynthetic(stack);
    await api?.reloadCaseList();
  }
  return {
    via: viaApi ? `API (${LIST_ROUTE}, ${COUNTS_ROUTE})` : 'the read model directly (storeQuery, src/cases/case-list.ts)',
    page: PAGE,
    queries: QUERIES.map((query) => query.name),
    tiers,
    /** p50 and p99 at the largest tier ÷ at the smallest: how lists scale with the book. */
    growth: tiers.length > 1 ? ratio(tiers[tiers.length - 1].list.p50Ms, tiers[0].list.p50Ms) : null,
    growthP99: tiers.length > 1 ? ratio(tiers[tiers.length - 1].list.p99Ms, tiers[0].list.p99Ms) : null,
  };
}

interface ListQuery {
  name: string;
  /** GET /v1/cases's query string. */
  params: Record<string, string>;
}

const COUNTS_ROUTE = 'GET /v1/portfolio/counts';

/** The lists supervisors open all day, as the issue names them. */
const QUERIES: ListQuery[] = [
  { name: 'open in bucket M1, most overdue first', params: { status: 'open', bucket: 'M1', sort: '-dpd' } },
  { name: 'open in collect, largest balance first', params: { status: 'open', stage: 'collect', sort: '-balance' } },
  { name: 'open and paused, most overdue first', params: { status: 'open', paused: 'true', sort: '-dpd' } },
  { name: 'open at DPD 90 and over, most overdue first', params: { status: 'open', dpdMin: '90', sort: '-dpd' } },
  { name: 'open by balance, smallest first', params: { status: 'open', sort: 'balance' } },
];

/** The queries, and a later page of the first: its cursor is taken from the API once per tier, untimed. */
async function withLaterPage(api: BenchApi): Promise<ListQuery[]> {
  const first = QUERIES[0];
  const search = new URLSearchParams({ ...first.params, limit: String(PAGE) });
  const page = await api.request('GET', `/v1/cases?${search}`);
  expectStatus(page, 200, `the case list (${first.name})`);
  const cursor = (page.body as { nextCursor: string | null }).nextCursor;
  return cursor ? [...QUERIES, { name: `${first.name}, the next page`, params: { ...first.params, cursor } }] : QUERIES;
}

/** Without the API: the store's own query for the view (what GET /v1/cases runs when it lists from the store). */
async function listFromReadModel(stack: BenchStack, query: ListQuery): Promise<void> {
  const { params } = query;
  const request = {
    status: params.status as 'open',
    ...(params.stage && { stage: params.stage as CaseRecord['stage'] }),
    ...(params.bucket && { bucket: params.bucket }),
    ...(params.paused && { paused: params.paused === 'true' }),
    ...(params.dpdMin && { dpdMin: Number(params.dpdMin) }),
    sort: params.sort as '-dpd',
    limit: PAGE,
  };
  const { filter, sort } = storeQuery(request, businessTime(businessClock(stack.config), Date.now()));
  await caseModel(stack.database).find(filter).sort(sort).limit(PAGE + 1).lean();
}

async function listThroughApi(api: BenchApi, query: ListQuery): Promise<void> {
  const search = new URLSearchParams({ ...query.params, limit: String(PAGE) });
  expectStatus(await api.request('GET', `/v1/cases?${search}`), 200, `the case list (${query.name})`);
}

/**
 * Deletes the synthetic records one by _id, sixteen at a time: FerretDB on SQLite
 * refuses to delete some tens of thousands of documents in one command ("too many
 * SQL variables"), and finds them by _id alone.
 */
export async function removeSynthetic(stack: BenchStack): Promise<void> {
  const Case = caseModel(stack.database);
  const count = await Case.countDocuments({ caseId: { $gte: SYNTHETIC, $lt: 'case-synthetic.' } });
  await inPool(count, 16, (n) => Case.deleteOne({ _id: `${SYNTHETIC}${String(n).padStart(7, '0')}` }));
}

/** Inserts synthetic copies of `template` until the read model holds `size` records; returns how many it added. */
export async function fillTo(stack: BenchStack, template: CaseRecord, size: number): Promise<number> {
  const Case = caseModel(stack.database);
  const missing = size - (await Case.estimatedDocumentCount());
  if (missing <= 0) return 0;
  const already = await Case.countDocuments({ caseId: { $gte: SYNTHETIC, $lt: 'case-synthetic.' } });
  const { _id: _ignored, ...record } = template;
  const businessNowMs = businessTime(businessClock(stack.config), Date.now());
  for (let offset = 0; offset < missing; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, missing - offset) }, (_, i) => {
      const n = already + offset + i;
      const delinquentSince = isoDay(businessNowMs - (1 + (n % 200)) * DAY_MS);
      return {
        ...record,
        _id: `${SYNTHETIC}${String(n).padStart(7, '0')}`,
        caseId: `${SYNTHETIC}${String(n).padStart(7, '0')}`,
        loanId: `synthetic-${n}`,
        status: 'open' as const,
        stage: LIVE_STAGES[n % LIVE_STAGES.length],
        paused: n % 40 === 0,
        balance: 10_000 + ((n * 7919) % 2_000_000),
        delinquentSince,
        overdueSince: delinquentSince,
      };
    });
    await Case.insertMany(batch, { ordered: false, lean: true });
  }
  return missing;
}
