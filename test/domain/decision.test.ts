import {
  decideNext,
  DEFAULT_STRATEGY_V1 as DEFAULT_STRATEGY,
  FIELD_VISIT_MIN_BALANCE,
  SEGMENTS,
  type DecisionInput,
  type Strategy,
} from '../../src/domain';

const base: DecisionInput = {
  strategy: DEFAULT_STRATEGY,
  variant: 'champion',
  segment: 'medium-risk',
  country: 'CN',
  dpd: 0,
  balance: 800_000,
  completedSteps: [],
  stepOutcomes: {},
  timeBarred: false,
  courtEligible: true,
  paused: false,
  holds: [],
};

/** Every step id of the ladder below the given DPD, as a case that walked there would have completed. */
const walkedTo = (dpd: number, input: Partial<DecisionInput> = {}): string[] => {
  const { strategy, variant, segment } = { ...base, ...input };
  return strategy.variants.find((v) => v.name === variant)!.segments[segment].ladder.filter((s) => s.atDpd < dpd).map((s) => s.id);
};

const channelsOf = (decision: ReturnType<typeof decideNext>) => decision.due.flatMap((d) => d.actions.map((a) => a.channel));

describe('decideNext on the default medium-risk champion ladder', () => {
  it.each([
    [1, 'dpd1-reminder', ['sms'], 3],
    [3, 'dpd3-courtesy-call', ['phone'], 7],
    [7, 'dpd7-reminder-and-call', ['sms', 'phone'], 15],
    [15, 'dpd15-demand-letter', ['letter'], 30],
    [30, 'dpd30-second-demand', ['letter', 'phone'], 60],
    [60, 'dpd60-field-visit', ['field-visit'], 90],
    [90, 'dpd90-final-demand', ['letter', 'legal-review'], 120],
    [120, 'dpd120-court-filing', ['court'], 180],
    [180, 'dpd180-write-off-review', ['write-off-review'], undefined],
  ])('at DPD %i makes %s due', (dpd, step, channels, nextWakeAtDpd) => {
    const decision = decideNext({ ...base, dpd, completedSteps: walkedTo(dpd) });
    expect(decision.due.map((d) => d.step)).toEqual([step]);
    expect(channelsOf(decision)).toEqual(channels);
    expect(decision.nextWakeAtDpd).toBe(nextWakeAtDpd);
    expect(decision.reason).toContain(`DPD ${dpd} `);
    expect(decision.reason).toContain(step);
  });

  it('has nothing due at DPD 0 and wakes at DPD 1', () => {
    const decision = decideNext(base);
    expect(decision).toMatchObject({ due: [], skipped: [], nextWakeAtDpd: 1 });
    expect(decision.reason).toMatch(/no step reached yet; next step at DPD 1/);
  });

  it('has nothing due between steps once the last one is done', () => {
    const decision = decideNext({ ...base, dpd: 20, completedSteps: walkedTo(16) });
    expect(decision).toMatchObject({ due: [], skipped: [], nextWakeAtDpd: 30 });
    expect(decision.reason).toContain('dpd15-demand-letter for DPD 15 is already done');
  });

  it('ends the ladder after the write-off review', () => {
    const decision = decideNext({ ...base, dpd: 200, completedSteps: walkedTo(181) });
    expect(decision).toMatchObject({ due: [], nextWakeAtDpd: undefined });
    expect(decision.reason).toContain('no further steps');
  });
});

const walks = DEFAULT_STRATEGY.variants.flatMap((v) => (['CN', 'US'] as const).map((country) => [v.name, country] as const));

