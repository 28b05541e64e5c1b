// A debtor's reply on a digital channel, read for the overdue reason it names:
// a menu choice (the message offers "reply 1 if you lost your job …") or words
// the debtor uses (失业, lost my job). The list is data: a deployment may give its
// own through replyKeywordsSchema. A reply that names nothing is kept as it is.
import { z } from 'zod';
import { OVERDUE_REASON_CODES, type OverdueReasonCode } from './overdue-reasons';

export const replyKeywordsSchema = z.strictObject({
  /** A reply that is exactly one of these (trimmed), e.g. "1". */
  menu: z.record(z.string().trim().min(1).max(10), z.enum(OVERDUE_REASON_CODES)),
  /** Words or phrases anywhere in the reply, case-insensitive; the first entry with a match wins. */
  words: z.array(z.strictObject({ code: z.enum(OVERDUE_REASON_CODES), words: z.array(z.string().trim().min(1)).min(1) })),
});
export type ReplyKeywords = z.infer<typeof replyKeywordsSchema>;

export const DEFAULT_REPLY_KEYWORDS: ReplyKeywords = {
  menu: { '1': 'income-drop', '2': 'illness', '3': 'dispute', '4': 'fraud', '5': 'forgot' },
  // Death and fraud first: a reply that mentions them matters more than any other word it holds.
  words: [
    { code: 'deceased', words: ['去世', '过世', '已故', '身故', 'passed away', 'deceased', 'died'] },
    { code: 'fraud', words: ['盗用', '冒用', '诈骗', '不是我借的', 'identity theft', 'fraud', 'never took'] },
    { code: 'dispute', words: ['异议', '已经还', '已还清', 'dispute', 'already paid', 'not my debt'] },
    { code: 'income-drop', words: ['失业', '没工作', '裁员', '降薪', '收入', 'lost my job', 'laid off', 'unemployed', 'income'] },
    { code: 'illness', words: ['生病', '住院', '疾病', '意外', 'hospital', 'sick', 'illness', 'accident'] },
    { code: 'business-failure', words: ['生意', '倒闭', '破产', 'business', 'bankrupt'] },
    { code: 'forgot', words: ['忘记', '忘了', 'forgot'] },
  ],
};

/** The reason the reply names and what in it matched; undefined when nothing did. */
export function reasonOfReply(text: string, keywords: ReplyKeywords = DEFAULT_REPLY_KEYWORDS): { code: OverdueReasonCode; matched: string } | undefined {
  const trimmed = text.trim();
  const chosen = keywords.menu[trimmed];
  if (chosen) return { code: chosen, matched: trimmed };
  const lower = trimmed.toLowerCase();
  for (const { code, words } of keywords.words) {
    const matched = words.find((word) => lower.includes(word.toLowerCase()));
    if (matched) return { code, matched };
  }
  return undefined;
}
