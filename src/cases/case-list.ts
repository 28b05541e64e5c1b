// The case list and the portfolio's counts: the filters, sort orders and cursors
// of GET /v1/cases, answered by the read model's queries (index-backed on
// MongoDB, see CASE_LIST_INDEXES) or, for open cases, by the in-process index
// when one runs (case-list-index.ts). Both answer the same request with the same
// page: the predicate and the order below are the one definition of each.
import { BUCKETS, delinquencyAsOf, LOAN_SCHEME, STAGES, type CaseView, type Delinquency } from '../domain';
import { caseModel, delinquencyFilter, NOT_OVERDUE, rowAsOf, type CaseRecord } from '../db/cases';
import type mongoose from 'mongoose';

/** The read model, and business time now (epoch ms), which DPD is counted to. */
interface StoreDependencies {
  database: mongoose.Connection;
  businessNow(): number;
}

/** The list's filters; they combine with AND. DPD, bucket and classification select on today's figures. */
export interface CaseListFilter {
  status?: CaseView['status'];
  stage?: CaseView['stage'];
  bucket?: string;
  classification?: string;
  segment?: string;
  paused?: boolean;
  agency?: string;
  dpdMin?: number;
  dpdMax?: number;
  /** Outstanding balance, minor units, inclusive. */
  balanceMin?: number;
  balanceMax?: number;
  /** `id@version`, e.g. default@1. */
  strategyVersion?: string;
  /** The strategy variant, e.g. champion. */
  variant?: string;
}

