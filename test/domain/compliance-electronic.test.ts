// The guard's rules for internet collection, in both profiles: opt-outs (per channel and
// all electronic), Reg F's work e-mail address, each electronic channel's frequency cap,
// and NIFA's debtor-only rule on the new channels.
import {
  CN_NIFA,
  evaluate,
  parseComplianceProfile,
  US_REG_F,
  type Channel,
  type ComplianceProfile,
  type ContactAttempt,
  type ContactHistoryEntry,
  type OptOut,
} from '../../src/domain/compliance';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 15:00 in New York (EST) and 15:00 in Shanghai on 17 January 2024: within both profiles' hours. */
const US_AFTERNOON = Date.UTC(2024, 0, 17, 20);
const CN_AFTERNOON = Date.UTC(2024, 0, 17, 7);

const PROFILES: Array<{ profile: ComplianceProfile; zone: string; atMs: number; optOutRule: string }> = [
  { profile: US_REG_F, zone: 'America/New_York', atMs: US_AFTERNOON, optOutRule: 'regf-1006-6e-opt-out' },
  { profile: CN_NIFA, zone: 'Asia/Shanghai', atMs: CN_AFTERNOON, optOutRule: 'lender-electronic-opt-out' },
];

function attemptUnder(zone: string, atMs: number, overrides: Partial<ContactAttempt> = {}): ContactAttempt {
  return {
    caseId: 'case-E1',
    loanId: 'E1',
    channel: 'email',
    atMs,
    debtorTimeZone: zone,
    debtTimeBarred: false,
    disputed: false,
    ceaseContact: false,
    // The guard sends the validation notice's facts; collection after it is not held for it.
    firstContactAtMs: atMs - DAY,
    validationNoticeSentAtMs: atMs - DAY,
    ...overrides,
  };
}

const optedOut = (scope: OptOut['scope'], atMs: number, method: OptOut['method'] = 'link-page'): OptOut => ({ scope, atMs, method });
const sent = (channel: Channel, atMs: number): ContactHistoryEntry => ({ channel, atMs, outcome: 'sent', party: 'lender' });

describe.each(PROFILES)('opt-outs under $profile.id', ({ profile, zone, atMs, optOutRule }) => {
  const attempt = (overrides: Partial<ContactAttempt> = {}) => attemptUnder(zone, atMs, overrides);

  it('denies the channel the debtor opted out of, naming the channel and when', () => {
    const verdict = evaluate(attempt({ optOuts: [optedOut('email', atMs - 2 * HOUR, 'one-click')] }), [], profile);
    expect(verdict).toEqual({
      verdict: 'deny',
      rule: optOutRule,
      reason: `the debtor opted out of email messages on ${new Date(atMs - 2 * HOUR).toISOString()} (one-click); no email`,
    });
  });

  it('leaves the other channels alone after a one-channel opt-out', () => {
    const optOuts = [optedOut('email', atMs - HOUR)];
    for (const channel of ['app-push', 'im', 'sms', 'phone', 'letter'] as const) {
      expect(evaluate(attempt({ channel, optOuts }), [], profile).verdict).toBe('allow');
    }
  });

  it('denies every electronic channel and text messages after an all-electronic opt-out, but not calls or letters', () => {
    const optOuts = [optedOut('all-electronic', atMs - DAY)];
    for (const channel of ['email', 'app-push', 'im', 'sms'] as const) {
      expect(evaluate(attempt({ channel, optOuts }), [], profile)).toMatchObject({
        verdict: 'deny',
        rule: optOutRule,
        reason: expect.stringContaining('all electronic messages'),
      });
    }
    for (const channel of ['phone', 'letter'] as const) {
      expect(evaluate(attempt({ channel, optOuts }), [], profile).verdict).toBe('allow');
    }
  });

  it('names the earliest opt-out that covers the channel', () => {
    const optOuts = [optedOut('all-electronic', atMs - HOUR), optedOut('im', atMs - 3 * DAY, 'sms-reply')];
    expect(evaluate(attempt({ channel: 'im', optOuts }), [], profile)).toMatchObject({
      rule: optOutRule,
      reason: expect.stringContaining(`im messages on ${new Date(atMs - 3 * DAY).toISOString()} (sms-reply)`),
    });
  });

  it('denies rather than defers: an opt-out at night is not a quiet-hours deferral', () => {
    const night = atMs + 8 * HOUR;
    expect(evaluate(attemptUnder(zone, night, { optOuts: [optedOut('email', atMs)] }), [], profile)).toMatchObject({ verdict: 'deny', rule: optOutRule });
  });

  it('caps each electronic channel on its own: 3 e-mails in 7 days, 1 push a day, 2 messages in 7 days', () => {
    const emails = [sent('email', atMs - 6 * DAY), sent('email', atMs - 3 * DAY), sent('email', atMs - HOUR)];
    expect(evaluate(attempt(), emails, profile)).toMatchObject({
      verdict: 'defer',
      rule: 'lender-email-3in7',
      untilMs: atMs + DAY,
      reason: '3 attempts in the last 7 days; the limit is 3',
    });
    expect(evaluate(attempt(), emails.slice(1), profile).verdict).toBe('allow');
    // Other channels' contacts do not count against e-mail.
    expect(evaluate(attempt(), [...emails.slice(1), sent('app-push', atMs - HOUR), sent('im', atMs - HOUR), sent('sms', atMs - HOUR)], profile).verdict).toBe('allow');

    expect(evaluate(attempt({ channel: 'app-push' }), [sent('app-push', atMs - 20 * HOUR)], profile)).toMatchObject({
      verdict: 'defer',
      rule: 'lender-app-push-1-per-day',
      untilMs: atMs + 4 * HOUR,
    });
    expect(evaluate(attempt({ channel: 'app-push' }), [sent('app-push', atMs - 25 * HOUR)], profile).verdict).toBe('allow');

    const messages = [sent('im', atMs - 5 * DAY), sent('im', atMs - 2 * DAY)];
    expect(evaluate(attempt({ channel: 'im' }), messages, profile)).toMatchObject({ verdict: 'defer', rule: 'lender-im-2in7', untilMs: atMs + 2 * DAY });
    expect(evaluate(attempt({ channel: 'im' }), messages.slice(1), profile).verdict).toBe('allow');
  });

  it('holds the new channels to quiet hours', () => {
    for (const channel of ['email', 'app-push', 'im'] as const) {
      expect(evaluate(attemptUnder(zone, atMs + 8 * HOUR, { channel }), [], profile).verdict).toBe('defer');
    }
  });
});

