import {
  CN_NIFA,
  evaluate,
  type ContactAttempt,
  type ContactHistoryEntry,
  type ContactOutcome,
  type Party,
} from '../../src/domain/compliance';

const SHANGHAI = 'Asia/Shanghai';
const utc = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
/** Shanghai wall clock (UTC+8, no DST). */
const cst = (mo: number, d: number, h: number, mi = 0) => utc(2024, mo, d, h - 8, mi);

function attempt(overrides: Partial<ContactAttempt> = {}): ContactAttempt {
  return {
    caseId: 'case-C1',
    loanId: 'C1',
    channel: 'phone',
    atMs: cst(1, 16, 15),
    debtorTimeZone: SHANGHAI,
    country: 'CN',
    debtTimeBarred: false,
    disputed: false,
    ceaseContact: false,
    ...overrides,
  };
}

const call = (atMs: number, outcome: ContactOutcome, party: Party = 'lender'): ContactHistoryEntry => ({
  channel: 'phone',
  atMs,
  outcome,
  party,
});

describe('NIFA quiet hours', () => {
  it('defers a 23:00 call to 08:00 local the next day', () => {
    expect(evaluate(attempt({ atMs: cst(1, 15, 23) }), [], CN_NIFA)).toEqual({
      verdict: 'defer',
      untilMs: cst(1, 16, 8),
      rule: 'nifa-quiet-22-08',
      reason: expect.stringContaining('23:00 Asia/Shanghai'),
    });
  });

  it('allows 21:30 and defers from 22:00', () => {
    expect(evaluate(attempt({ atMs: cst(1, 16, 21, 30) }), [], CN_NIFA).verdict).toBe('allow');
    expect(evaluate(attempt({ atMs: cst(1, 16, 22) }), [], CN_NIFA)).toMatchObject({ untilMs: cst(1, 17, 8) });
  });
});

describe('NIFA three connected calls per day', () => {
  const today = [
    call(cst(1, 16, 9), 'connected'),
    call(cst(1, 16, 10), 'no-answer'),
    call(cst(1, 16, 11), 'conversation', 'agency'),
    call(cst(1, 16, 12), 'voicemail', 'agency'),
    call(cst(1, 16, 13), 'connected', 'agency'),
  ];

  it('defers the 4th connected call, lender and agencies together, to 08:00 the next day', () => {
    expect(evaluate(attempt(), today, CN_NIFA)).toEqual({
      verdict: 'defer',
      untilMs: cst(1, 17, 8),
      rule: 'nifa-3-connected-calls-per-day',
      reason: expect.stringContaining('3 connected calls'),
    });
  });

  it('does not count unanswered calls or yesterday', () => {
    expect(evaluate(attempt(), today.slice(0, 4), CN_NIFA).verdict).toBe('allow');
    const yesterday = today.map((c) => ({ ...c, atMs: c.atMs - 86_400_000 }));
    expect(evaluate(attempt(), yesterday, CN_NIFA).verdict).toBe('allow');
  });

  it('counts by the debtor local day, not the UTC day', () => {
    // 17:00–19:00 PST on the 15th is 01:00–03:00Z on the 16th, the same UTC day as the attempt.
    const la = 'America/Los_Angeles';
    const evening = [1, 2, 3].map((h) => call(utc(2024, 1, 16, h), 'connected'));
    const nextMorning = attempt({ debtorTimeZone: la, atMs: utc(2024, 1, 16, 17) });
    expect(evaluate(nextMorning, evening, CN_NIFA).verdict).toBe('allow');
    const sameEvening = attempt({ debtorTimeZone: la, atMs: utc(2024, 1, 16, 4) });
    expect(evaluate(sameEvening, evening, CN_NIFA)).toMatchObject({ untilMs: utc(2024, 1, 16, 16) });
  });

  it('has no rolling 7-in-7 cap', () => {
    const week = [1, 2, 3, 4, 5, 6].flatMap((d) => [call(cst(1, 9 + d, 9), 'no-answer'), call(cst(1, 9 + d, 10), 'no-answer')]);
    expect(evaluate(attempt(), week, CN_NIFA).verdict).toBe('allow');
  });
});

describe('NIFA denials', () => {
  it('denies contact with a third party', () => {
    for (const channel of ['phone', 'sms', 'field-visit'] as const) {
      expect(evaluate(attempt({ channel, recipient: 'third-party' }), [], CN_NIFA)).toEqual({
        verdict: 'deny',
        rule: 'nifa-debtor-only',
        reason: expect.stringContaining('third party'),
      });
    }
    expect(evaluate(attempt({ recipient: 'debtor' }), [], CN_NIFA).verdict).toBe('allow');
  });

  it('honours the case cease-contact and dispute instructions', () => {
    expect(evaluate(attempt({ channel: 'agency', ceaseContact: true }), [], CN_NIFA)).toMatchObject({
      verdict: 'deny',
      rule: 'case-cease-contact',
    });
    expect(evaluate(attempt({ disputed: true }), [], CN_NIFA)).toMatchObject({ verdict: 'deny', rule: 'case-dispute-hold' });
  });
});
