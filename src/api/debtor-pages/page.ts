// The pages a debtor opens from a link in a message (the payment page, the opt-out
// page): plain server-rendered HTML in the debtor's language, forms that work
// without script, and nothing a search engine should keep. Every value goes
// through the `html` template, which escapes it.
import type { Response } from 'express';
import { DebtorLinkError } from '../../security/debtor-links';

/** The languages the debtor pages speak; any other locale reads English. */
export const DEBTOR_LANGUAGES = ['zh-CN', 'en'] as const;
export type DebtorLanguage = (typeof DEBTOR_LANGUAGES)[number];

export function languageOf(locale: string | undefined): DebtorLanguage {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Markup that is already safe to put in a page. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

type Interpolated = SafeHtml | string | number | undefined | null | false | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** A template whose interpolations are escaped, unless they are SafeHtml (from another `html` template). */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, part, index) => out + part + (index < values.length ? render(values[index]) : ''), ''));
}

const STYLE = `
  body { font: 16px/1.5 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  main { max-width: 34rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  header { font-weight: 600; color: #57606a; margin-bottom: 1rem; }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
  dl { display: grid; grid-template-columns: 1fr auto; gap: .25rem 1rem; margin: 0; }
  dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
  label { display: block; margin: .5rem 0 .25rem; }
  input, select, button { font: inherit; padding: .5rem; border-radius: 6px; border: 1px solid #d0d7de; }
  button { background: #1f6feb; color: #fff; border-color: #1f6feb; cursor: pointer; margin-top: .75rem; }
  button.secondary { background: #fff; color: #1f2328; border-color: #d0d7de; }
  .notice { border-left: 4px solid #1f6feb; }
  .error { border-left: 4px solid #cf222e; }
  .done { border-left: 4px solid #1a7f37; }
  footer { font-size: .85rem; color: #57606a; }
`;

export interface DebtorPage {
  lang: DebtorLanguage;
  title: string;
  /** The lender's name, which heads the page. */
  lender: string;
  body: SafeHtml;
  footer?: SafeHtml;
}

/** A whole document: the page is the debtor's alone, so it is neither cached nor indexed. */
export function renderDebtorPage({ lang, title, lender, body, footer }: DebtorPage): string {
  return `<!doctype html>${html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
<header>${lender}</header>
<h1>${title}</h1>
${body}
${footer ? html`<footer>${footer}</footer>` : ''}
</main>
</body>
</html>`}`;
}

/** The headers every debtor page is sent with: private, never cached, never in a referrer. */
export const DEBTOR_PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
};

/** Answers with a whole debtor page. */
export function sendDebtorPage(res: Response, status: number, page: string): void {
  res.status(status).set(DEBTOR_PAGE_HEADERS).send(page);
}

/** Why a request from a debtor's link cannot be acted on. */
export type RefusalKind = 'expired' | 'invalid' | 'busy';

const REFUSAL_WORDS: Record<RefusalKind, { status: number; zh: [string, string]; en: [string, string] }> = {
  expired: { status: 410, zh: ['链接已过期', '此链接已过期。请使用最新消息中的链接。'], en: ['This link has expired', 'Please use the link in our latest message.'] },
  invalid: { status: 400, zh: ['链接无效', '此链接无效。请使用我们消息中的完整链接，不要修改。'], en: ['This link is not valid', 'Please use the whole link from our message, unchanged.'] },
  busy: { status: 429, zh: ['请稍后再试', '请求过多。请一分钟后再试。'], en: ['Try again later', 'Too many requests. Please try again in a minute.'] },
};

/**
 * The page for a link we cannot act on, in both languages: a link that fails its
 * check names no debtor whose language we may trust. `status` overrides the
 * kind's own (404 for a genuine link whose loan or case is gone).
 */
export function sendRefusal(res: Response, lender: string, kind: RefusalKind, status = REFUSAL_WORDS[kind].status): void {
  const { zh, en } = REFUSAL_WORDS[kind];
  const body = html`<section class="error" role="alert"><p lang="zh-CN">${zh[1]}</p><p lang="en">${en[0]}. ${en[1]}</p></section>`;
  sendDebtorPage(res, status, renderDebtorPage({ lang: 'zh-CN', title: `${zh[0]} / ${en[0]}`, lender, body }));
}

/** The refusal for a link that failed its check (expired, or tampered and malformed alike), or undefined for any other error. */
export function linkRefusalOf(error: unknown): RefusalKind | undefined {
  if (!(error instanceof DebtorLinkError)) return undefined;
  return error.refusal === 'expired' ? 'expired' : 'invalid';
}
