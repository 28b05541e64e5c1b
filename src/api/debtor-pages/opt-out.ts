// The page behind the opt-out link in every message: public, no sign-in, no script.
//   GET  /opt-out/<token>   which messages the debtor gets, and two buttons: stop this
//                           channel's, or every electronic message
//   POST /opt-out/<token>   the form's `scope` → recorded, a confirmation page; or
//                           `List-Unsubscribe=One-Click` (RFC 8058, a mail client's
//                           one-click, no cookies) → the link's channel, 200
// A token that is expired, tampered or malformed gets a page saying so in both
// languages (the token cannot be trusted to say whose language), and nothing is read
// or recorded.
import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { OptOutChannel } from '../../domain/compliance';
import { LoanNotFoundError } from '../../cases/loans';
import { openOptOutLink, optOutByLink, type OptOutLinkView, type OptOutRecorded, type StoredOptOut } from '../../cases/opt-outs';
import type { CaseServices } from '../../cases/services';
import type { DebtorLinks } from '../../security/debtor-links';
import { html, languageOf, linkRefusalOf, renderDebtorPage, sendDebtorPage, sendRefusal, type DebtorLanguage, type RefusalKind, type SafeHtml } from './page';

export const OPT_OUT_PATH = '/opt-out';

const WORDS = {
  en: {
    title: 'Stop messages',
    channels: { sms: 'text messages', email: 'e-mail', 'app-push': 'app notifications', im: 'messaging app messages' } as Record<OptOutChannel, string>,
    allElectronic: 'all electronic messages (text messages, e-mail, app notifications and messaging app messages)',
    receives: (lender: string, channel: string) => `${lender} sends you reminders about your loan by ${channel}. You can stop them here.`,
    receivesAny: (lender: string) => `${lender} sends you reminders about your loan electronically. You can stop them here.`,
    stopChannel: (channel: string) => `Stop ${channel}`,
    stopAll: 'Stop all electronic messages',
    stillContact: 'We may still write to you or call you about the loan, as the law allows.',
    stopped: 'You have stopped:',
    since: (what: string, when: string) => `${what}, since ${when}`,
    doneTitle: 'Messages stopped',
    done: (lender: string, what: string) => `${lender} will send you no more ${what}.`,
    already: (when: string) => `You had already asked for this on ${when}; nothing more was needed.`,
    chooseScope: 'Choose one of the two buttons.',
  },
  'zh-CN': {
    title: '退订消息',
    channels: { sms: '短信', email: '电子邮件', 'app-push': 'App 推送通知', im: '即时通讯消息' } as Record<OptOutChannel, string>,
    allElectronic: '所有电子消息（短信、电子邮件、App 推送通知和即时通讯消息）',
    receives: (lender: string, channel: string) => `${lender}通过${channel}向您发送贷款还款提醒。您可以在此退订。`,
    receivesAny: (lender: string) => `${lender}通过电子消息向您发送贷款还款提醒。您可以在此退订。`,
    stopChannel: (channel: string) => `退订${channel}`,
    stopAll: '退订所有电子消息',
    stillContact: '我们仍可能依法通过信函或电话与您联系贷款事宜。',
    stopped: '您已退订：',
    since: (what: string, when: string) => `${what}（自 ${when} 起）`,
    doneTitle: '已退订',
    done: (lender: string, what: string) => `${lender}将不再向您发送${what}。`,
    already: (when: string) => `您已于 ${when} 退订，无需再次操作。`,
    chooseScope: '请选择两个按钮之一。',
  },
} satisfies Record<DebtorLanguage, unknown>;

type Words = (typeof WORDS)[DebtorLanguage];

function scopeName(words: Words, scope: StoredOptOut['scope']): string {
  return scope === 'all-electronic' ? words.allElectronic : words.channels[scope];
}

function dateIn(lang: DebtorLanguage, timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone }).format(at);
}

function stoppedList(view: OptOutLinkView, lang: DebtorLanguage): SafeHtml | '' {
  if (!view.optOuts.length) return '';
  const words = WORDS[lang];
  const items = view.optOuts.map((optOut) => html`<li>${words.since(scopeName(words, optOut.scope), dateIn(lang, view.timeZone, optOut.at))}</li>`);
  return html`<section class="done"><p>${words.stopped}</p><ul>${items}</ul></section>`;
}