describe('work e-mail address', () => {
  it('Reg F §1006.22(f)(3): denies e-mail to an address the employer provides', () => {
    const verdict = evaluate(attemptUnder('America/New_York', US_AFTERNOON, { emailIsWork: true }), [], US_REG_F);
    expect(verdict).toEqual({
      verdict: 'deny',
      rule: 'regf-1006-22f3-work-email',
      reason: "the debtor's e-mail address is one their employer provides; no e-mail to a work address",
    });
    expect(evaluate(attemptUnder('America/New_York', US_AFTERNOON, { emailIsWork: false }), [], US_REG_F).verdict).toBe('allow');
    // The mark is about the e-mail address: a push to the same debtor goes out.
    expect(evaluate(attemptUnder('America/New_York', US_AFTERNOON, { channel: 'app-push', emailIsWork: true }), [], US_REG_F).verdict).toBe('allow');
  });

  it('NIFA has no such rule: the same e-mail is allowed', () => {
    expect(evaluate(attemptUnder('Asia/Shanghai', CN_AFTERNOON, { emailIsWork: true }), [], CN_NIFA).verdict).toBe('allow');
  });
});

describe('NIFA debtor only', () => {
  it('denies an electronic message to anyone but the debtor', () => {
    for (const channel of ['email', 'app-push', 'im'] as const) {
      expect(evaluate(attemptUnder('Asia/Shanghai', CN_AFTERNOON, { channel, recipient: 'third-party' }), [], CN_NIFA)).toMatchObject({
        verdict: 'deny',
        rule: 'nifa-debtor-only',
      });
    }
  });
});

describe('profile schema', () => {
  it('takes the new rule kinds and refuses an opt-out rule over a channel nobody can opt out of', () => {
    expect(parseComplianceProfile(US_REG_F)).toEqual(US_REG_F);
    expect(parseComplianceProfile(CN_NIFA)).toEqual(CN_NIFA);
    expect(() =>
      parseComplianceProfile({ id: 'X', rules: [{ rule: 'opt-out', id: 'x-opt-out', channels: ['letter'] }] }),
    ).toThrow('rules[0].channels[0]');
    expect(() => parseComplianceProfile({ id: 'X', rules: [{ rule: 'work-email', id: 'x', channels: ['email'] }] })).toThrow('rules[0]');
  });
});