describe.each(walks)('walking %s for a debtor in %s day by day', (variant, country) => {
  it.each(SEGMENTS)('%s: each step level is due once, on its own DPD, and the ladder finishes', (segment) => {
    const completed: string[] = [];
    const dueAt: number[] = [];
    let wake: number | undefined = 0;
    for (let dpd = 0; dpd <= 200; dpd++) {
      const decision = decideNext({ ...base, variant, segment, country, dpd, balance: 100_000, completedSteps: completed });
      if (decision.due.length) dueAt.push(dpd);
      if (dpd < (wake ?? Infinity)) expect(decision.due).toEqual([]);
      expect(decision.skipped.every((s) => s.atDpd === dpd)).toBe(true);
      completed.push(...decision.due.map((d) => d.step), ...decision.skipped.map((s) => s.step));
      wake = decision.nextWakeAtDpd;
    }
    const ladder = DEFAULT_STRATEGY.variants.find((v) => v.name === variant)!.segments[segment].ladder;
    // Steps for another country's debtors are not on this case's ladder: never due, never skipped.
    const ours = ladder.filter((s) => (s.conditions ?? []).every((c) => !('country' in c) || c.country.includes(country)));
    expect(dueAt).toEqual([...new Set(ladder.map((s) => s.atDpd))]);
    expect(new Set(completed)).toEqual(new Set(ours.map((s) => s.id)));
  });
});

describe('a case that jumps ahead', () => {
  it('from DPD 10 to 40 does only the DPD-30 step and skips the DPD-15 step it missed', () => {
    const decision = decideNext({ ...base, dpd: 40, completedSteps: walkedTo(11) });
    expect(decision.due.map((d) => d.step)).toEqual(['dpd30-second-demand']);
    expect(decision.skipped).toEqual([
      { step: 'dpd15-demand-letter', atDpd: 15, reason: 'superseded by step dpd30-second-demand at DPD 30' },
    ]);
    expect(decision.nextWakeAtDpd).toBe(60);
    expect(decision.reason).toContain('1 earlier step(s) superseded');
  });

  it('opened at DPD 40 skips every earlier step', () => {
    const decision = decideNext({ ...base, dpd: 40 });
    expect(decision.due.map((d) => d.step)).toEqual(['dpd30-second-demand']);
    expect(decision.skipped.map((s) => s.step)).toEqual([
      'dpd1-reminder',
      'dpd3-courtesy-call',
      'dpd7-reminder-and-call',
      'dpd15-demand-letter',
    ]);
  });
});

