import { classificationSchemeSchema, classify, CREDIT_CARD_SCHEME, LOAN_SCHEME } from '../../src/domain';

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
    expect(classify(dpd, CREDIT_CARD_SCHEME)).toEqual({ scheme: 'credit-card', name, npl });
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
    expect(classify(dpd, LOAN_SCHEME)).toEqual({ scheme: 'loan-default', name, npl });
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

  it('requires the last grade to be open-ended', () => {
    const closed = { id: 'x', grades: [{ name: 'a', minDpd: 0, maxDpd: 10, npl: false }] };
    expect(classificationSchemeSchema.safeParse(closed).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'grades.0.maxDpd',
    ]);
  });
});
