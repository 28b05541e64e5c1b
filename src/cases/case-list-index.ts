// The open cases, held in this process, for a store that cannot sort or range
// from an index: the embedded FerretDB fetches every row a filter names and
// sorts them itself, seconds at 100,000 cases. The index loads the open rows once
// (one scan), then follows the cases: every case sets its ArrearsPublishedAt
// search attribute when it writes its row, and Temporal visibility answers
// "which cases wrote since t" from an index. The rows of those cases are read
// again by id, the one lookup every store serves from an index. A page or the
// portfolio's counts are then one pass over memory. The index may trail the
// read model by the poll interval; a full reload every so often mends what it
// cannot see (a case terminated without writing its row).
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { readEach } from '../db/by-id';
import { caseModel, dueDateBounds, withDelinquency, type CaseRecord } from '../db/cases';
import type { Logger } from '../logger';
import { casePublishedAt } from '../workflows/search-attributes';
import {
  countRows,
  delinquencyToday,
  keyOf,
  matchesFilter,
  sortOrder,
  type SortField,
  type CaseCounts,
  type CaseListPage,
  type CaseListRequest,
  type OpenCaseList,
} from './case-list';

const ORDER_FIELDS: SortField[] = ['caseId', 'overdueSince', 'balance'];
type Key = string | number;

/** Later than any caseId: (key, AFTER_ALL_IDS) follows every row with that key. */
const AFTER_ALL_IDS = '\uffff';

