// The coded list of overdue reasons is data: every default code has its words in
// both languages, and a list a deployment extends is checked before it is used.
import { DEFAULT_OVERDUE_REASONS, isOverdueReason, OVERDUE_REASON_CODES, overdueReasonListSchema } from '../../src/domain';

test('the default list codes every reason of issue 15 once, with English and Chinese words', () => {
  expect(DEFAULT_OVERDUE_REASONS.map((reason) => reason.code)).toEqual([...OVERDUE_REASON_CODES]);
  expect(overdueReasonListSchema.safeParse(DEFAULT_OVERDUE_REASONS).success).toBe(true);
  for (const reason of DEFAULT_OVERDUE_REASONS) expect(reason.labels['zh-CN']).not.toBe(reason.labels.en);
  expect(isOverdueReason('income-drop')).toBe(true);
  expect(isOverdueReason('job-loss')).toBe(false);
});

test('an extended list is validated: a repeated code or a missing language is named by its path', () => {
  const extended = [...DEFAULT_OVERDUE_REASONS, { code: 'natural-disaster', labels: { en: 'Natural disaster', 'zh-CN': '自然灾害' } }];
  expect(overdueReasonListSchema.safeParse(extended).success).toBe(true);
  expect(isOverdueReason('natural-disaster', extended)).toBe(true);

  const repeated = overdueReasonListSchema.safeParse([...extended, { code: 'forgot', labels: { en: 'Forgot', 'zh-CN': '忘记' } }]);
  expect(repeated.error?.issues).toEqual([expect.objectContaining({ path: [11, 'code'], message: 'duplicate reason code forgot' })]);
  const oneLanguage = overdueReasonListSchema.safeParse([{ code: 'forgot', labels: { en: 'Forgot' } }]);
  expect(oneLanguage.error?.issues.map((issue) => issue.path)).toEqual([[0, 'labels', 'zh-CN']]);
});