/** caseId; dpd (fewest days past due first) or -dpd (most first); balance or -balance. */
export const CASE_SORTS = ['caseId', 'dpd', '-dpd', 'balance', '-balance'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/** Where a page ends: the last row's sort key and caseId. */
export interface CaseListPosition {
  key: string | number;
  caseId: string;
}

export interface CaseListRequest extends CaseListFilter {
  sort?: CaseSort;
  /** The page starts after this position (from the previous page's last row). */
  after?: CaseListPosition;
  limit: number;
}

export interface CaseListPage {
  /** Rows in the requested order, their DPD, bucket and classification as of now. */
  cases: CaseRecord[];
  /** Whether cases follow the last one on this page. */
  more: boolean;
  /** Which served the page: the read model's queries, or the in-process index. */
  source: 'store' | 'index';
}

/** The fields a list can be ordered by. */
export type SortField = 'caseId' | 'overdueSince' | 'balance';

/** The field a sort orders by, and which way: DPD grows as overdueSince goes back. */
export function sortOrder(sort: CaseSort = 'caseId'): { field: SortField; direction: 1 | -1 } {
  switch (sort) {
    case 'caseId':
      return { field: 'caseId', direction: 1 };
    case 'dpd':
      return { field: 'overdueSince', direction: -1 };
    case '-dpd':
      return { field: 'overdueSince', direction: 1 };
    case 'balance':
      return { field: 'balance', direction: 1 };
    case '-balance':
      return { field: 'balance', direction: -1 };
  }
}

/** A row's value of an order's field; rows written before overdueSince was kept count from delinquentSince. */
export function keyOf(row: CaseRecord, field: SortField): string | number {
  return field === 'overdueSince' ? (row.overdueSince ?? row.delinquentSince ?? NOT_OVERDUE) : row[field];
}

/** The row's value of the sort's field. */
export const sortKeyOf = (row: CaseRecord, sort: CaseSort = 'caseId') => keyOf(row, sortOrder(sort).field);

/** Where the page that ends with this row ends. */
export const positionOf = (row: CaseRecord, sort?: CaseSort): CaseListPosition => ({ key: sortKeyOf(row, sort), caseId: row.caseId });

/** The read model's query for a page: its filter and sort, without the limit. */
export function storeQuery(request: CaseListRequest, businessNowMs: number): { filter: Record<string, unknown>; sort: Record<string, 1 | -1> } {
  const { field, direction } = sortOrder(request.sort);
  const clauses: Record<string, unknown>[] = [];
  const equal: Record<string, unknown> = {};
  for (const name of ['status', 'stage', 'segment', 'paused', 'agency', 'strategyVersion', 'variant'] as const) {
    if (request[name] !== undefined) equal[name] = request[name];
  }
  if (request.balanceMin !== undefined || request.balanceMax !== undefined) {
    equal.balance = { ...(request.balanceMin !== undefined && { $gte: request.balanceMin }), ...(request.balanceMax !== undefined && { $lte: request.balanceMax }) };
  }
  clauses.push(equal);
  const delinquency = delinquencyFilter(delinquencyCriteria(request), businessNowMs);
  if (delinquency) clauses.push(delinquency);
  if (request.after) {
    const { key, caseId } = request.after;
    const beyond = direction === 1 ? '$gt' : '$lt';
    clauses.push(field === 'caseId' ? { caseId: { [beyond]: caseId } } : { $or: [{ [field]: { [beyond]: key } }, { [field]: key, caseId: { [beyond]: caseId } }] });
  }
  return {
    filter: clauses.length === 1 ? clauses[0] : { $and: clauses },
    sort: field === 'caseId' ? { caseId: direction } : { [field]: direction, caseId: direction },
  };
}

/** The page's rows, from the read model's queries. */
export async function listFromStore(deps: StoreDependencies, request: CaseListRequest): Promise<CaseListPage> {
  const now = deps.businessNow();
  const { filter, sort } = storeQuery(request, now);
  const records = await caseModel(deps.database).find(filter).sort(sort).limit(request.limit + 1).lean<CaseRecord[]>();
  return { cases: records.slice(0, request.limit).map((record) => rowAsOf(record, now)), more: records.length > request.limit, source: 'store' };
}

const delinquencyCriteria = (request: CaseListFilter) => ({
  dpd: request.dpdMin !== undefined || request.dpdMax !== undefined ? { min: request.dpdMin, max: request.dpdMax } : undefined,
  bucket: request.bucket,
  classification: request.classification,
});

/** An open row's DPD, bucket and grade today, from its oldest unpaid due date; undefined for a row that has none. */
export type DelinquencyToday = (row: CaseRecord) => Delinquency | undefined;

/**
 * Today's figures of open rows, worked out once per due date, scheme and
 * restructuring day however many rows share them: what the index filters and
 * counts a whole portfolio with.
 */
export function delinquencyToday(businessNowMs: number): DelinquencyToday {
  const known = new Map<string, Delinquency | undefined>();
  return (row) => {
    if (row.status !== 'open' || !row.delinquentSince || !row.classificationScheme) return undefined;
    const key = `${row.delinquentSince}|${row.classificationScheme}|${row.restructuredOn ?? ''}`;
    if (!known.has(key)) known.set(key, delinquencyAsOf(row.delinquentSince, row.classificationScheme, businessNowMs, row.restructuredOn));
    return known.get(key);
  };
}

/** Whether a row passes the filter, judged by its figures today (see delinquencyToday): the store's filter, in memory. */
export function matchesFilter(row: CaseRecord, now: Delinquency | undefined, filter: CaseListFilter): boolean {
  if (filter.status !== undefined && row.status !== filter.status) return false;
  if (filter.stage !== undefined && row.stage !== filter.stage) return false;
  if (filter.segment !== undefined && row.segment !== filter.segment) return false;
  if (filter.paused !== undefined && row.paused !== filter.paused) return false;
  if (filter.agency !== undefined && row.agency !== filter.agency) return false;
  if (filter.strategyVersion !== undefined && row.strategyVersion !== filter.strategyVersion) return false;
  if (filter.variant !== undefined && row.variant !== filter.variant) return false;
  if (filter.balanceMin !== undefined && row.balance < filter.balanceMin) return false;
  if (filter.balanceMax !== undefined && row.balance > filter.balanceMax) return false;
  const daysPastDue = now ? now.daysPastDue : row.daysPastDue;
  if (filter.bucket !== undefined && (now ? now.bucket : row.bucket) !== filter.bucket) return false;
  if (filter.classification !== undefined && (now ? now.classification.name : row.classification) !== filter.classification) return false;
  if (filter.dpdMin !== undefined && daysPastDue < filter.dpdMin) return false;
  if (filter.dpdMax !== undefined && daysPastDue > filter.dpdMax) return false;
  return true;
}

/** The open portfolio in numbers, as of now: what the overview shows. */
export interface CaseCounts {
  /** Business time the figures are as of. */
  asOf: string;
  open: number;
  paused: number;
  /** Open cases graded non-performing (beyond 90 DPD under the loan scheme), and their share of the open. */
  npl: { count: number; share: number };
  byBucket: Record<string, number>;
  byStage: Record<string, number>;
  byClassification: Record<string, number>;
  /** By `strategy id@version/variant`. */
  byStrategyVariant: Record<string, number>;
  /** Open cases whose loan is restructured and still observed: graded at least the scheme's floor until the observation ends. */
  underObservation: number;
  source: 'store' | 'index';
  /** Open cases on each kind of hold (a case on two holds counts under both). */
  byHold: Record<string, number>;
}

/** Counts open rows, each with its figures today (undefined: its stored ones), into the overview's figures. */
export function countRows(
  rows: Iterable<{ row: CaseRecord; now: Delinquency | undefined; count: number }>,
  businessNowMs: number,
  source: CaseCounts['source'],
): CaseCounts {
  const counts: CaseCounts = {
    asOf: new Date(businessNowMs).toISOString(),
    open: 0,
    paused: 0,
    npl: { count: 0, share: 0 },
    byBucket: Object.fromEntries(BUCKETS.map((bucket) => [bucket.name, 0])),
    byStage: {},
    byClassification: {},
    byStrategyVariant: {},
    underObservation: 0,
    source,
    byHold: {},
  };
  const add = (table: Record<string, number>, key: string, count: number) => {
    table[key] = (table[key] ?? 0) + count;
  };
  for (const { row, now, count } of rows) {
    counts.open += count;
    if (row.paused) counts.paused += count;
    if (now ? now.classification.npl : row.npl) counts.npl.count += count;
    add(counts.byBucket, now ? now.bucket : row.bucket, count);
    add(counts.byStage, row.stage, count);
    add(counts.byClassification, now ? now.classification.name : row.classification, count);
    add(counts.byStrategyVariant, `${row.strategyVersion}/${row.variant ?? 'unknown'}`, count);
    if (now?.classification.observedUntil) counts.underObservation += count;
    for (const hold of row.holds ?? []) add(counts.byHold, hold, count);
  }
  counts.npl.share = counts.open ? Math.round((counts.npl.count / counts.open) * 10_000) / 10_000 : 0;
  counts.byStage = inOrder(counts.byStage, STAGES);
  counts.byClassification = inOrder(counts.byClassification, GRADE_ORDER);
  return counts;
}

/** Grades from pass to loss, as every scheme orders them (the schemes share their names). */
const GRADE_ORDER = LOAN_SCHEME.grades.map((grade) => grade.name);

/** The table with its keys in the given order (a chart draws them so), any others after them. */
function inOrder(table: Record<string, number>, order: readonly string[]): Record<string, number> {
  const rank = (key: string) => (order.indexOf(key) + order.length + 1) % (order.length + 1);
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => rank(a) - rank(b)));
}

