// List latency: filtered pages of the case list (50 a page, ordered by caseId)
// at each read-model size, through GET /v1/cases, or the query it runs when the
// API has no such route. The read model holds the real cases the earlier
// scenarios opened; a larger tier is filled with synthetic records copied from a
// real one (the output says how many), removed again afterwards. The floor is a
// point read of one case by its id, on the same collection at the same size.
import { caseModel, type CaseRecord } from '../../src/db/cases';
import { bucketFor } from '../../src/domain';
import { STAGES } from '../../src/domain';
import { encodeCursor } from '../../src/api/schemas';
import { expectStatus, type BenchApi } from '../api';
import type { BenchFlags } from '../flags';
import { latencyOf, now, ratio, since } from '../measure';
import type { BenchStack } from '../stack';
import { topUpOpenCases } from './commands';

const LIST_ROUTE = 'GET /v1/cases';
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
      const filtered: number[] = [];
      const pointReads: number[] = [];
      const caseIds = (await Case.find({}, { caseId: 1 }).limit(2000).lean()).map((record) => record.caseId);
      // On a store that scans, a list can take seconds: each tier gets a time budget, and at least a few samples.
      const budgetEnds = Date.now() + (flags.quick ? 5_000 : 45_000);
      for (let i = 0; i < flags.samples && (i < MIN_SAMPLES || Date.now() < budgetEnds); i++) {
        const query = QUERIES[i % QUERIES.length];
        const start = now();
        await (viaApi ? listThroughApi(api!, query) : listFromReadModel(stack, query));
        filtered.push(since(start));
        const pointStart = now();
        await Case.findById(caseIds[i % caseIds.length]).lean();
        pointReads.push(since(pointStart));
      }
      const list = latencyOf(filtered);
      const floor = latencyOf(pointReads);
      tiers.push({
        cases: total,
        syntheticRecords: synthetic,
        list,
        ratioToPointRead: { p50: ratio(list.p50Ms, floor.p50Ms), p99: ratio(list.p99Ms, floor.p99Ms) },
        baseline: { query: 'findOne by caseId (unique index)', latency: floor },
      });
    }
  } finally {
    await Case.deleteMany({ caseId: { $gte: SYNTHETIC, $lt: 'case-synthetic.' } });
  }
  return {
    via: viaApi ? `API (${LIST_ROUTE})` : 'the MongoDB read model directly (src/db/cases.ts; the API has no case list yet)',
    page: PAGE,
    queries: QUERIES.map((query) => query.name),
    tiers,
    /** p50 at the largest tier ÷ p50 at the smallest: how lists scale with the book. */
    growth: tiers.length > 1 ? ratio(tiers[tiers.length - 1].list.p50Ms, tiers[0].list.p50Ms) : null,
  };
}

interface ListQuery {
  name: string;
  /** The read-model filter, as GET /v1/cases builds it from `params`. */
  filter: Record<string, unknown>;
  params: Record<string, string>;
}

const LATER_PAGE_AFTER = 'case-intake-5';

/** The lists supervisors open all day: by stage, by bucket, the worst arrears, and a later page. All ordered by caseId. */
const QUERIES: ListQuery[] = [
  { name: 'open cases in follow-up', filter: { status: 'open', stage: 'follow-up' }, params: { status: 'open', stage: 'follow-up' } },
  { name: 'bucket M1', filter: { bucket: 'M1' }, params: { bucket: 'M1' } },
  { name: 'DPD 30 and over', filter: { daysPastDue: { $gte: 30 } }, params: { dpdMin: '30' } },
  {
    name: 'bucket M1, a later page',
    filter: { bucket: 'M1', caseId: { $gt: LATER_PAGE_AFTER } },
    params: { bucket: 'M1', cursor: encodeCursor(LATER_PAGE_AFTER) },
  },
];

async function listFromReadModel(stack: BenchStack, query: ListQuery): Promise<void> {
  await caseModel(stack.database).find(query.filter).sort({ caseId: 1 }).limit(PAGE + 1).lean();
}

async function listThroughApi(api: BenchApi, query: ListQuery): Promise<void> {
  const search = new URLSearchParams({ ...query.params, limit: String(PAGE) });
  expectStatus(await api.request('GET', `/v1/cases?${search}`), 200, `the case list (${query.name})`);
}

/** Inserts synthetic copies of `template` until the read model holds `size` records; returns how many it added. */
async function fillTo(stack: BenchStack, template: CaseRecord, size: number): Promise<number> {
  const Case = caseModel(stack.database);
  const missing = size - (await Case.estimatedDocumentCount());
  if (missing <= 0) return 0;
  const already = await Case.countDocuments({ caseId: { $gte: SYNTHETIC, $lt: 'case-synthetic.' } });
  const { _id: _ignored, ...record } = template;
  for (let offset = 0; offset < missing; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, missing - offset) }, (_, i) => {
      const n = already + offset + i;
      const daysPastDue = 1 + (n % 200);
      return {
        ...record,
        _id: `${SYNTHETIC}${String(n).padStart(7, '0')}`,
        caseId: `${SYNTHETIC}${String(n).padStart(7, '0')}`,
        loanId: `synthetic-${n}`,
        stage: LIVE_STAGES[n % LIVE_STAGES.length],
        daysPastDue,
        bucket: bucketFor(daysPastDue).name,
      };
    });
    await Case.insertMany(batch, { ordered: false, lean: true });
  }
  return missing;
}