function choicePage(view: OptOutLinkView, token: string, lender: string, problem?: string): string {
  const lang = languageOf(view.locale);
  const words = WORDS[lang];
  const channel = view.channel && words.channels[view.channel];
  const covered = new Set(view.optOuts.map((optOut) => optOut.scope));
  const buttons = covered.has('all-electronic')
    ? ''
    : html`<form method="post" action="${token}">
${channel && !covered.has(view.channel!) ? html`<button type="submit" name="scope" value="channel">${words.stopChannel(channel)}</button> ` : ''}
<button type="submit" name="scope" value="all-electronic" class="${channel ? 'secondary' : ''}">${words.stopAll}</button>
</form>`;
  const body = html`${problem ? html`<section class="error"><p>${problem}</p></section>` : ''}
<section class="notice"><p>${channel ? words.receives(lender, channel) : words.receivesAny(lender)}</p>${buttons}</section>
${stoppedList(view, lang)}`;
  return renderDebtorPage({ lang, title: words.title, lender, body, footer: html`${words.stillContact}` });
}

function confirmationPage(view: OptOutLinkView & { recorded: OptOutRecorded }, lender: string): string {
  const lang = languageOf(view.locale);
  const words = WORDS[lang];
  const { optOut, recorded } = view.recorded;
  const body = html`<section class="done"><p>${words.done(lender, scopeName(words, optOut.scope))}</p>
${recorded ? '' : html`<p>${words.already(dateIn(lang, view.timeZone, optOut.at))}</p>`}</section>
${stoppedList(view, lang)}`;
  return renderDebtorPage({ lang, title: words.doneTitle, lender, body, footer: html`${words.stillContact}` });
}

/** The refusal for an error a link's page runs into, or undefined for one that is not about the link. */
function refusalOf(error: unknown): { kind: RefusalKind; status?: number } | undefined {
  const kind = linkRefusalOf(error);
  if (kind) return { kind };
  // A genuine link for a loan no longer in the loan book.
  if (error instanceof LoanNotFoundError) return { kind: 'invalid', status: 404 };
  return undefined;
}

/** RFC 8058's body in a multipart/form-data POST: a part named List-Unsubscribe whose value is One-Click. */
const MULTIPART_ONE_CLICK = /content-disposition:\s*form-data;\s*name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/i;

/**
 * RFC 8058 has the mail client send `List-Unsubscribe=One-Click` as multipart/form-data
 * (SHOULD) or application/x-www-form-urlencoded (MAY); the page's own form sends the latter.
 */
function isOneClick(body: unknown): boolean {
  if (typeof body === 'string') return MULTIPART_ONE_CLICK.test(body);
  return (body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
}

/** `requestsPerMinute` per address, as API_RATE_LIMIT bounds the API's. */
export function optOutPages(services: CaseServices, links: () => DebtorLinks, { lender, requestsPerMinute }: { lender: string; requestsPerMinute: number }): Router {
  const router = Router();
  const send = sendDebtorPage;
  router.use(
    OPT_OUT_PATH,
    rateLimit({
      windowMs: 60_000,
      limit: requestsPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => sendRefusal(res, lender, 'busy'),
    }),
  );

  async function answer(req: Request, res: Response, respond: (token: string) => Promise<void>): Promise<void> {
    try {
      await respond(String(req.params.token));
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      sendRefusal(res, lender, refusal.kind, refusal.status);
    }
  }

  router.get(`${OPT_OUT_PATH}/:token`, (req, res) =>
    answer(req, res, async (token) => {
      send(res, 200, choicePage(await openOptOutLink(services, links(), token), token, lender));
    }),
  );

  const forms = [
    express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 10 }),
    express.text({ type: 'multipart/form-data', limit: '2kb' }),
  ];
  router.post(`${OPT_OUT_PATH}/:token`, ...forms, (req, res) =>
    answer(req, res, async (token) => {
      if (isOneClick(req.body)) {
        send(res, 200, confirmationPage(await optOutByLink(services, links(), token, { scope: 'channel', method: 'one-click' }), lender));
        return;
      }
      const scope = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>).scope : undefined;
      if (scope !== 'channel' && scope !== 'all-electronic') {
        const view = await openOptOutLink(services, links(), token);
        send(res, 400, choicePage(view, token, lender, WORDS[languageOf(view.locale)].chooseScope));
        return;
      }
      send(res, 200, confirmationPage(await optOutByLink(services, links(), token, { scope, method: 'link-page' }), lender));
    }),
  );
  return router;
}
