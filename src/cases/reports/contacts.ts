// Contact effectiveness over a window of business days: how often an attempt
// reached the right party, by channel and by the debtor's local hour; how many
// promises to pay were kept; how often a payment followed a delivered or
// answered contact within 7 days, by channel and template; and the compliance
// guard's deferrals and denials by rule.
//
// Read, not counted ahead: one streamed pass with a projection over the window's
// contact log entries and one over its audit events (payments up to 7 days past
// the window), counted here. A payment is attributed by joining it to the case's
// earlier attempts, which no aggregation FerretDB and MongoDB share can do, and a
// counter kept as payments arrive would have to re-read the case's contacts on
// every payment to do the same; a report is read far less often than payments come.
import type mongoose from 'mongoose';
import { auditEventsBetween } from '../../db/audit';
import { contactsBetween, type ContactReportEntry } from '../../db/contacts';
import { DAY_MS } from '../../domain';
import { csvTable, rateOf } from './csv';
import { windowBounds, type ReportWindow } from './window';

/** Reported outcomes that mean the debtor was reached in person (an agent's contacted, promise, dispute or refusal; an agency's the same). */
const RIGHT_PARTY = new Set(['conversation', 'refused']);
/** Channels where a person reports whether the debtor was reached: the hour table counts these. */
const CONVERSATION_CHANNELS = new Set(['phone', 'field-visit']);
/** Not contacts with the debtor: a placement, a filing. */
const NOT_CONTACTS = new Set(['agency', 'court']);
export const ATTRIBUTION_DAYS = 7;

export interface RightPartyTally {
  attempts: number;
  rightParty: number;
  /** rightParty / attempts; null when there were none. */
  rate: number | null;
}

export interface PaymentAttribution {
  channel: string;
  template: string;
  /** Delivered (a message or letter the provider took and did not fail) or answered (the right party reached). */
  reached: number;
  /** Of those, the ones the case received a payment for within 7 days after. */
  paidWithin7Days: number;
  rate: number | null;
}

export interface ContactReport extends ReportWindow {
  rightPartyByChannel: Record<string, RightPartyTally & { awaitingReport: number }>;
  /** Calls and visits by the hour (00–23) on the debtor's clock; 'unknown' for attempts logged before the hour was kept. */
  rightPartyByHour: Record<string, RightPartyTally>;
  promises: { kept: number; broken: number; keptRate: number | null };
  paymentWithin7Days: PaymentAttribution[];
  guardByRule: Record<string, { deferred: number; denied: number }>;
}

const isContact = (entry: ContactReportEntry) => entry.status === 'sent' && entry.purpose !== undefined && !NOT_CONTACTS.has(entry.channel);
const isRightParty = (entry: ContactReportEntry) => RIGHT_PARTY.has(entry.contactOutcome ?? '');
const isReached = (entry: ContactReportEntry) =>
  isRightParty(entry) ||
  (!CONVERSATION_CHANNELS.has(entry.channel) && entry.outcome === 'delivered' && entry.contactOutcome !== 'failed' && entry.deliveryStatus !== 'failed');

function tally(tallies: Record<string, RightPartyTally>, key: string, rightParty: boolean): RightPartyTally {
  const row = (tallies[key] ??= { attempts: 0, rightParty: 0, rate: null });
  row.attempts += 1;
  if (rightParty) row.rightParty += 1;
  return row;
}

const withRates = <T extends RightPartyTally>(tallies: Record<string, T>) => {
  for (const row of Object.values(tallies)) row.rate = rateOf(row.rightParty, row.attempts);
  return tallies;
};

