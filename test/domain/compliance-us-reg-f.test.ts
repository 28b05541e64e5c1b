import {
  evaluate,
  US_REG_F,
  type ContactAttempt,
  type ContactHistoryEntry,
  type ContactOutcome,
} from '../../src/domain/compliance';

const NY = 'America/New_York';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const utc = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
/** New York wall clock in winter (EST, UTC-5). */
const est = (mo: number, d: number, h: number, mi = 0) => utc(2024, mo, d, h + 5, mi);

function attempt(overrides: Partial<ContactAttempt> = {}): ContactAttempt {
  return {
    caseId: 'case-L1',
    loanId: 'L1',
    channel: 'phone',
    atMs: est(1, 17, 15),
    debtorTimeZone: NY,
    country: 'US',
    debtTimeBarred: false,
    disputed: false,
    ceaseContact: false,
    ...overrides,
  };
}

const call = (atMs: number, outcome: ContactOutcome = 'no-answer'): ContactHistoryEntry => ({
  channel: 'phone',
  atMs,
  outcome,
  party: 'lender',
});

describe('Reg F quiet hours (§1006.6(b)(1))', () => {
  it('defers a 23:00 call to 08:00 local the next day', () => {
    expect(evaluate(attempt({ atMs: est(1, 16, 23) }), [], US_REG_F)).toEqual({
      verdict: 'defer',
      untilMs: est(1, 17, 8),
      rule: 'regf-1006b1-convenient-time',
      reason: expect.stringContaining('23:00 America/New_York'),
    });
  });

  it('allows 08:00 to 20:59 and defers from 21:00', () => {
    expect(evaluate(attempt({ atMs: est(1, 17, 8) }), [], US_REG_F).verdict).toBe('allow');
    expect(evaluate(attempt({ atMs: est(1, 17, 20, 59) }), [], US_REG_F).verdict).toBe('allow');
    expect(evaluate(attempt({ atMs: est(1, 17, 21) }), [], US_REG_F)).toMatchObject({ verdict: 'defer', untilMs: est(1, 18, 8) });
    expect(evaluate(attempt({ atMs: est(1, 17, 7, 59) }), [], US_REG_F)).toMatchObject({ verdict: 'defer', untilMs: est(1, 17, 8) });
  });

  it('applies to sms, email and field visits but not to letters, court filings or agency placement', () => {
    const late = est(1, 16, 23);
    for (const channel of ['sms', 'email', 'field-visit'] as const) {
      expect(evaluate(attempt({ channel, atMs: late }), [], US_REG_F).verdict).toBe('defer');
    }
    for (const channel of ['letter', 'court', 'agency'] as const) {
      expect(evaluate(attempt({ channel, atMs: late }), [], US_REG_F).verdict).toBe('allow');
    }
  });

  it('holds across the spring-forward change in New York', () => {
    // 23:00 EST on 9 March → 08:00 EDT on 10 March is 12:00Z.
    expect(evaluate(attempt({ atMs: utc(2024, 3, 10, 4) }), [], US_REG_F)).toMatchObject({
      verdict: 'defer',
      untilMs: utc(2024, 3, 10, 12),
    });
    // 07:30 EDT is 11:30Z; read with the old offset it would look like 06:30 and still defer, so also
    // check 08:30 EDT (12:30Z) is allowed.
    expect(evaluate(attempt({ atMs: utc(2024, 3, 10, 11, 30) }), [], US_REG_F)).toMatchObject({ untilMs: utc(2024, 3, 10, 12) });
    expect(evaluate(attempt({ atMs: utc(2024, 3, 10, 12, 30) }), [], US_REG_F).verdict).toBe('allow');
  });

  it('holds across the fall-back change in New York', () => {
    // 07:30 EST on 3 November is 12:30Z; with the summer offset it would read 08:30 and pass.
    expect(evaluate(attempt({ atMs: utc(2024, 11, 3, 12, 30) }), [], US_REG_F)).toMatchObject({
      verdict: 'defer',
      untilMs: utc(2024, 11, 3, 13),
    });
  });
});

