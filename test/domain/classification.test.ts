import {
  addMonths,
  classificationSchemeSchema,
  classify,
  CREDIT_CARD_SCHEME,
  gradeConditions,
  LOAN_SCHEME,
  observedSince,
  underObservation,
} from '../../src/domain';

describe('credit-card classification', () => {
  it.each([
    [0, '正常', false],
    [1, '关注', false],
    [90, '关注', false],
    [91, '次级', true],
    [120, '次级', true],
    [121, '可疑', true],
    [180, '可疑', true],
    [181, '损失', true],
  ])('DPD %i is %s, npl %p', (dpd, name, npl) => {
    expect(classify(dpd, CREDIT_CARD_SCHEME)).toEqual({ scheme: 'credit-card', name, npl, reason: expect.stringMatching(`^DPD ${dpd}: ${name} \\(`) });
  });

  it('counts as NPL exactly when more than 90 days past due', () => {
    for (let dpd = 0; dpd <= 400; dpd++) expect(classify(dpd, CREDIT_CARD_SCHEME).npl).toBe(dpd > 90);
  });
});

describe('default loan classification', () => {
  it.each([
    [0, '正常', false],
    [90, '关注', false],
    [91, '次级', true],
    [180, '次级', true],
    [181, '可疑', true],
    [360, '可疑', true],
    [361, '损失', true],
  ])('DPD %i is %s, npl %p', (dpd, name, npl) => {
    expect(classify(dpd, LOAN_SCHEME)).toEqual({ scheme: 'loan-default', name, npl, reason: expect.stringMatching(`^DPD ${dpd}: ${name} \\(`) });
  });
});

describe('the reason for a grade', () => {
  it('names the DPD and the grade\'s range', () => {
    expect(classify(45, LOAN_SCHEME).reason).toBe('DPD 45: 关注 (1–90 DPD)');
    expect(classify(0, LOAN_SCHEME).reason).toBe('DPD 0: 正常 (0 DPD)');
    expect(classify(400, LOAN_SCHEME).reason).toBe('DPD 400: 损失 (361+ DPD)');
  });
});