describe('conditions', () => {
  const at60 = (balance: number) => decideNext({ ...base, dpd: 60, balance, completedSteps: walkedTo(60) });

  it('places a small balance with an agency at DPD 60 and says why no field visit', () => {
    const decision = at60(12_000);
    expect(decision.due.map((d) => d.step)).toEqual(['dpd60-agency-placement']);
    expect(decision.skipped).toEqual([
      { step: 'dpd60-field-visit', atDpd: 60, reason: 'balance 12000 below 500000' },
    ]);
    expect(decision.due[0].reason).toContain('because balance 12000 below 500000');
  });

  it('sends a field visit at DPD 60 from the threshold balance up', () => {
    const decision = at60(FIELD_VISIT_MIN_BALANCE);
    expect(decision.due.map((d) => d.step)).toEqual(['dpd60-field-visit']);
    expect(decision.skipped).toEqual([
      { step: 'dpd60-agency-placement', atDpd: 60, reason: 'alternative to dpd60-field-visit, which was chosen' },
    ]);
  });

  it('does not offer the other alternative once one is done', () => {
    const decision = decideNext({ ...base, dpd: 65, completedSteps: [...walkedTo(60), 'dpd60-field-visit'] });
    expect(decision.due).toEqual([]);
    expect(decision.skipped).toEqual([
      { step: 'dpd60-agency-placement', atDpd: 60, reason: 'alternative to dpd60-field-visit, which is done' },
    ]);
  });

  const at120 = (input: Partial<DecisionInput>) => decideNext({ ...base, dpd: 120, completedSteps: walkedTo(120), ...input });

  it.each([
    [{ timeBarred: true }, 'debt is time-barred'],
    [{ courtEligible: false }, 'not eligible for court'],
    [{ courtEligible: false, timeBarred: true }, 'not eligible for court; debt is time-barred'],
  ])('places with an agency at DPD 120 instead of court when %p', (input, reason) => {
    const decision = at120(input);
    expect(decision.due.map((d) => d.step)).toEqual(['dpd120-agency-placement']);
    expect(decision.skipped).toEqual([{ step: 'dpd120-court-filing', atDpd: 120, reason }]);
  });

  it('files in court at DPD 120 when eligible and not time-barred', () => {
    const decision = at120({});
    expect(decision.due.map((d) => d.step)).toEqual(['dpd120-court-filing']);
    expect(decision.due[0].reason).toContain('because eligible for court, debt is not time-barred');
  });

  const custom = (conditions: NonNullable<Strategy['variants'][number]['segments']['low-risk']['ladder'][number]['conditions']>): Strategy => {
    const ladder = [
      { id: 'first-call', atDpd: 1, actions: [{ channel: 'phone' as const }] },
      { id: 'follow-up', atDpd: 5, conditions, actions: [{ channel: 'letter' as const }] },
    ];
    const segments = { 'low-risk': { ladder }, 'medium-risk': { ladder }, 'high-risk': { ladder } };
    return { id: 'custom', version: 3, name: 'custom', description: '', variants: [{ name: 'champion', weight: 1, segments }] };
  };

  it.each([
    [{ 'first-call': 'no-contact' as const }, 'step first-call ended no-contact', true],
    [{ 'first-call': 'contacted' as const }, 'step first-call ended contacted, not no-contact', false],
    [{}, 'step first-call has no outcome, not no-contact', false],
  ])('checks the outcome of an earlier step (%p)', (stepOutcomes, text, due) => {
    const strategy = custom([{ stepOutcome: { step: 'first-call', outcome: 'no-contact' } }]);
    const decision = decideNext({ ...base, strategy, dpd: 5, completedSteps: ['first-call'], stepOutcomes });
    expect(decision.due.length).toBe(due ? 1 : 0);
    expect(due ? decision.due[0].reason : decision.skipped[0].reason).toContain(text);
  });

  it('checks the segment', () => {
    const strategy = custom([{ segment: ['high-risk'] }]);
    const low = decideNext({ ...base, strategy, segment: 'low-risk', dpd: 5, completedSteps: ['first-call'] });
    expect(low.skipped).toEqual([{ step: 'follow-up', atDpd: 5, reason: 'segment low-risk not in [high-risk]' }]);
    expect(low.reason).toContain('no step for DPD 5 applies');
    const high = decideNext({ ...base, strategy, segment: 'high-risk', dpd: 5, completedSteps: ['first-call'] });
    expect(high.due.map((d) => d.step)).toEqual(['follow-up']);
  });

  it("selects the step for the case's latest overdue reason, and the alternative after it for any other or none", () => {
    const ladder = [
      { id: 'first-call', atDpd: 1, actions: [{ channel: 'phone' as const }] },
      { id: 'hardship-call', atDpd: 5, conditions: [{ reason: ['income-drop' as const, 'illness' as const] }], actions: [{ channel: 'phone' as const }] },
      { id: 'demand-letter', atDpd: 5, actions: [{ channel: 'letter' as const }] },
    ];
    const segments = { 'low-risk': { ladder }, 'medium-risk': { ladder }, 'high-risk': { ladder } };
    const strategy: Strategy = { id: 'by-reason', version: 1, name: 'by reason', description: '', variants: [{ name: 'champion', weight: 1, segments }] };
    const at5 = (reason?: string) => decideNext({ ...base, strategy, dpd: 5, completedSteps: ['first-call'], reason });

    expect(at5('illness').due.map((d) => d.step)).toEqual(['hardship-call']);
    expect(at5('illness').skipped).toEqual([{ step: 'demand-letter', atDpd: 5, reason: 'alternative to hardship-call, which was chosen' }]);
    expect(at5('forgot').due.map((d) => d.step)).toEqual(['demand-letter']);
    expect(at5('forgot').skipped).toEqual([{ step: 'hardship-call', atDpd: 5, reason: 'overdue reason forgot not in [income-drop, illness]' }]);
    expect(at5(undefined).due.map((d) => d.step)).toEqual(['demand-letter']);
    expect(at5(undefined).skipped[0].reason).toBe('no overdue reason recorded not in [income-drop, illness]');
  });

  it('still supersedes missed steps when nothing applies at the latest level', () => {
    const strategy = custom([{ balanceBelow: 1 }]);
    const decision = decideNext({ ...base, strategy, dpd: 9 });
    expect(decision.due).toEqual([]);
    expect(decision.skipped.map((s) => [s.step, s.reason])).toEqual([
      ['first-call', 'superseded by step follow-up at DPD 5'],
      ['follow-up', 'balance 800000 not below 1'],
    ]);
  });
});

