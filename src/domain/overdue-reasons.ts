// Why a loan is overdue (逾期原因), as collection teams code it: the reason an agent
// hears on a call, a debtor gives on a digital channel, or a supervisor records.
// The list is data, like the classification schemes and the buckets: a deployment
// may extend it through overdueReasonListSchema; the codes below are the default.
import { z } from 'zod';

/** The default coded list; strategy conditions and the API take these codes. */
export const OVERDUE_REASON_CODES = [
  'forgot',
  'income-drop',
  'illness',
  'business-failure',
  'dispute',
  'fraud',
  'deceased',
  'refuses-to-pay',
  'unreachable',
  'unknown',
] as const;
export type OverdueReasonCode = (typeof OVERDUE_REASON_CODES)[number];

export const overdueReasonSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a code is lowercase words joined by hyphens'),
  labels: z.strictObject({ en: z.string().trim().min(1), 'zh-CN': z.string().trim().min(1) }),
});
export type OverdueReason = z.infer<typeof overdueReasonSchema>;

/** A list of reasons: at least one, each code once. */
export const overdueReasonListSchema = z
  .array(overdueReasonSchema)
  .min(1)
  .superRefine((reasons, ctx) => {
    reasons.forEach((reason, index) => {
      if (reasons.findIndex((other) => other.code === reason.code) !== index) {
        ctx.addIssue({ code: 'custom', path: [index, 'code'], message: `duplicate reason code ${reason.code}` });
      }
    });
  });

export const DEFAULT_OVERDUE_REASONS = [
  { code: 'forgot', labels: { en: 'Forgot to pay', 'zh-CN': '忘记还款' } },
  { code: 'income-drop', labels: { en: 'Income drop or job loss', 'zh-CN': '收入下降或失业' } },
  { code: 'illness', labels: { en: 'Illness or accident', 'zh-CN': '疾病或意外' } },
  { code: 'business-failure', labels: { en: 'Business failure', 'zh-CN': '经营失败' } },
  { code: 'dispute', labels: { en: 'Disputes the debt', 'zh-CN': '对债务有异议' } },
  { code: 'fraud', labels: { en: 'Fraud or identity theft', 'zh-CN': '欺诈或身份被盗用' } },
  { code: 'deceased', labels: { en: 'Deceased', 'zh-CN': '借款人已故' } },
  { code: 'refuses-to-pay', labels: { en: 'Refuses to pay', 'zh-CN': '拒绝还款' } },
  { code: 'unreachable', labels: { en: 'Unreachable', 'zh-CN': '无法联系' } },
  { code: 'unknown', labels: { en: 'Unknown', 'zh-CN': '原因不明' } },
] as const satisfies readonly (OverdueReason & { code: OverdueReasonCode })[];

/** The reason a case was given, with who gave it and when (business time). */
export interface OverdueReasonEntry {
  code: string;
  note?: string;
  /** Who recorded it: the agent or supervisor user id. */
  actor: string;
  /** Where it came from: an agent's task outcome, a supervisor's command, or the debtor's own reply on a digital channel. */
  source: 'agent' | 'supervisor' | 'debtor';
  /** For the debtor's: the channel the reply came on, e.g. sms. */
  channel?: string;
  /** ISO-8601, business time. */
  at: string;
  /** The task whose outcome carried it, for an agent's. */
  taskId?: string;
}

/** Whether a code is in the list (the default list unless one is given). */
export function isOverdueReason(code: unknown, reasons: readonly OverdueReason[] = DEFAULT_OVERDUE_REASONS): boolean {
  return typeof code === 'string' && reasons.some((reason) => reason.code === code);
}
