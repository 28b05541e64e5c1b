// The reports the index at /reports lists, in the order. A report with a
// page names its path; the others show as not yet available. Append new ones.
import type { MessageKey } from '../../messages';

export interface ReportLink {
  /** The words: `${key}` the name, `${key}.about` the line under it. */
  key: MessageKey;
  /** Its page under /console, when it has one. */
  path?: string;
}

export const REPORTS: ReportLink[] = [
  { key: 'reports.rollRates', path: '/reports/roll-rates' },
  { key: 'reports.experiments', path: '/reports/experiments' },
  { key: 'reports.npl', path: '/reports/npl' },
  { key: 'reports.contacts', path: '/reports/contacts' },
  { key: 'reports.agencies', path: '/reports/agencies' },
  { key: 'reports.reasons', path: '/reports/reasons' },
];
