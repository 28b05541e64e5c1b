// Scenarios of the fast tier on a stubbed case suite: a loan in the default
// strategy's champion variant, late by so many days at an hour of the debtor's
// day; the cases a test opens, closed after it whether it passed or not (and,
// with RECORD_HISTORIES=1, their histories written as fixtures); and what the
// case asked of its channels and recorded.
import { type ActionRequest, type Loan, type Strategy } from '../../src/domain';
import { close } from '../../src/workflows/collection-case/messages';
import { loanIdsInVariant, openTestCase, sleepUntilLocalTime, type CaseHandle } from './cases';
import { recordHistory } from './histories';
import { overdueLoan } from './loans';
import type { StubbedCaseSuite } from './suites';

export const SUPERVISOR = { actor: 'supervisor-7' };
export const HOUR_MS = 3_600_000;

export function caseScenarios(suite: StubbedCaseSuite) {
  let opened: { handle: CaseHandle; record?: string }[] = [];

  // The time-skipping server would wake a case left open in a later test's time skips, so none is.
  afterEach(async () => {
    const closing = opened;
    opened = [];
    await Promise.allSettled(closing.map(({ handle }) => handle.executeUpdate(close, { args: [{ actor: 'test', reason: 'test over' }] })));
    await Promise.allSettled(closing.map(({ handle }) => handle.result()));
    const scenario = expect.getState().currentTestName ?? '';
    for (const name of new Set(closing.flatMap(({ record }) => (record ? [record] : [])))) {
      const handles = closing.filter(({ record }) => record === name);
      for (const [i, { handle }] of handles.entries()) await recordHistory(handle, handles.length > 1 ? `${name}-${i + 1}` : name, scenario);
    }
  });

  const requestsOf = (loanId: string) => suite.observed.inputs<ActionRequest>('performAction', (request) => request.loanId === loanId);

  return {
    /** A champion-variant, medium-risk loan, `daysPastDue` late at `localHour`:00 (09:00 unless told) Shanghai time, after moving the clock there. */
    async loan(prefix: string, daysPastDue: number, extra: Partial<Loan> = {}, localHour = 9): Promise<Loan> {
      const nowMs = await sleepUntilLocalTime(suite.env, 'Asia/Shanghai', localHour);
      const [loanId] = loanIdsInVariant(`${prefix}-${nowMs}`, 'champion', 1);
      return { ...overdueLoan({ loanId, nowMs, daysPastDue, principal: 1_000_000, outstanding: 800_000, lastPaymentDaysAgo: 45 }), ...extra };
    },

    /** Opens the loan's case; it is closed after the test, and recorded as `record` when recording. */
    async open(loan: Loan, options: { strategy?: Strategy; continueAsNewAfterEvents?: number; record?: string } = {}): Promise<CaseHandle> {
      const handle = await openTestCase(suite.env, loan, options);
      opened.push({ handle, record: options.record });
      return handle;
    },

    /** Every action the case put to a channel (a deferred one again when it asks again), in order. */
    requestsOf,
    /** The same as `step channel @DPD`. */
    actionsOf: (loanId: string) => requestsOf(loanId).map((request) => `${request.step} ${request.channel} @${request.daysPastDue}`),
    /** The same as the step each belonged to. */
    stepsOf: (loanId: string) => requestsOf(loanId).map((request) => request.step),
  };
}

/** An event a timer set for `instantMs` caused: at or just after it (the server fires timers a few ms late). */
export function expectSoonAfter(at: string, instantMs: number): void {
  const atMs = Date.parse(at);
  expect(atMs).toBeGreaterThanOrEqual(instantMs);
  expect(atMs - instantMs).toBeLessThan(60_000);
}
