// On MongoDB the case list's default queries must be served by an index that
// also gives their order, never by a sort in memory: for each query the read
// model sends (storeQuery), one of the declared indexes (CASE_LIST_INDEXES) must
// begin with the query's equality fields, in any order, followed by its sort
// fields in order (MongoDB's equality-sort-range rule; ranges such as a bucket's
// due dates are filtered from the index's entries). There is no MongoDB here to
// run explain(); this checks the same rule the planner applies to pick a
// non-blocking sort.
import { storeQuery, type CaseListRequest, type CaseSort } from '../../src/cases/case-list';
import { CASE_LIST_INDEXES } from '../../src/db/cases';

/** The fields a filter fixes to one value at its top level (inside $and too). */
function equalityFields(filter: Record<string, unknown>): string[] {
  const clauses = Array.isArray(filter.$and) ? (filter.$and as Record<string, unknown>[]) : [filter];
  return clauses.flatMap((clause) =>
    Object.entries(clause)
      .filter(([field, value]) => !field.startsWith('$') && (value === null || typeof value !== 'object'))
      .map(([field]) => field),
  );
}

/** The first index that serves the query's equality fields then its sort, if any. */
function servingIndex(request: CaseListRequest, indexes: Record<string, 1>[]): Record<string, 1> | undefined {
  const { filter, sort } = storeQuery(request, Date.UTC(2026, 10, 30, 12));
  const equal = new Set(equalityFields(filter));
  const sortFields = Object.keys(sort);
  return indexes.find((index) => {
    const keys = Object.keys(index);
    const prefix = keys.slice(0, equal.size);
    return prefix.every((field) => equal.has(field)) && sortFields.every((field, i) => keys[equal.size + i] === field);
  });
}

const DEFAULT_VIEWS: Omit<CaseListRequest, 'limit' | 'sort'>[] = [
  { status: 'open' },
  { status: 'open', bucket: 'M2' },
  { status: 'open', stage: 'collect' },
  { status: 'open', paused: true },
  { status: 'open', dpdMin: 90 },
];
const SORTS: CaseSort[] = ['caseId', '-dpd', 'dpd', '-balance', 'balance'];

test.each(DEFAULT_VIEWS.flatMap((view) => SORTS.map((sort) => ({ view, sort }))))('$view sorted by $sort, first page and next: an index serves the filter and the order', ({ view, sort }) => {
  const first = { ...view, sort, limit: 50 };
  const next = { ...first, after: { key: sort.endsWith('balance') ? 120_000 : sort.endsWith('dpd') ? '2026-09-01' : 'case-L-1', caseId: 'case-L-1' } };
  expect(servingIndex(first, CASE_LIST_INDEXES)).toBeDefined();
  expect(servingIndex(next, CASE_LIST_INDEXES)).toBeDefined();
});

test('the check fails when the index a view needs is missing', () => {
  const withoutBalance = CASE_LIST_INDEXES.filter((index) => !('balance' in index && 'stage' in index));
  expect(servingIndex({ status: 'open', stage: 'collect', sort: '-balance', limit: 50 }, withoutBalance)).toBeUndefined();
  expect(servingIndex({ status: 'open', stage: 'collect', sort: '-balance', limit: 50 }, CASE_LIST_INDEXES)).toEqual({ status: 1, stage: 1, balance: 1, caseId: 1 });
});
