// Reason effects in the strategy language: onReason says what recording a reason
// does at once, validated with paths like the rest; notRun offers a step once; a
// debtor's reply is read for the reason it names by a keyword list that is data.
import { decideNext, DEFAULT_STRATEGY, reasonEffectFor, reasonOfReply, validateStrategy, type DecisionInput, type Strategy } from '../../src/domain';

const draft = (): Strategy => JSON.parse(JSON.stringify(DEFAULT_STRATEGY));
const errorsOf = (json: unknown) => {
  const result = validateStrategy(json);
  return result.ok ? [] : result.errors;
};

describe('onReason', () => {
  it('names the effect of each reason on the default strategy, and none for a reason without one', () => {
    expect(reasonEffectFor(DEFAULT_STRATEGY, 'fraud')).toEqual({ reasons: ['fraud'], hold: 'fraud-review', task: { queue: 'fraud-review', template: 'fraud-review' } });
    expect(reasonEffectFor(DEFAULT_STRATEGY, 'deceased')?.hold).toBe('deceased');
    expect(reasonEffectFor(DEFAULT_STRATEGY, 'income-drop')).toBeUndefined();
    expect(reasonEffectFor({}, 'fraud')).toBeUndefined();
  });

  it('refuses an unknown reason, a hold a reason cannot put, an effect that does nothing and a reason given two effects, by path', () => {
    const strategy = draft();
    strategy.onReason = [
      { reasons: ['fraud', 'lottery' as 'fraud'], hold: 'fraud-review' },
      { reasons: ['illness'], hold: 'promise-to-pay' as 'dispute' },
      { reasons: ['forgot'] },
      { reasons: ['fraud'], task: { queue: 'fraud-review' } },
      { reasons: ['deceased'], task: { queue: 'Estate Team' } },
    ];
    expect(errorsOf(strategy)).toEqual([
      { path: 'onReason.0.reasons.1', message: expect.stringContaining('forgot') },
      { path: 'onReason.1.hold', message: expect.stringContaining('fraud-review') },
      { path: 'onReason.2', message: 'an effect puts a hold, queues a task, or both' },
      { path: 'onReason.4.task.queue', message: expect.stringContaining('lower-case') },
    ]);
    strategy.onReason.splice(0, 3);
    strategy.onReason.unshift({ reasons: ['fraud'], hold: 'fraud-review' });
    strategy.onReason[2] = { reasons: ['deceased'], hold: 'deceased' };
    expect(errorsOf(strategy)).toEqual([{ path: 'onReason.1.reasons.0', message: 'fraud already has its effect in onReason.0' }]);
  });
});

describe('notRun', () => {
  const base: Omit<DecisionInput, 'dpd'> = {
    strategy: DEFAULT_STRATEGY,
    variant: 'champion',
    segment: 'medium-risk',
    country: 'CN',
    balance: 100_000,
    completedSteps: ['dpd1-reminder-us', 'dpd1-reminder', 'dpd3-courtesy-call', 'dpd7-reminder-and-call'],
    stepOutcomes: {},
    timeBarred: false,
    courtEligible: true,
    paused: false,
    holds: [],
  };

  it('offers the plan at the first level that finds hardship, and escalates at the next as before', () => {
    const at15 = decideNext({ ...base, dpd: 15, reason: 'income-drop' });
    expect(at15.due.map((step) => step.step)).toEqual(['dpd15-plan-offer']);
    expect(at15.skipped).toEqual([{ step: 'dpd15-demand-letter', atDpd: 15, reason: 'alternative to dpd15-plan-offer, which was chosen' }]);
    const after = {
      completedSteps: [...base.completedSteps, 'dpd15-plan-offer', 'dpd15-demand-letter'],
      stepOutcomes: { 'dpd15-plan-offer': 'no-contact' as const },
    };
    const at30 = decideNext({ ...base, ...after, dpd: 30, reason: 'income-drop' });
    expect(at30.due.map((step) => step.step)).toEqual(['dpd30-second-demand']);
    expect(at30.skipped).toEqual([{ step: 'dpd30-plan-offer', atDpd: 30, reason: 'step dpd15-plan-offer already ran' }]);
  });

  it('offers it at DPD 30 to a debtor whose hardship was heard after DPD 15, and sends the demand letter with no reason', () => {
    const letterSent = { completedSteps: [...base.completedSteps, 'dpd15-plan-offer', 'dpd15-demand-letter'], stepOutcomes: { 'dpd15-demand-letter': 'delivered' as const } };
    expect(decideNext({ ...base, ...letterSent, dpd: 30, reason: 'illness' }).due.map((step) => step.step)).toEqual(['dpd30-plan-offer']);
    const noReason = decideNext({ ...base, dpd: 15 });
    expect(noReason.due.map((step) => step.step)).toEqual(['dpd15-demand-letter']);
    expect(noReason.skipped).toEqual([{ step: 'dpd15-plan-offer', atDpd: 15, reason: 'no overdue reason recorded not in [income-drop, illness]' }]);
  });

  it('must name an earlier step', () => {
    const strategy = draft();
    const ladder = strategy.variants[0].segments['low-risk'].ladder;
    const offer = ladder.findIndex((step) => step.id === 'dpd30-plan-offer');
    ladder[offer].conditions = [{ notRun: ['dpd60-field-visit'] }];
    expect(errorsOf(strategy)).toEqual([
      { path: `variants.0.segments.low-risk.ladder.${offer}.conditions.0.notRun.0`, message: 'dpd60-field-visit is not an earlier step (lower atDpd) of this ladder' },
    ]);
  });
});

describe('reasonOfReply', () => {
  it.each([
    ['1', 'income-drop', '1'],
    [' 2 ', 'illness', '2'],
    ['我失业了，这个月还不上', 'income-drop', '失业'],
    ['Sorry, I LOST MY JOB in May', 'income-drop', 'lost my job'],
    ['住院了', 'illness', '住院'],
    ['借款人已经去世了', 'deceased', '去世'],
    ['this is identity theft, I never took a loan', 'fraud', 'identity theft'],
  ])('reads %j as %s', (text, code, matched) => {
    expect(reasonOfReply(text)).toEqual({ code, matched });
  });

  it('reads nothing from words it does not know', () => {
    expect(reasonOfReply('ok thanks')).toBeUndefined();
    expect(reasonOfReply('12')).toBeUndefined();
  });

  it('reads by the list it is given', () => {
    expect(reasonOfReply('A', { menu: { A: 'forgot' }, words: [] })).toEqual({ code: 'forgot', matched: 'A' });
  });
});
