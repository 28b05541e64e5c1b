// The business-day window a report covers: from the start of `from` to the end
// of `to` (business time, days from 00:00 UTC like the portfolio's day), by
// default the 30 days up to today.
import { DAY_MS } from '../../domain';

export interface ReportWindow {
  /** 'YYYY-MM-DD', the first business day counted. */
  from: string;
  /** 'YYYY-MM-DD', the last business day counted. */
  to: string;
}

export const DEFAULT_WINDOW_DAYS = 30;
/** The longest window a report reads: a year and a day. */
export const MAX_WINDOW_DAYS = 367;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The window asked for, its days filled in from business now. */
export function reportWindow(asked: Partial<ReportWindow>, businessNowMs: number): ReportWindow {
  const to = asked.to ?? dayOf(businessNowMs);
  return { from: asked.from ?? dayOf(Date.parse(to) - (DEFAULT_WINDOW_DAYS - 1) * DAY_MS), to };
}

/** The window's bounds in business time: [start, end). */
export function windowBounds(window: ReportWindow): { start: Date; end: Date } {
  return { start: new Date(Date.parse(window.from)), end: new Date(Date.parse(window.to) + DAY_MS) };
}