/**
 * The counts from the read model: open rows grouped by what the figures depend
 * on (due date, scheme, restructuring, stage, pause, strategy), so the store returns a group per
 * combination rather than a row per case, then graded as of now.
 */
export async function countsFromStore(deps: StoreDependencies): Promise<CaseCounts> {
  const now = deps.businessNow();
  const groups = await caseModel(deps.database).aggregate<{ _id: Partial<CaseRecord>; count: number }>([
    { $match: { status: 'open' } },
    {
      $group: {
        _id: {
          delinquentSince: '$delinquentSince',
          classificationScheme: '$classificationScheme',
          restructuredOn: '$restructuredOn',
          daysPastDue: '$daysPastDue',
          bucket: '$bucket',
          classification: '$classification',
          npl: '$npl',
          stage: '$stage',
          paused: '$paused',
          strategyVersion: '$strategyVersion',
          variant: '$variant',
          holds: '$holds',
        },
        count: { $sum: 1 },
      },
    },
  ]);
  const today = delinquencyToday(now);
  return countRows(
    groups.map(({ _id, count }) => {
      const row = { ...(_id as CaseRecord), status: 'open' as const };
      return { row, now: today(row), count };
    }),
    now,
    'store',
  );
}

/** Open cases held where they can be paged and counted without the store (case-list-index.ts). */
export interface OpenCaseList {
  /** Whether it holds every open case: until then the store answers. */
  readonly ready: boolean;
  list(request: CaseListRequest, businessNowMs: number): CaseListPage;
  counts(businessNowMs: number): CaseCounts;
}

/** What listing cases needs of the case services (src/cases/services.ts). */
export interface CaseListDependencies extends StoreDependencies {
  caseList?: OpenCaseList;
}

/** A page of cases: from the in-process index when it is loaded and the page is of open cases, else from the store. */
export function listCases(deps: CaseListDependencies, request: CaseListRequest): Promise<CaseListPage> {
  if (deps.caseList?.ready && request.status === 'open') return Promise.resolve(deps.caseList.list(request, deps.businessNow()));
  return listFromStore(deps, request);
}

/** The open portfolio's counts: from the in-process index when it is loaded, else from the store. */
export function caseCounts(deps: CaseListDependencies): Promise<CaseCounts> {
  if (deps.caseList?.ready) return Promise.resolve(deps.caseList.counts(deps.businessNow()));
  return countsFromStore(deps);
}