export async function contactReport(deps: { database: mongoose.Connection }, window: ReportWindow): Promise<ContactReport> {
  const { start, end } = windowBounds(window);
  const byChannel: Record<string, RightPartyTally & { awaitingReport: number }> = {};
  const byHour: Record<string, RightPartyTally> = {};
  const reached: { caseId: string; channel: string; template: string; atMs: number }[] = [];
  for await (const entry of contactsBetween(deps.database, start, end)) {
    if (!isContact(entry)) continue;
    const rightParty = isRightParty(entry);
    const row = (byChannel[entry.channel] ??= { attempts: 0, rightParty: 0, rate: null, awaitingReport: 0 });
    tally(byChannel, entry.channel, rightParty);
    if (CONVERSATION_CHANNELS.has(entry.channel)) {
      if (!entry.contactOutcome) row.awaitingReport += 1;
      tally(byHour, entry.localHour === undefined ? 'unknown' : String(entry.localHour).padStart(2, '0'), rightParty);
    }
    if (isReached(entry)) reached.push({ caseId: entry.caseId, channel: entry.channel, template: entry.template ?? '', atMs: entry.at.getTime() });
  }

  const promises = { kept: 0, broken: 0, keptRate: null as number | null };
  const guardByRule: ContactReport['guardByRule'] = {};
  const paymentsByCase = new Map<string, number[]>();
  const attributionEnd = new Date(end.getTime() + ATTRIBUTION_DAYS * DAY_MS);
  for await (const event of auditEventsBetween(deps.database, ['payment', 'promise-kept', 'promise-broken', 'action'], start, attributionEnd)) {
    const atMs = event.at.getTime();
    if (event.type === 'payment') {
      const paid = paymentsByCase.get(event.caseId);
      if (paid) paid.push(atMs);
      else paymentsByCase.set(event.caseId, [atMs]);
      continue;
    }
    if (atMs >= end.getTime()) continue;
    if (event.type === 'promise-kept') promises.kept += 1;
    else if (event.type === 'promise-broken') promises.broken += 1;
    else {
      const status = event.data?.status;
      const rule = event.data?.rule;
      if ((status === 'deferred' || status === 'denied') && typeof rule === 'string') (guardByRule[rule] ??= { deferred: 0, denied: 0 })[status] += 1;
    }
  }
  promises.keptRate = rateOf(promises.kept, promises.kept + promises.broken);

  const attribution = new Map<string, PaymentAttribution>();
  for (const contact of reached) {
    const key = `${contact.channel}\u0000${contact.template}`;
    const row = attribution.get(key) ?? { channel: contact.channel, template: contact.template, reached: 0, paidWithin7Days: 0, rate: null };
    attribution.set(key, row);
    row.reached += 1;
    const limit = contact.atMs + ATTRIBUTION_DAYS * DAY_MS;
    if ((paymentsByCase.get(contact.caseId) ?? []).some((paidAt) => paidAt > contact.atMs && paidAt <= limit)) row.paidWithin7Days += 1;
  }
  const paymentWithin7Days = [...attribution.values()]
    .map((row) => ({ ...row, rate: rateOf(row.paidWithin7Days, row.reached) }))
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.template.localeCompare(b.template));

  return { ...window, rightPartyByChannel: withRates(byChannel), rightPartyByHour: withRates(byHour), promises, paymentWithin7Days, guardByRule };
}

/** One table of every figure: section, key, then the counts and the rate. */
export function contactReportCsv(report: ContactReport): string {
  const rows: (string | number | null)[][] = [
    ...Object.entries(report.rightPartyByChannel).map(([channel, row]) => ['right-party-by-channel', channel, '', row.attempts, row.rightParty, row.rate]),
    ...Object.entries(report.rightPartyByHour).map(([hour, row]) => ['right-party-by-hour', hour, '', row.attempts, row.rightParty, row.rate]),
    ['promises', 'kept-of-kept-and-broken', '', report.promises.kept + report.promises.broken, report.promises.kept, report.promises.keptRate],
    ...report.paymentWithin7Days.map((row) => ['payment-within-7-days', row.channel, row.template, row.reached, row.paidWithin7Days, row.rate]),
    ...Object.entries(report.guardByRule).flatMap(([rule, row]) => [
      ['guard-deferred', rule, '', row.deferred, null, null],
      ['guard-denied', rule, '', row.denied, null, null],
    ]),
  ];
  return csvTable(['section', 'key', 'template', 'count', 'of_which', 'rate'], rows);
}
