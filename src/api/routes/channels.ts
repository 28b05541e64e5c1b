// What debtors send back on digital channels. The SMS provider posts each reply to
// one of our messages here, with a token carrying the provider role (like an
// agency's callbacks); the reply is kept once, read for the overdue reason it
// names, and the case records that reason with the debtor as its source.
import { z } from 'zod';
import { receiveSmsReply, smsReplySchema, UnknownMessageError } from '../../cases/debtor-replies';
import { DEFAULT_REPLY_KEYWORDS, idempotencyKeyFor } from '../../domain';
import { CASE_VIEW_EXAMPLE } from '../case-schemas';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import type { RouteTable } from '../route';

/** Where the SMS provider posts replies: its reply callback URL is the API's address followed by this path. */
export const SMS_REPLY_PATH = '/v1/channels/sms/replies';

const CASE_REF = { caseId: CASE_VIEW_EXAMPLE.caseId, loanId: CASE_VIEW_EXAMPLE.loanId };
const ANSWERED = idempotencyKeyFor(CASE_VIEW_EXAMPLE.caseId, 3);
const menu = Object.entries(DEFAULT_REPLY_KEYWORDS.menu).map(([choice, code]) => `${choice} → ${code}`).join(', ');

export function channelRoutes(api: RouteTable, context: ApiContext): void {
  api.route({
    method: 'post',
    path: SMS_REPLY_PATH,
    tag: 'channels',
    summary: "A debtor's reply to one of our text messages, from the SMS provider",
    description:
      'The provider posts each reply with the client reference of the message it answers (`inReplyTo`, the idempotency key we ' +
      'sent it under). The reply is kept once per `messageId` and read for the overdue reason (逾期原因) it names: a menu choice ' +
      `(${menu}) or the debtor's words (失业, lost my job → income-drop; 住院 → illness; 去世 → deceased …). The case records ` +
      "the reason with the debtor as its source, and the strategy's reason effects follow. A reply naming no reason is kept and " +
      'noted on the case as a reply. A reply of STOP, TD or 退订 also records the debtor\'s opt-out of text messages. Posting the same reply again answers 200 with `duplicate: true` and changes nothing. The ' +
      'caller is the provider: its token carries the `provider` role.',
    roles: ['provider'],
    body: smsReplySchema,
    response: {
      status: 200,
      description: 'Kept (or kept before); `caseNotified` is false when the case had closed',
      schema: z.object({
        caseId: z.string(),
        loanId: z.string(),
        reason: z.object({ code: z.string(), matched: z.string() }).nullable().describe('The overdue reason the reply names, and what matched; null when none'),
        duplicate: z.boolean(),
        caseNotified: z.boolean(),
        smsOptOut: z
          .object({ at: z.string(), recorded: z.boolean().describe('False when the debtor had opted out of text messages before: the first record stands') })
          .optional()
          .describe('Present when the reply was STOP, TD or 退订: the debtor opted out of text messages, and the guard denies the next one'),
      }),
    },
    errors: ['MESSAGE_NOT_FOUND'],
    examples: {
      request: {
        'job-loss': {
          summary: 'The debtor lost their job',
          value: { messageId: 'sms_in_8f2c41', inReplyTo: ANSWERED, text: '我失业了，这个月还不上', receivedAt: '2026-11-22T10:04:00+08:00' },
        },
        'menu-choice': { summary: 'Menu choice 2: illness', value: { messageId: 'sms_in_8f2c42', inReplyTo: ANSWERED, text: '2', receivedAt: '2026-11-22T10:05:00+08:00' } },
      },
      response: {
        'reason-recorded': { summary: 'income-drop recorded on the case, from the debtor', value: { ...CASE_REF, reason: { code: 'income-drop', matched: '失业' }, duplicate: false, caseNotified: true } },
      },
      error: {
        summary: 'A reply to a message we never sent',
        value: { error: { code: 'MESSAGE_NOT_FOUND' as const, message: 'No text message went out under case-CN-LN-000184:99: a reply answers one of ours' } },
      },
    },
    async handler({ body }) {
      try {
        return { body: await receiveSmsReply(context.temporal, context.database, body) };
      } catch (error) {
        if (error instanceof UnknownMessageError) throw new ApiError('MESSAGE_NOT_FOUND', error.message);
        throw error;
      }
    },
  });
}
