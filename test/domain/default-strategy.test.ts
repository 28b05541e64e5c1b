import { DEFAULT_STRATEGY, DEFAULT_STRATEGY_V2, FIELD_VISIT_MIN_BALANCE, HARDSHIP_REASONS, SEGMENTS, validateStrategy, type Step } from '../../src/domain';

const ladder = (variant: string, segment: (typeof SEGMENTS)[number]): Step[] =>
  DEFAULT_STRATEGY.variants.find((v) => v.name === variant)!.segments[segment].ladder;

const everyLadder = DEFAULT_STRATEGY.variants.flatMap((variant) =>
  SEGMENTS.map((segment) => [variant.name, segment, variant.segments[segment].ladder] as const),
);

describe('DEFAULT_STRATEGY', () => {
  it('is a valid strategy, id default version 3', () => {
    expect(validateStrategy(DEFAULT_STRATEGY).ok).toBe(true);
    expect([DEFAULT_STRATEGY.id, DEFAULT_STRATEGY.version]).toEqual(['default', 3]);
  });

  it('reaches the debtor online first: app push and e-mail (SMS where the e-mail cannot go) at DPD 1, messaging at DPD 3, before the calls', () => {
    const early = (segment: (typeof SEGMENTS)[number]) =>
      ladder('champion', segment)
        .filter((s) => s.atDpd < 7 && !s.conditions)
        .map((s) => [s.atDpd, s.actions.map((a) => [a.channel, ...(a.fallback ?? [])].join('→'))]);
    expect(early('low-risk')).toEqual([
      [1, ['app-push', 'email→sms']],
      [3, ['im']],
    ]);
    expect(early('medium-risk')).toEqual([
      [1, ['app-push', 'email→sms']],
      [3, ['im', 'phone→sms']],
    ]);
    expect(early('high-risk')).toEqual([
      [1, ['app-push', 'email→sms', 'phone→sms']],
      [3, ['im', 'phone→sms']],
    ]);
  });

  it('keeps version 2, the SMS early stage, for the cases that started on it: the same ladders from DPD 7 on', () => {
    expect(validateStrategy(DEFAULT_STRATEGY_V2).ok).toBe(true);
    expect(DEFAULT_STRATEGY_V2.version).toBe(2);
    const v2 = DEFAULT_STRATEGY_V2.variants[0].segments['medium-risk'].ladder;
    expect(v2.filter((s) => s.atDpd < 7 && !s.conditions).map((s) => [s.atDpd, s.actions.map((a) => a.channel)])).toEqual([
      [1, ['sms']],
      [3, ['phone']],
    ]);
    expect(v2.filter((s) => s.atDpd >= 7)).toEqual(ladder('champion', 'medium-risk').filter((s) => s.atDpd >= 7));
  });

  it('splits champion and challenger 90/10', () => {
    expect(DEFAULT_STRATEGY.variants.map((v) => [v.name, v.weight])).toEqual([
      ['champion', 90],
      ['sms-early-stage', 10],
    ]);
  });

  it.each(everyLadder)('%s %s: runs the shared stages to a write-off review at 180', (_, __, steps) => {
    const levels = [...new Set(steps.map((s) => s.atDpd))];
    expect(levels).toEqual(expect.arrayContaining([1, 7, 15, 30, 60, 90, 120, 180]));
    expect(levels.every((dpd) => dpd <= 180)).toBe(true);
    expect(steps[steps.length - 1]).toMatchObject({ atDpd: 180, actions: [{ channel: 'write-off-review' }] });
  });

  it.each(everyLadder)('%s %s: offers a plan for hardship first at 15, 30 and 60, once, ahead of the escalation', (_, __, steps) => {
    const offers = steps.filter((s) => s.id.endsWith('-plan-offer'));
    expect(offers.map((s) => [s.id, s.conditions])).toEqual([
      ['dpd15-plan-offer', [{ reason: HARDSHIP_REASONS }]],
      ['dpd30-plan-offer', [{ reason: HARDSHIP_REASONS }, { notRun: ['dpd15-plan-offer'] }]],
      ['dpd60-plan-offer', [{ reason: HARDSHIP_REASONS }, { notRun: ['dpd15-plan-offer', 'dpd30-plan-offer'] }]],
    ]);
    for (const offer of offers) {
      expect(steps.find((s) => s.atDpd === offer.atDpd)).toBe(offer);
      expect(offer.actions).toEqual([{ channel: 'sms', template: 'plan-offer' }, expect.objectContaining({ channel: 'phone', template: 'plan-offer', parameters: { queue: 'hardship' } })]);
    }
  });

  it('holds the case at once for fraud, a death and a dispute, with a task for the fraud and estate teams', () => {
    expect(DEFAULT_STRATEGY.onReason).toEqual([
      { reasons: ['fraud'], hold: 'fraud-review', task: { queue: 'fraud-review', template: 'fraud-review' } },
      { reasons: ['deceased'], hold: 'deceased', task: { queue: 'estate', template: 'estate' } },
      { reasons: ['dispute'], hold: 'dispute' },
    ]);
  });

  it.each(everyLadder)('%s %s: chooses field visit or agency at 60 by balance', (_, __, steps) => {
    expect(steps.filter((s) => s.atDpd === 60 && !s.id.endsWith('-plan-offer'))).toEqual([
      expect.objectContaining({ conditions: [{ balanceAtLeast: FIELD_VISIT_MIN_BALANCE }], actions: [expect.objectContaining({ channel: 'field-visit' })] }),
      expect.objectContaining({ conditions: [{ balanceBelow: FIELD_VISIT_MIN_BALANCE }], actions: [expect.objectContaining({ channel: 'agency' })] }),
    ]);
  });

  it.each(everyLadder)('%s %s: files in court at 120 only when eligible and not time-barred, else places with an agency', (_, __, steps) => {
    const at120 = steps.filter((s) => s.atDpd === 120);
    expect(at120.map((s) => s.actions.map((a) => a.channel))).toEqual([['court'], ['agency']]);
    expect(at120[0].conditions).toEqual([{ eligibleForCourt: true }, { notTimeBarred: true }]);
    expect(at120[1].conditions).toBeUndefined();
  });

  it.each(everyLadder)('%s %s: sends a final demand letter and asks for legal review at 90', (_, __, steps) => {
    expect(steps.find((s) => s.atDpd === 90)?.actions.map((a) => a.channel)).toEqual(['letter', 'legal-review']);
  });

  it('falls back from SMS to letter and from phone to SMS everywhere', () => {
    const actions = everyLadder.flatMap(([, , steps]) => steps.flatMap((s) => s.actions));
    // A plan offer has no letter: the message is the offer, and the call goes with it.
    expect(actions.filter((a) => a.channel === 'sms' && a.template !== 'plan-offer').every((a) => a.fallback?.[0] === 'letter')).toBe(true);
    expect(actions.filter((a) => a.channel === 'phone').every((a) => a.fallback?.[0] === 'sms')).toBe(true);
  });

  it('skips the DPD-3 call for low-risk debtors only', () => {
    const atDpd3 = (segment: (typeof SEGMENTS)[number]) =>
      ladder('champion', segment).some((s) => s.atDpd === 3 && s.actions.some((a) => a.channel === 'phone'));
    expect(SEGMENTS.map(atDpd3)).toEqual([false, true, true]);
  });

  it.each(SEGMENTS)('challenger %s: SMS only at 1 and 5 before DPD 7, the champion from DPD 7 on', (segment) => {
    const challenger = ladder('sms-early-stage', segment);
    const early = challenger.filter((s) => s.atDpd < 7 && !s.conditions);
    expect(early.map((s) => [s.atDpd, s.actions.map((a) => a.channel)])).toEqual([
      [1, ['sms']],
      [5, ['sms']],
    ]);
    expect(challenger.filter((s) => s.atDpd >= 7)).toEqual(ladder('champion', segment).filter((s) => s.atDpd >= 7));
  });

  it.each(everyLadder)('%s %s: sends a US debtor the validation notice first, with the DPD-1 reminder', (_, __, steps) => {
    const atDpd1 = steps.filter((s) => s.atDpd === 1);
    expect(atDpd1.map((s) => [s.id, s.conditions])).toEqual([
      ['dpd1-reminder-us', [{ country: ['US'] }]],
      ['dpd1-reminder', undefined],
    ]);
    const [us, everyoneElse] = atDpd1;
    expect(us.actions).toEqual([{ channel: 'letter', template: 'validation-notice' }, ...everyoneElse.actions]);
  });

  it.each(everyLadder)('%s %s: sends the validation notice nowhere else, and conditions on country only at DPD 1', (_, __, steps) => {
    const withNotice = steps.filter((s) => s.actions.some((a) => a.template === 'validation-notice'));
    expect(withNotice.map((s) => s.id)).toEqual(['dpd1-reminder-us']);
    const byCountry = steps.filter((s) => s.conditions?.some((c) => 'country' in c));
    expect(byCountry.map((s) => s.id)).toEqual(['dpd1-reminder-us']);
  });
});
