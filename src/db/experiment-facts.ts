// Each case run's experiment facts, one document keyed by `<caseId>:run-<run>`:
// its strategy assignment and balance at entry, its closure, and its payments and
// contacts, kept by the records activity as the case's events arrive. Payments and
// contacts sit under their event's seq, so a write that comes twice (a retried
// activity, a backlog sent again) sets the same keys and counts nothing twice,
// without reading the document first. The experiments report reads one strategy's
// documents in a single streamed pass (an index on MongoDB; a scan on FerretDB,
// which pushes down only _id equality), never the audit trail.
import mongoose, { Schema } from 'mongoose';
import type { CaseEvent, CaseOutcome, CaseView } from '../domain';
import { cohortOf, type CaseExperimentFacts } from '../domain/experiments';

export interface ExperimentFactsRecord {
  /** `<caseId>:run-<run>`. */
  _id: string;
  caseId: string;
  loanId: string;
  run: number;
  strategyId: string;
  version: number;
  variant: string;
  enteredAt: Date;
  /** 'YYYY-MM' of entry: the cohort. */
  cohort: string;
  balanceAtEntry: number;
  currency: string;
  outcome?: CaseOutcome;
  closedAt?: Date;
  /** By `s<seq>` of the payment event. */
  payments: Record<string, { amount: number; at: Date; byAgency: boolean }>;
  /** By `s<seq>` of the action event: contacts sent. */
  contacts: Record<string, { channel: string; at: Date }>;
}

const factsSchema = new Schema<ExperimentFactsRecord>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    loanId: { type: String, required: true },
    run: { type: Number, required: true },
    strategyId: { type: String, required: true },
    version: { type: Number, required: true },
    variant: { type: String, required: true },
    enteredAt: { type: Date, required: true },
    cohort: { type: String, required: true },
    balanceAtEntry: { type: Number, required: true },
    currency: { type: String, required: true },
    outcome: { type: String },
    closedAt: { type: Date },
    payments: { type: Schema.Types.Mixed, default: {} },
    contacts: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'experiment_facts', versionKey: false, minimize: false },
);
factsSchema.index({ strategyId: 1, version: 1, cohort: 1 });

export function experimentFactsModel(connection: mongoose.Connection): mongoose.Model<ExperimentFactsRecord> {
  return (connection.models.ExperimentFacts as mongoose.Model<ExperimentFactsRecord> | undefined) ?? connection.model<ExperimentFactsRecord>('ExperimentFacts', factsSchema);
}

export const experimentFactsId = (caseId: string, run: number) => `${caseId}:run-${run}`;

/** Channels whose sent action is a contact that costs something. */
const COSTED_CHANNELS = new Set(['sms', 'letter', 'phone', 'field-visit', 'court']);

/**
 * The balance the case entered with: the view's, unless a payment came before
 * this first write, whose outstanding-before is then the earlier figure.
 */
function balanceAtEntry(events: CaseEvent[], view: CaseView): number {
  const payment = events.find((event) => event.type === 'payment' && typeof event.data?.outstanding === 'number');
  return payment ? (payment.data!.outstanding as number) + (payment.data!.amount as number) : view.balance;
}

/**
 * What a case's turn adds to its experiment facts: the run's entry when the turn
 * opened it (an insert: a duplicate _id means it is there already), and the
 * payments, contacts and outcome to set on it, by _id. An upsert would do both,
 * but FerretDB reads the whole collection for an upsert of a new document: at
 * intake that was a scan of every case's facts for every case opened.
 */
export function factsUpdatesOf(progress: { caseId: string; loanId: string; events: CaseEvent[]; view: CaseView }) {
  const { caseId, loanId, events, view } = progress;
  const _id = experimentFactsId(caseId, view.run);
  const updates: mongoose.AnyBulkWriteOperation<ExperimentFactsRecord>[] = [];
  let entry: ExperimentFactsRecord | undefined;
  const opened = events.find((event) => event.type === 'opened');
  if (opened) {
    const enteredAt = new Date(opened.at);
    entry = {
      _id, caseId, loanId, run: view.run, strategyId: view.strategy.id, version: view.strategy.version,
      variant: typeof opened.data?.variant === 'string' ? opened.data.variant : view.strategy.variant,
      enteredAt, cohort: cohortOf(enteredAt.getTime()), balanceAtEntry: balanceAtEntry(events, view), currency: view.currency,
      payments: {}, contacts: {},
    };
  }
  const set: Record<string, unknown> = {};
  for (const event of events) {
    const data = event.data ?? {};
    if (event.type === 'payment' && typeof data.amount === 'number') {
      set[`payments.s${event.seq}`] = { amount: data.amount, at: new Date(event.at), byAgency: event.actor.startsWith('agency:') };
    } else if (event.type === 'action' && data.status === 'sent' && typeof data.channel === 'string' && COSTED_CHANNELS.has(data.channel)) {
      set[`contacts.s${event.seq}`] = { channel: data.channel, at: new Date(event.at) };
    } else if (event.type === 'closed' && typeof data.outcome === 'string') {
      set.outcome = data.outcome;
      set.closedAt = new Date(event.at);
    }
  }
  if (Object.keys(set).length) updates.push({ updateOne: { filter: { _id }, update: { $set: set } } });
  return { entry, updates };
}

/** The facts as the domain reads them. */
export function factsOf(record: ExperimentFactsRecord): CaseExperimentFacts {
  return {
    strategyId: record.strategyId,
    version: record.version,
    variant: record.variant,
    enteredAtMs: new Date(record.enteredAt).getTime(),
    balanceAtEntry: record.balanceAtEntry,
    outcome: record.outcome,
    closedAtMs: record.closedAt ? new Date(record.closedAt).getTime() : undefined,
    payments: Object.values(record.payments ?? {}).map((p) => ({ amount: p.amount, atMs: new Date(p.at).getTime(), byAgency: p.byAgency })),
    contacts: Object.values(record.contacts ?? {}).map((c) => ({ channel: c.channel, atMs: new Date(c.at).getTime() })),
  };
}

/** Streams the facts of one strategy, of a version and a cohort when given. */
export function experimentFactsOf(connection: mongoose.Connection, filter: { strategyId: string; version?: number; cohort?: string }) {
  const query: Record<string, unknown> = { strategyId: filter.strategyId };
  if (filter.version !== undefined) query.version = filter.version;
  if (filter.cohort !== undefined) query.cohort = filter.cohort;
  return experimentFactsModel(connection)
    .find(query, { caseId: 0, loanId: 0, currency: 0 })
    .lean<ExperimentFactsRecord[]>()
    .cursor({ batchSize: 2000 });
}
