// The agencies' league table over a window of business days: for the placements
// made in it, per agency, the cases and balance placed, what the cases paid while
// placed (until the recall, or now), the recovery rate, the median days from
// placement to the first payment, and the recalls by reason.
//
// Read, not counted ahead: the window's placements from the contact log (the
// placement's entry names the agency and, since it was kept, the balance placed),
// then the payments and recalls from the window's start on from the audit trail,
// each one streamed pass with a projection, joined here by case and placement.
import type mongoose from 'mongoose';
import { auditEventsBetween } from '../../db/audit';
import { contactsBetween } from '../../db/contacts';
import { DAY_MS } from '../../domain';
import { csvTable, rateOf } from './csv';
import { windowBounds, type ReportWindow } from './window';

export interface AgencyRow {
  agency: string;
  casesPlaced: number;
  /** Minor units, summed over the placements (a case placed twice counts twice). */
  balancePlaced: number;
  /** Placements whose balance was not logged (made before it was kept): their balance is not in balancePlaced. */
  balanceUnknown: number;
  /** Paid on the placed cases while placed, minor units, whoever took the money. */
  collected: number;
  /** collected / balancePlaced. */
  recoveryRate: number | null;
  /** Placements with a payment while placed. */
  withCollection: number;
  /** Median business days from placement to the first payment, over those placements; null when none paid. */
  medianDaysToFirstCollection: number | null;
  recalls: Record<string, number>;
}

export interface AgencyReport extends ReportWindow {
  agencies: AgencyRow[];
}

interface Placement {
  agency: string;
  caseId: string;
  placementRef: string;
  atMs: number;
  balance?: number;
  recalledAtMs?: number;
  recallReason?: string;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const roundDays = (ms: number) => Math.round((ms / DAY_MS) * 100) / 100;

export async function agencyReport(deps: { database: mongoose.Connection }, window: ReportWindow): Promise<AgencyReport> {
  const { start, end } = windowBounds(window);
  const placements = new Map<string, Placement>();
  const placementsByCase = new Map<string, Placement[]>();
  for await (const entry of contactsBetween(deps.database, start, end)) {
    // A recall is logged on the agency channel too, under the placement's reference; an agency's own contacts are its party's.
    if (entry.channel !== 'agency' || entry.step === 'agency-recall' || entry.status !== 'sent' || entry.party === 'agency' || !entry.providerRef) continue;
    const placement: Placement = { agency: entry.agency ?? 'unknown', caseId: entry.caseId, placementRef: entry.providerRef, atMs: entry.at.getTime(), balance: entry.balance };
    placements.set(placement.placementRef, placement);
    placementsByCase.set(entry.caseId, [...(placementsByCase.get(entry.caseId) ?? []), placement]);
  }

  const paymentsByCase = new Map<string, { atMs: number; amount: number }[]>();
  for await (const event of auditEventsBetween(deps.database, ['payment', 'action'], start)) {
    if (!placementsByCase.has(event.caseId)) continue;
    if (event.type === 'payment') {
      const payment = { atMs: event.at.getTime(), amount: Number(event.data?.amount ?? 0) };
      paymentsByCase.set(event.caseId, [...(paymentsByCase.get(event.caseId) ?? []), payment]);
    }
    else if (event.data?.status === 'recalled') {
      const placement = placements.get(String(event.data.placementRef));
      if (placement && placement.recalledAtMs === undefined) Object.assign(placement, { recalledAtMs: event.at.getTime(), recallReason: String(event.data.reason ?? 'unknown') });
    }
  }

  const rows = new Map<string, AgencyRow & { firstCollectionDays: number[] }>();
  for (const placement of placements.values()) {
    const row =
      rows.get(placement.agency) ??
      { agency: placement.agency, casesPlaced: 0, balancePlaced: 0, balanceUnknown: 0, collected: 0, recoveryRate: null, withCollection: 0, medianDaysToFirstCollection: null, recalls: {}, firstCollectionDays: [] };
    rows.set(placement.agency, row);
    row.casesPlaced += 1;
    if (placement.balance === undefined) row.balanceUnknown += 1;
    else row.balancePlaced += placement.balance;
    if (placement.recallReason) row.recalls[placement.recallReason] = (row.recalls[placement.recallReason] ?? 0) + 1;
    const whilePlaced = (paymentsByCase.get(placement.caseId) ?? []).filter(
      (payment) => payment.atMs >= placement.atMs && (placement.recalledAtMs === undefined || payment.atMs <= placement.recalledAtMs),
    );
    row.collected += whilePlaced.reduce((sum, payment) => sum + payment.amount, 0);
    if (whilePlaced.length > 0) {
      row.withCollection += 1;
      row.firstCollectionDays.push(roundDays(Math.min(...whilePlaced.map((payment) => payment.atMs)) - placement.atMs));
    }
  }
  const agencies = [...rows.values()]
    .map(({ firstCollectionDays, ...row }) => ({ ...row, recoveryRate: rateOf(row.collected, row.balancePlaced), medianDaysToFirstCollection: median(firstCollectionDays) }))
    .sort((a, b) => (b.recoveryRate ?? -1) - (a.recoveryRate ?? -1) || a.agency.localeCompare(b.agency));
  return { ...window, agencies };
}

export function agencyReportCsv(report: AgencyReport): string {
  const reasons = [...new Set(report.agencies.flatMap((row) => Object.keys(row.recalls)))].sort();
  return csvTable(
    ['agency', 'cases_placed', 'balance_placed', 'balance_unknown', 'collected', 'recovery_rate', 'with_collection', 'median_days_to_first_collection', ...reasons.map((reason) => `recalls_${reason}`)],
    report.agencies.map((row) => [
      row.agency, row.casesPlaced, row.balancePlaced, row.balanceUnknown, row.collected, row.recoveryRate, row.withCollection, row.medianDaysToFirstCollection,
      ...reasons.map((reason) => row.recalls[reason] ?? 0),
    ]),
  );
}