describe('a restructured loan', () => {
  const restructuredOn = '2026-09-01';
  const on = (today: string) => ({ restructuredOn, today });

  it('is held at least 次级 through the twelve months after the restructuring, under both schemes', () => {
    for (const scheme of [LOAN_SCHEME, CREDIT_CARD_SCHEME]) {
      for (const today of ['2026-09-01', '2027-03-15', '2027-08-31']) {
        expect(classify(12, scheme, on(today))).toEqual({
          scheme: scheme.id,
          name: '次级',
          npl: true,
          reason: 'restructured on 2026-09-01, observed until 2027-09-01: at least 次级 (DPD 12 alone gives 关注)',
          observedUntil: '2027-09-01',
        });
      }
      expect(classify(0, scheme, on('2026-10-01'))).toMatchObject({ name: '次级', npl: true });
    }
  });

  it('is graded by its DPD alone once the observation period is over, and says so', () => {
    expect(classify(12, LOAN_SCHEME, on('2027-09-01'))).toEqual({
      scheme: 'loan-default',
      name: '关注',
      npl: false,
      reason: 'DPD 12: 关注 (1–90 DPD); the restructuring on 2026-09-01 was observed until 2027-09-01',
    });
    expect(classify(0, LOAN_SCHEME, on('2028-01-01'))).toMatchObject({ name: '正常', npl: false });
  });

  it('is graded by its DPD when that is worse than the floor', () => {
    expect(classify(200, LOAN_SCHEME, on('2026-12-01'))).toEqual({
      scheme: 'loan-default',
      name: '可疑',
      npl: true,
      reason: 'DPD 200: 可疑 (181–360 DPD), at or below the floor 次级 of the restructuring on 2026-09-01, observed until 2027-09-01',
      observedUntil: '2027-09-01',
    });
    expect(classify(100, LOAN_SCHEME, on('2026-12-01'))).toMatchObject({ name: '次级', observedUntil: '2027-09-01' });
  });

  it('is not held by a restructuring dated after the day graded, nor without one, nor under a scheme with no rule', () => {
    expect(classify(12, LOAN_SCHEME, on('2026-08-31'))).toMatchObject({ name: '关注', reason: 'DPD 12: 关注 (1–90 DPD)' });
    expect(classify(12, LOAN_SCHEME, { today: '2026-10-01' }).name).toBe('关注');
    const { restructured: _rule, ...noRule } = LOAN_SCHEME;
    expect(classify(12, noRule, on('2026-10-01')).name).toBe('关注');
  });

  it('is observed for whole calendar months, a month end clamped', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    const rule = LOAN_SCHEME.restructured!;
    expect(underObservation('2024-02-29', '2025-02-27', rule)).toBe(true);
    expect(underObservation('2024-02-29', '2025-02-28', rule)).toBe(false);
  });

  it('is under observation exactly when restructured between observedSince and today', () => {
    const rule = { minimumGrade: '次级', observationMonths: 1 };
    for (const today of ['2025-03-31', '2025-03-01', '2024-03-30', '2025-07-15', '2025-12-31']) {
      const since = observedSince(today, rule);
      const start = Date.parse(`${today}T00:00:00Z`) - 70 * 86_400_000;
      for (let ms = start; ms <= Date.parse(`${today}T00:00:00Z`) + 2 * 86_400_000; ms += 86_400_000) {
        const day = new Date(ms).toISOString().slice(0, 10);
        expect({ today, day, observed: underObservation(day, today, rule) }).toEqual({ today, day, observed: day >= since && day <= today });
      }
    }
  });

  it('puts a grade\'s loans under conditions a store can filter by: below the floor only those not observed, at it also the observed below it', () => {
    expect(gradeConditions(LOAN_SCHEME, '关注')).toEqual([{ band: LOAN_SCHEME.grades[1], observed: false }]);
    expect(gradeConditions(LOAN_SCHEME, '次级')).toEqual([{ band: LOAN_SCHEME.grades[2] }, { band: expect.objectContaining({ minDpd: 0, maxDpd: 90 }), observed: true }]);
    expect(gradeConditions(LOAN_SCHEME, '可疑')).toEqual([{ band: LOAN_SCHEME.grades[3] }]);
    expect(gradeConditions(LOAN_SCHEME, 'none')).toEqual([]);
  });
});

describe('classificationSchemeSchema', () => {
  it('accepts the shipped schemes', () => {
    expect(classificationSchemeSchema.safeParse(CREDIT_CARD_SCHEME).success).toBe(true);
    expect(classificationSchemeSchema.safeParse(LOAN_SCHEME).success).toBe(true);
  });

  it('names the grade that leaves a gap', () => {
    const gap = { id: 'x', grades: [{ name: 'a', minDpd: 0, maxDpd: 10, npl: false }, { name: 'b', minDpd: 12, npl: true }] };
    const result = classificationSchemeSchema.safeParse(gap);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['grades.1.minDpd']);
  });

  it('takes a restructuring floor that names one of its grades, and names the field when it does not', () => {
    const grades = LOAN_SCHEME.grades;
    expect(classificationSchemeSchema.safeParse({ id: 'x', grades, restructured: { minimumGrade: '关注', observationMonths: 12 } }).success).toBe(true);
    const unknown = classificationSchemeSchema.safeParse({ id: 'x', grades, restructured: { minimumGrade: 'substandard', observationMonths: 12 } });
    expect(unknown.error?.issues).toEqual([expect.objectContaining({ path: ['restructured', 'minimumGrade'], message: expect.stringContaining('正常, 关注, 次级, 可疑, 损失') })]);
    const months = classificationSchemeSchema.safeParse({ id: 'x', grades, restructured: { minimumGrade: '次级', observationMonths: 0 } });
    expect(months.error?.issues.map((i) => i.path.join('.'))).toEqual(['restructured.observationMonths']);
  });

  it('requires the last grade to be open-ended', () => {
    const closed = { id: 'x', grades: [{ name: 'a', minDpd: 0, maxDpd: 10, npl: false }] };
    expect(classificationSchemeSchema.safeParse(closed).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'grades.0.maxDpd',
    ]);
  });
});