describe('the debtor\'s country', () => {
  const usOnly = (): Strategy => {
    const ladder = [
      { id: 'dpd1-notice', atDpd: 1, conditions: [{ country: ['US', 'CA'] }], actions: [{ channel: 'letter' as const, template: 'validation-notice' }] },
      { id: 'dpd1-reminder', atDpd: 1, actions: [{ channel: 'sms' as const }] },
      { id: 'dpd3-notice', atDpd: 3, conditions: [{ country: ['US'] }], actions: [{ channel: 'letter' as const }] },
      { id: 'dpd7-call', atDpd: 7, actions: [{ channel: 'phone' as const }] },
    ];
    const segments = { 'low-risk': { ladder }, 'medium-risk': { ladder }, 'high-risk': { ladder } };
    return { id: 'by-country', version: 1, name: 'by country', description: '', variants: [{ name: 'champion', weight: 1, segments }] };
  };

  it('runs a step for the debtor\'s country and says why', () => {
    const decision = decideNext({ ...base, strategy: usOnly(), country: 'US', dpd: 1 });
    expect(decision.due.map((d) => d.step)).toEqual(['dpd1-notice']);
    expect(decision.due[0].reason).toContain('because debtor country US in [US, CA]');
    expect(decision.skipped).toEqual([{ step: 'dpd1-reminder', atDpd: 1, reason: 'alternative to dpd1-notice, which was chosen' }]);
    expect(decision.nextWakeAtDpd).toBe(3);
  });

  it('leaves a step for other countries off the ladder: not due, not skipped, not woken for', () => {
    const at1 = decideNext({ ...base, strategy: usOnly(), country: 'CN', dpd: 1 });
    expect(at1.due.map((d) => d.step)).toEqual(['dpd1-reminder']);
    expect(at1.skipped).toEqual([]);
    expect(at1.nextWakeAtDpd).toBe(7);
    const at10 = decideNext({ ...base, strategy: usOnly(), country: 'CN', dpd: 10 });
    expect(at10.skipped.map((s) => s.step)).toEqual(['dpd1-reminder']);
  });

  it('still counts a step the case ran before the debtor moved country as done', () => {
    const decision = decideNext({ ...base, strategy: usOnly(), country: 'CN', dpd: 2, completedSteps: ['dpd1-notice'] });
    expect(decision.due).toEqual([]);
    expect(decision.skipped).toEqual([{ step: 'dpd1-reminder', atDpd: 1, reason: 'alternative to dpd1-notice, which is done' }]);
  });

  it('checks the country together with the other conditions', () => {
    const strategy = usOnly();
    strategy.variants[0].segments['medium-risk'].ladder[0].conditions!.push({ balanceAtLeast: 1_000_000 });
    const decision = decideNext({ ...base, strategy, country: 'US', dpd: 1 });
    expect(decision.due.map((d) => d.step)).toEqual(['dpd1-reminder']);
    expect(decision.skipped).toEqual([{ step: 'dpd1-notice', atDpd: 1, reason: 'balance 800000 below 1000000' }]);
  });

  it.each(DEFAULT_STRATEGY.variants.flatMap((v) => SEGMENTS.map((segment) => [v.name, segment] as const)))(
    'default %s %s: a US debtor gets the validation notice with the DPD-1 reminder, a CN debtor only the reminder',
    (variant, segment) => {
      const at1 = (country: string) => decideNext({ ...base, variant, segment, country, dpd: 1 });
      const us = at1('US');
      const cn = at1('CN');
      expect(us.due.map((d) => d.step)).toEqual(['dpd1-reminder-us']);
      expect(us.due[0].actions[0]).toEqual({ channel: 'letter', template: 'validation-notice' });
      expect(us.due[0].actions.slice(1)).toEqual(cn.due[0].actions);
      expect(us.skipped.map((s) => s.step)).toEqual(['dpd1-reminder']);
      expect(cn.due.map((d) => d.step)).toEqual(['dpd1-reminder']);
      expect(cn.due[0].actions.some((a) => a.template === 'validation-notice')).toBe(false);
      expect(cn.skipped).toEqual([]);
      expect(cn.nextWakeAtDpd).toBe(us.nextWakeAtDpd);
    },
  );
});

