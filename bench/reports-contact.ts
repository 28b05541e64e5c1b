// Times the contact, agency and overdue-reason reports over a synthetic store
// and a plain scan of the same documents, and prints one JSON object:
//
//   npx tsx bench/reports-contact.ts [cases]      # 2000 by default
//
// It starts FerretDB in a temporary directory (or uses MONGODB_URI when set,
// in a fresh database it drops afterwards). seedContactReports and
// timeContactReports are what the `reports` bench scenario calls.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type mongoose from 'mongoose';
import { auditModel, type AuditRecord } from '../src/db/audit';
import { connectDatabase } from '../src/db/connection';
import { contactModel, type ContactRecord } from '../src/db/contacts';
import { startFerretDb } from '../src/db/ferretdb';
import { agencyReport } from '../src/cases/reports/agencies';
import { contactReport } from '../src/cases/reports/contacts';
import { reasonReport } from '../src/cases/reports/reasons';
import type { ReportWindow } from '../src/cases/reports/window';
import { DAY_MS } from '../src/domain';

const WINDOW: ReportWindow = { from: '2026-11-01', to: '2026-11-30' };
const START = Date.parse(WINDOW.from);
const REASONS = ['unemployment', 'illness', 'forgot', 'business-failure'];
const OUTCOMES = ['cured', 'paid', 'written-off', 'settled'];

/**
 * Per case, over the 30-day window: 6 contact attempts (SMS, letter, three calls,
 * a deferral), every tenth case placed with one of three agencies, and 14 audit
 * events (stages and decisions as filler, the guard's deferral, a payment for
 * half the cases, a promise kept or broken, a reason, a closure for a third).
 */
export async function seedContactReports(connection: mongoose.Connection, cases: number): Promise<{ contacts: number; events: number }> {
  const contacts: ContactRecord[] = [];
  const events: AuditRecord[] = [];
  for (let n = 0; n < cases; n += 1) {
    const caseId = `case-bench-${n}`;
    const at = (days: number) => new Date(START + ((n % 25) + days) * DAY_MS + (n % 13) * 3_600_000);
    const base = { caseId, loanId: caseId.slice(5), debtorRef: `debtor-${n}`, purpose: 'collection', updatedAt: new Date(), localHour: 8 + (n % 13) };
    const contact = (seq: number, fields: Partial<ContactRecord>) => {
      const key = `${caseId}:${seq}`;
      contacts.push({ ...base, _id: key, idempotencyKey: key, seq, step: `step-${seq}`, channel: 'sms', status: 'sent', at: at(seq / 2), ...fields } as ContactRecord);
    };
    contact(1, { channel: 'sms', template: 'sms-reminder', outcome: 'delivered', deliveryStatus: 'delivered' });
    contact(2, { channel: 'letter', template: 'demand-letter', outcome: 'delivered' });
    contact(3, { channel: 'phone', template: 'courtesy-call', outcome: 'no-contact', contactOutcome: n % 3 === 0 ? 'conversation' : 'no-answer' });
    contact(4, { channel: 'phone', template: 'courtesy-call', outcome: 'no-contact', contactOutcome: 'no-answer' });
    contact(5, { channel: 'phone', template: 'second-call', outcome: 'no-contact' });
    contact(6, { channel: 'sms', status: 'deferred', rule: 'nifa-quiet-22-08' });
    if (n % 10 === 0) contact(7, { channel: 'agency', agency: `Agency ${n % 3}`, providerRef: `${caseId}:placement:7`, balance: 100_000, outcome: 'delivered' });
    let seq = 0;
    const event = (type: AuditRecord['type'], days: number, data?: Record<string, unknown>) => {
      seq += 1;
      events.push({ _id: `${caseId}:${seq}`, caseId, loanId: caseId.slice(5), seq, at: at(days), type, actor: 'system', reason: type, ...(data && { data }) });
    };
    for (let filler = 0; filler < 8; filler += 1) event(filler % 2 ? 'stage' : 'decision', filler / 4, { dpd: filler });
    event('action', 3, { channel: 'sms', status: 'deferred', rule: 'nifa-quiet-22-08' });
    event('reason', 1, { code: REASONS[n % REASONS.length], source: 'agent' });
    event(n % 4 === 0 ? 'promise-broken' : 'promise-kept', 2);
    if (n % 2 === 0) event('payment', 4, { amount: 20_000 });
    if (n % 10 === 0) event('action', 6, { channel: 'agency', status: 'recalled', placementRef: `${caseId}:placement:7`, reason: 'paid' });
    if (n % 3 === 0) event('closed', 5, { outcome: OUTCOMES[n % OUTCOMES.length] });
  }
  for (let at = 0; at < contacts.length; at += 5000) await contactModel(connection).insertMany(contacts.slice(at, at + 5000), { ordered: false });
  for (let at = 0; at < events.length; at += 5000) await auditModel(connection).insertMany(events.slice(at, at + 5000), { ordered: false });
  return { contacts: contacts.length, events: events.length };
}

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(runs / 2)]);
}

/** Median ms of each report over the window, and of a plain scan (every document, no projection) of the two collections they read. */
export async function timeContactReports(connection: mongoose.Connection, runs = 3) {
  const deps = { database: connection };
  const scan = async () => {
    let documents = 0;
    for await (const _ of contactModel(connection).find({}).lean().cursor()) documents += 1;
    for await (const _ of auditModel(connection).find({}).lean().cursor()) documents += 1;
    return documents;
  };
  const scanMs = await median(runs, scan);
  const reports = {
    contacts: await median(runs, () => contactReport(deps, WINDOW)),
    agencies: await median(runs, () => agencyReport(deps, WINDOW)),
    reasons: await median(runs, () => reasonReport(deps, WINDOW)),
  };
  const ratios = Object.fromEntries(Object.entries(reports).map(([name, ms]) => [name, Math.round((ms / scanMs) * 100) / 100]));
  return { scanMs, reportsMs: reports, ratioToScan: ratios };
}

async function main() {
  const cases = Number(process.argv[2] ?? 2000);
  const dataDir = process.env.MONGODB_URI ? undefined : await mkdtemp(path.join(tmpdir(), 'arrears-reports-'));
  const ferretDb = dataDir ? await startFerretDb({ dataDir }) : undefined;
  const connection = await connectDatabase(process.env.MONGODB_URI ?? ferretDb!.uri, `bench_reports_${Date.now()}`);
  try {
    const seeded = await seedContactReports(connection, cases);
    const timings = await timeContactReports(connection);
    process.stdout.write(`${JSON.stringify({ store: ferretDb ? 'ferretdb' : 'external', cases, ...seeded, ...timings })}\n`);
  } finally {
    await connection.dropDatabase();
    await connection.close();
    await ferretDb?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