describe('Reg F call frequency (§1006.14(b)(2))', () => {
  const oldest = est(1, 11, 13);
  const sevenCalls = [oldest, ...[1, 2, 3, 4, 5, 6].map((d) => oldest + d * DAY + HOUR)].map((t) => call(t));

  it('defers the 8th call in 7 days until the oldest drops out', () => {
    expect(evaluate(attempt(), sevenCalls, US_REG_F)).toEqual({
      verdict: 'defer',
      untilMs: oldest + 7 * DAY,
      rule: 'regf-1014b2-7in7',
      reason: expect.stringContaining('7 attempts'),
    });
  });

  it('counts only phone attempts inside the window, by lender and agency alike', () => {
    const outside = call(oldest - DAY);
    const sms: ContactHistoryEntry = { channel: 'sms', atMs: est(1, 17, 9), outcome: 'delivered', party: 'lender' };
    expect(evaluate(attempt(), [outside, sms, ...sevenCalls.slice(1)], US_REG_F).verdict).toBe('allow');
    const byAgency = sevenCalls.map((c) => ({ ...c, party: 'agency' as const }));
    expect(evaluate(attempt(), byAgency, US_REG_F)).toMatchObject({ verdict: 'defer', rule: 'regf-1014b2-7in7' });
  });

  it('with more than 7 already in the window, waits until enough have dropped out', () => {
    const eight = [call(oldest - HOUR, 'refused'), ...sevenCalls];
    expect(evaluate(attempt(), eight, US_REG_F)).toMatchObject({ verdict: 'defer', untilMs: oldest + 7 * DAY });
  });

  it('does not cap sms', () => {
    expect(evaluate(attempt({ channel: 'sms' }), sevenCalls, US_REG_F).verdict).toBe('allow');
  });

  it('re-checks a cap deferral that lands in quiet hours and moves it to 08:00', () => {
    const lateOldest = est(1, 10, 22, 30);
    const calls = [lateOldest, ...[1, 2, 3, 4, 5, 6].map((d) => est(1, 10 + d, 10))].map((t) => call(t));
    const verdict = evaluate(attempt({ atMs: est(1, 17, 10) }), calls, US_REG_F);
    expect(verdict).toMatchObject({ verdict: 'defer', untilMs: est(1, 18, 8), rule: 'regf-1006b1-convenient-time' });
    expect(verdict.verdict === 'defer' && verdict.reason).toMatch(/7 attempts.*then.*quiet hours/);
  });

  it('defers for 7 days after a conversation', () => {
    const conversation = est(1, 15, 10);
    expect(evaluate(attempt(), [call(conversation, 'conversation')], US_REG_F)).toEqual({
      verdict: 'defer',
      untilMs: conversation + 7 * DAY,
      rule: 'regf-1014b2-7days-after-conversation',
      reason: expect.any(String),
    });
    expect(evaluate(attempt({ channel: 'sms' }), [call(conversation, 'conversation')], US_REG_F).verdict).toBe('allow');
    expect(evaluate(attempt(), [call(est(1, 9, 10), 'conversation')], US_REG_F).verdict).toBe('allow');
  });
});

describe('Reg F denials', () => {
  it('cease communication (§1006.6(c)) denies sms, phone, letter and agency placement', () => {
    for (const channel of ['sms', 'phone', 'letter', 'agency'] as const) {
      expect(evaluate(attempt({ channel, ceaseContact: true }), [], US_REG_F)).toEqual({
        verdict: 'deny',
        rule: 'regf-1006c',
        reason: expect.stringContaining('stop contact'),
      });
    }
  });

  it('cease communication still lets a notice of legal remedy go', () => {
    expect(evaluate(attempt({ channel: 'letter', purpose: 'legal', ceaseContact: true }), [], US_REG_F).verdict).toBe('allow');
  });

  it('a dispute holds collection (§1006.38(d)(2)), including agency placement', () => {
    for (const channel of ['phone', 'letter', 'agency'] as const) {
      expect(evaluate(attempt({ channel, disputed: true }), [], US_REG_F)).toMatchObject({
        verdict: 'deny',
        rule: 'regf-1038d2-dispute-hold',
      });
    }
  });

  it('denies court and threats of suit on time-barred debt (§1006.26(b))', () => {
    const court = attempt({ channel: 'court', purpose: 'legal', debtTimeBarred: true });
    expect(evaluate(court, [], US_REG_F)).toMatchObject({ verdict: 'deny', rule: 'regf-1026b-time-barred-suit' });
    expect(evaluate({ ...court, channel: 'letter' }, [], US_REG_F)).toMatchObject({ rule: 'regf-1026b-time-barred-suit' });
    expect(evaluate({ ...court, ceaseContact: true }, [], US_REG_F)).toMatchObject({ rule: 'regf-1026b-time-barred-suit' });
    expect(evaluate({ ...court, debtTimeBarred: false }, [], US_REG_F).verdict).toBe('allow');
  });

  it('reports the strongest denial first: cease before dispute', () => {
    expect(evaluate(attempt({ ceaseContact: true, disputed: true }), [], US_REG_F)).toMatchObject({ rule: 'regf-1006c' });
  });

  it('denies collection past 5 days after first contact until the validation notice is sent (§1006.34(a))', () => {
    const late = attempt({ firstContactAtMs: est(1, 11, 10) });
    expect(evaluate(late, [], US_REG_F)).toMatchObject({ verdict: 'deny', rule: 'regf-1034a1-validation-notice' });
    expect(evaluate({ ...late, channel: 'letter', purpose: 'validation-notice' }, [], US_REG_F).verdict).toBe('allow');
    expect(evaluate({ ...late, validationNoticeSentAtMs: est(1, 12, 10) }, [], US_REG_F).verdict).toBe('allow');
    expect(evaluate(attempt({ firstContactAtMs: est(1, 13, 10) }), [], US_REG_F).verdict).toBe('allow');
  });

  it('denies a deferral that would land past the validation deadline', () => {
    // Deadline 22:00 on the 17th; quiet hours push a 21:30 call to 08:00 on the 18th.
    const verdict = evaluate(attempt({ atMs: est(1, 17, 21, 30), firstContactAtMs: est(1, 12, 22) }), [], US_REG_F);
    expect(verdict).toMatchObject({ verdict: 'deny', rule: 'regf-1034a1-validation-notice' });
    expect(verdict.verdict === 'deny' && verdict.reason).toContain('regf-1006b1-convenient-time');
  });
});

describe('Reg F verdicts', () => {
  it('names every rule checked when it allows', () => {
    expect(evaluate(attempt(), [], US_REG_F)).toEqual({
      verdict: 'allow',
      rule: 'all-rules-passed',
      rulesChecked: expect.arrayContaining(US_REG_F.rules.map((r) => r.id)),
    });
  });

  it('denies when the debtor time zone is unknown, since quiet hours cannot be checked', () => {
    expect(evaluate(attempt({ debtorTimeZone: 'Mars/Olympus' }), [], US_REG_F)).toMatchObject({
      verdict: 'deny',
      rule: 'guard-debtor-time-zone',
    });
  });
});
