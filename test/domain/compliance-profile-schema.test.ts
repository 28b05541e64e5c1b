import {
  CN_NIFA,
  ComplianceProfileError,
  evaluate,
  parseComplianceProfile,
  US_REG_F,
} from '../../src/domain/compliance';

const quietHours = { rule: 'quiet-hours', id: 'house-quiet', startHour: 20, endHour: 9, channels: ['phone', 'sms'] };

function issuesOf(input: unknown): string[] {
  try {
    parseComplianceProfile(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ComplianceProfileError);
    return (error as ComplianceProfileError).issues;
  }
  throw new Error('expected the profile to be rejected');
}

describe('compliance profile schema', () => {
  it('accepts the default profiles, also after a JSON round trip', () => {
    for (const profile of [US_REG_F, CN_NIFA]) {
      expect(parseComplianceProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
    }
  });

  it('loads a custom profile the guard then applies', () => {
    const profile = parseComplianceProfile({ id: 'HOUSE', rules: [quietHours] });
    const atMs = Date.UTC(2024, 0, 16, 12, 30); // 20:30 in Shanghai
    expect(evaluate({
      caseId: 'case-H1', loanId: 'H1', channel: 'sms', atMs, debtorTimeZone: 'Asia/Shanghai',
      debtTimeBarred: false, disputed: false, ceaseContact: false,
    }, [], profile)).toEqual({
      verdict: 'defer', untilMs: Date.UTC(2024, 0, 17, 1), rule: 'house-quiet', reason: expect.any(String),
    });
  });

  it('names a field out of range', () => {
    expect(issuesOf({ id: 'HOUSE', rules: [{ ...quietHours, startHour: 25 }] })).toEqual([
      expect.stringMatching(/^rules\[0\]\.startHour: .*23/),
    ]);
  });

  it('names a misspelt parameter instead of ignoring it', () => {
    const capped = { rule: 'call-frequency', id: 'cap', maxAttempt: 7, windowDays: 7, channels: ['phone'] };
    const issues = issuesOf({ id: 'HOUSE', rules: [capped] });
    expect(issues).toEqual(expect.arrayContaining([
      expect.stringMatching(/^rules\[0\]\.maxAttempts: /),
      expect.stringMatching(/^rules\[0\]: .*"maxAttempt"/),
    ]));
  });

  it('names an unknown rule kind and an unknown channel', () => {
    expect(issuesOf({ id: 'HOUSE', rules: [{ rule: 'lunch-break', id: 'x' }] })).toEqual([
      expect.stringMatching(/^rules\[0\]\.rule: /),
    ]);
    expect(issuesOf({ id: 'HOUSE', rules: [{ ...quietHours, channels: ['fax'] }] })).toEqual([
      expect.stringMatching(/^rules\[0\]\.channels\[0\]: /),
    ]);
  });

  it('rejects an empty quiet range and duplicate rule ids', () => {
    expect(issuesOf({ id: 'HOUSE', rules: [{ ...quietHours, endHour: 20 }] })).toEqual([
      expect.stringMatching(/^rules\[0\]\.endHour: must differ/),
    ]);
    expect(issuesOf({ id: 'HOUSE', rules: [quietHours, { rule: 'third-party-contact', id: 'house-quiet' }] })).toEqual([
      expect.stringMatching(/^rules\[1\]\.id: duplicate rule id/),
    ]);
  });
});
