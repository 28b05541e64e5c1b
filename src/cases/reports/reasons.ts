// Overdue reasons (逾期原因) over a window of business days: how often each
// reason was recorded, counting every record and counting each case once by its
// latest; and for each latest reason, how many of those cases have closed cured
// (paid, cured, cured by a kept plan, or settled), with n.
//
// Read, not counted ahead: the reason events recorded in the window and the
// closures since its start, one streamed pass over the audit trail with a
// projection, counted here: a case's latest reason is only known once all its
// reasons in the window are read, so a counter kept per event would count a case
// under each reason it ever had.
import type mongoose from 'mongoose';
import { auditEventsBetween } from '../../db/audit';
import { isCured } from '../../domain';
import { csvTable, rateOf } from './csv';
import { windowBounds, type ReportWindow } from './window';


export interface ReasonRow {
  code: string;
  /** Every record of the reason in the window. */
  recorded: number;
  /** Cases whose latest reason in the window it is. */
  latest: number;
  /** Of those cases, closed since the window began, and closed cured. */
  closed: number;
  cured: number;
  /** cured / latest: the cases' cure rate; n is `latest`. */
  cureRate: number | null;
}

export interface ReasonReport extends ReportWindow {
  /** Cases with a reason recorded in the window. */
  cases: number;
  reasons: ReasonRow[];
}

export async function reasonReport(deps: { database: mongoose.Connection }, window: ReportWindow): Promise<ReasonReport> {
  const { start, end } = windowBounds(window);
  const recorded = new Map<string, number>();
  const latestOfCase = new Map<string, { code: string; seq: number }>();
  const closureOfCase = new Map<string, { outcome: string; seq: number }>();
  for await (const event of auditEventsBetween(deps.database, ['reason', 'closed'], start)) {
    if (event.type === 'closed') {
      // A case reopened and closed again: its last closure is how it stands.
      const closure = closureOfCase.get(event.caseId);
      if (!closure || closure.seq < event.seq) closureOfCase.set(event.caseId, { outcome: String(event.data?.outcome ?? 'closed'), seq: event.seq });
      continue;
    }
    if (event.at.getTime() >= end.getTime()) continue;
    const code = String(event.data?.code ?? 'unknown');
    recorded.set(code, (recorded.get(code) ?? 0) + 1);
    const latest = latestOfCase.get(event.caseId);
    if (!latest || latest.seq < event.seq) latestOfCase.set(event.caseId, { code, seq: event.seq });
  }
  const rows = new Map<string, ReasonRow>();
  const rowOf = (code: string) => rows.get(code) ?? rows.set(code, { code, recorded: 0, latest: 0, closed: 0, cured: 0, cureRate: null }).get(code)!;
  for (const [code, count] of recorded) rowOf(code).recorded = count;
  for (const [caseId, { code }] of latestOfCase) {
    const row = rowOf(code);
    row.latest += 1;
    const outcome = closureOfCase.get(caseId)?.outcome;
    if (outcome !== undefined) row.closed += 1;
    if (isCured(outcome)) row.cured += 1;
  }
  const reasons = [...rows.values()].map((row) => ({ ...row, cureRate: rateOf(row.cured, row.latest) })).sort((a, b) => b.latest - a.latest || b.recorded - a.recorded || a.code.localeCompare(b.code));
  return { ...window, cases: latestOfCase.size, reasons };
}

export function reasonReportCsv(report: ReasonReport): string {
  return csvTable(
    ['code', 'recorded', 'latest', 'closed', 'cured', 'cure_rate'],
    report.reasons.map((row) => [row.code, row.recorded, row.latest, row.closed, row.cured, row.cureRate]),
  );
}