/** How many rows of the order come before (key, caseId): the order is by key, then caseId, ascending. */
function lowerBound(order: CaseRecord[], field: SortField, key: Key, caseId: string): number {
  let [low, high] = [0, order.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    const row = order[middle];
    const rowKey = keyOf(row, field);
    if (rowKey < key || (rowKey === key && row.caseId < caseId)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The keys of the sort's field that the filter allows, inclusive, where it
 * bounds them: due dates from a DPD range or a bucket, as the store filters them;
 * a balance range. Undefined when no row can pass.
 */
function keyBounds(field: SortField, request: CaseListRequest, businessNowMs: number): { low?: Key; high?: Key } | undefined {
  if (field === 'balance') return { low: request.balanceMin, high: request.balanceMax };
  if (field !== 'overdueSince' || (request.dpdMin === undefined && request.dpdMax === undefined && request.bucket === undefined)) return {};
  const dates = dueDateBounds({ dpd: { min: request.dpdMin, max: request.dpdMax }, bucket: request.bucket }, businessNowMs);
  return dates && { low: dates.earliest, high: dates.latest };
}

export interface CaseListIndexOptions {
  /** How often to ask visibility what changed. */
  pollMs?: number;
  /** How far back each poll looks before the newest change it saw: visibility may show a change late. */
  overlapMs?: number;
  /** How often to load every open row again. */
  reloadMs?: number;
}

export interface CaseListIndexDependencies {
  temporal: Client;
  database: mongoose.Connection;
  logger: Logger;
  /** The wall clock (epoch ms), to start following from when the rows are loaded. */
  wallNow?: () => number;
}

export class CaseListIndex implements OpenCaseList {
  private rows = new Map<string, CaseRecord>();
  /** The same rows in each order a list can ask for, ascending by key then caseId. */
  private orders: Record<SortField, CaseRecord[]> = { caseId: [], overdueSince: [], balance: [] };
  /** The ArrearsPublishedAt (epoch ms) each case's row was read at: a change seen twice is read once. */
  private readAt = new Map<string, number>();
  /** Visibility is asked for changes at or after this time. */
  private since = 0;
  private loaded = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private lastReload = 0;
  private running: Promise<void> = Promise.resolve();
  private readonly pollMs: number;
  private readonly overlapMs: number;
  private readonly reloadMs: number;

  constructor(
    private readonly deps: CaseListIndexDependencies,
    options: CaseListIndexOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.overlapMs = options.overlapMs ?? 10_000;
    this.reloadMs = options.reloadMs ?? 15 * 60_000;
  }

  /** Whether the rows are loaded: until then the list is served by the store. */
  get ready(): boolean {
    return this.loaded && !this.stopped;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Loads the open rows, then follows the cases until stop(). Resolves once loaded. */
  async start(): Promise<void> {
    try {
      await this.reload();
    } finally {
      // A failed load is tried again on the next poll: lastReload is still long ago.
      this.schedule();
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.running.catch(() => undefined);
  }

  /** Loads every open row again (at start, every reloadMs, or after rows were written behind the cases' back). */
  reload(): Promise<void> {
    this.running = this.running.catch(() => undefined).then(async () => {
      const wallNow = this.deps.wallNow ?? Date.now;
      const from = wallNow() - this.overlapMs;
      const records = await caseModel(this.deps.database).find({ status: 'open' }).lean<CaseRecord[]>();
      this.rows = new Map(records.map((record) => [record.caseId, record]));
      for (const field of ORDER_FIELDS) {
        this.orders[field] = [...this.rows.values()].sort((a, b) => {
          const [ka, kb] = [keyOf(a, field), keyOf(b, field)];
          return ka < kb ? -1 : ka > kb ? 1 : a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
        });
      }
      this.readAt.clear();
      this.since = Math.max(this.since, from);
      this.lastReload = wallNow();
      this.loaded = true;
    });
    return this.running;
  }

  /** Reads again the rows of the cases that wrote since the last poll. */
  catchUp(): Promise<void> {
    this.running = this.running.catch(() => undefined).then(() => this.poll());
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const wallNow = this.deps.wallNow ?? Date.now;
      const work = wallNow() - this.lastReload >= this.reloadMs ? this.reload() : this.catchUp();
      work.catch((error) => this.deps.logger.warn({ err: error }, 'case list index: could not follow the cases; trying again')).finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const query = `${casePublishedAt.name} >= '${new Date(this.since).toISOString()}'`;
    let newest = this.since;
    const changed: { caseId: string; at: number }[] = [];
    for await (const execution of this.deps.temporal.workflow.list({ query })) {
      const at = execution.typedSearchAttributes.get(casePublishedAt)?.getTime();
      if (at === undefined) continue;
      newest = Math.max(newest, at);
      if (this.readAt.get(execution.workflowId) !== at) changed.push({ caseId: execution.workflowId, at });
    }
    await this.reread(changed.map(({ caseId }) => caseId));
    for (const { caseId, at } of changed) this.readAt.set(caseId, at);
    this.since = Math.max(this.since, newest - this.overlapMs);
    for (const [caseId, at] of this.readAt) if (at < this.since) this.readAt.delete(caseId);
  }

  /** Reads these cases' rows again, by id, and puts them in the index, or takes them out if they closed or are gone. */
  async reread(caseIds: string[]): Promise<void> {
    const model = caseModel(this.deps.database);
    const records = await readEach(caseIds, (caseId) => model.findById(caseId).lean<CaseRecord>());
    caseIds.forEach((caseId, i) => {
      this.remove(caseId);
      const record = records[i];
      if (record?.status === 'open') this.add(record);
    });
  }

  private add(record: CaseRecord): void {
    this.rows.set(record.caseId, record);
    for (const field of ORDER_FIELDS) {
      const order = this.orders[field];
      order.splice(lowerBound(order, field, keyOf(record, field), record.caseId), 0, record);
    }
  }

  private remove(caseId: string): void {
    const record = this.rows.get(caseId);
    if (!record) return;
    this.rows.delete(caseId);
    for (const field of ORDER_FIELDS) {
      const order = this.orders[field];
      const at = lowerBound(order, field, keyOf(record, field), caseId);
      if (order[at]?.caseId === caseId) order.splice(at, 1);
    }
  }

  /**
   * A page of open cases, as the store would answer it: walks the order the
   * sort asks for from the cursor (or from where the filter's range of keys
   * starts), keeping the rows that pass the filter until the page is full.
   */
  list(request: CaseListRequest, businessNowMs: number): CaseListPage {
    const today = delinquencyToday(businessNowMs);
    const { field, direction } = sortOrder(request.sort);
    const order = this.orders[field];
    const bounds = keyBounds(field, request, businessNowMs);
    if (!bounds) return { cases: [], more: false, source: 'index' };
    const { low, high } = bounds;
    const page: CaseRecord[] = [];
    const take = (row: CaseRecord) => {
      const now = today(row);
      if (matchesFilter(row, now, request)) page.push(withDelinquency(row, now));
      return page.length > request.limit;
    };
    if (direction === 1) {
      let i = request.after ? lowerBound(order, field, request.after.key, request.after.caseId + '\u0000') : 0;
      if (low !== undefined) i = Math.max(i, lowerBound(order, field, low, ''));
      for (; i < order.length; i++) {
        if (high !== undefined && keyOf(order[i], field) > high) break;
        if (take(order[i])) break;
      }
    } else {
      let i = request.after ? lowerBound(order, field, request.after.key, request.after.caseId) - 1 : order.length - 1;
      if (high !== undefined) i = Math.min(i, lowerBound(order, field, high, AFTER_ALL_IDS) - 1);
      for (; i >= 0; i--) {
        if (low !== undefined && keyOf(order[i], field) < low) break;
        if (take(order[i])) break;
      }
    }
    return { cases: page.slice(0, request.limit), more: page.length > request.limit, source: 'index' };
  }

  /** The open portfolio's counts, as of now. */
  counts(businessNowMs: number): CaseCounts {
    const today = delinquencyToday(businessNowMs);
    return countRows(
      (function* (rows: Iterable<CaseRecord>) {
        for (const row of rows) yield { row, now: today(row), count: 1 };
      })(this.rows.values()),
      businessNowMs,
      'index',
    );
  }
}