describe('the default strategy for a CN debtor', () => {
  /** DEFAULT_STRATEGY as it was before it had steps for US debtors. */
  const withoutCountrySteps = (): Strategy => {
    const strategy = structuredClone(DEFAULT_STRATEGY);
    for (const variant of strategy.variants) {
      for (const segment of Object.values(variant.segments)) {
        segment.ladder = segment.ladder.filter((step) => !step.conditions?.some((c) => 'country' in c));
      }
    }
    return strategy;
  };

  it.each(walks.filter(([, country]) => country === 'CN').flatMap(([variant]) => SEGMENTS.map((segment) => [variant, segment] as const)))(
    '%s %s: decides day by day exactly as without the US steps, reasons and skips included',
    (variant, segment) => {
      const walk = (strategy: Strategy, startAt: number) => {
        const completed: string[] = [];
        const decisions = [];
        for (let dpd = startAt; dpd <= 200; dpd++) {
          const decision = decideNext({ ...base, strategy, variant, segment, dpd, balance: 100_000, completedSteps: completed });
          decisions.push(decision);
          completed.push(...decision.due.map((d) => d.step), ...decision.skipped.map((s) => s.step));
        }
        return decisions;
      };
      for (const startAt of [0, 10]) expect(walk(DEFAULT_STRATEGY, startAt)).toEqual(walk(withoutCountrySteps(), startAt));
    },
  );
});

describe('pauses and holds', () => {
  it('has nothing due and skips nothing while paused, and says so', () => {
    const decision = decideNext({ ...base, dpd: 40, completedSteps: walkedTo(11), paused: true });
    expect(decision.due).toEqual([]);
    expect(decision.skipped).toEqual([]);
    expect(decision.reason).toContain('paused by a supervisor');
    expect(decision.nextWakeAtDpd).toBe(60);
  });

  it('does the step for where the case is when the pause is lifted', () => {
    const decision = decideNext({ ...base, dpd: 95, completedSteps: walkedTo(11), paused: false });
    expect(decision.due.map((d) => d.step)).toEqual(['dpd90-final-demand']);
  });

  it.each(['dispute', 'promise-to-pay'] as const)('freezes everything under a %s hold', (hold) => {
    const decision = decideNext({ ...base, dpd: 120, completedSteps: walkedTo(120), holds: [hold] });
    expect(decision.due).toEqual([]);
    expect(decision.skipped).toEqual([]);
    expect(decision.reason).toContain(`${hold} hold`);
  });

  it('names every reason when paused and held at once', () => {
    const decision = decideNext({ ...base, dpd: 7, paused: true, holds: ['dispute'] });
    expect(decision.reason).toMatch(/paused by a supervisor; dispute hold/);
  });

  it('under cease-contact drops contact channels but lets legal steps go ahead', () => {
    const decision = decideNext({ ...base, dpd: 90, completedSteps: walkedTo(90), holds: ['cease-contact'] });
    expect(channelsOf(decision)).toEqual(['legal-review']);
    expect(decision.due[0].reason).toContain('without letter (cease-contact hold');
  });

  it('under cease-contact files in court without the agency fallback', () => {
    const decision = decideNext({ ...base, dpd: 120, completedSteps: walkedTo(120), holds: ['cease-contact'] });
    expect(decision.due[0].actions).toEqual([{ channel: 'court', template: 'court-filing', fallback: [] }]);
  });

  it('under cease-contact skips a step that is contact only', () => {
    const decision = decideNext({ ...base, dpd: 30, completedSteps: walkedTo(30), holds: ['cease-contact'] });
    expect(decision.due).toEqual([]);
    expect(decision.skipped).toEqual([
      { step: 'dpd30-second-demand', atDpd: 30, reason: expect.stringContaining('every channel is silenced') },
    ]);
  });
});

describe('input errors', () => {
  it('rejects a variant the strategy does not have', () => {
    expect(() => decideNext({ ...base, variant: 'ghost' })).toThrow(/has no variant ghost/);
  });

  it('rejects a negative DPD', () => {
    expect(() => decideNext({ ...base, dpd: -1 })).toThrow(RangeError);
  });
});
