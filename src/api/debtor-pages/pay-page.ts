// The payment page's HTML: the account (past due, balance), the forms (pay,
// promise, accept a proposed plan), each carrying its own submission id, and the
// pages that answer them. No contact detail of the debtor appears anywhere.
import { randomUUID } from 'node:crypto';
import type { PaymentPageFacts, SelfServicePaymentOutcome } from '../../cases/self-service';
import { lastPromiseDate } from '../../domain';
import { formatCalendarDate, formatMoney } from '../../domain/formatting';
import { amountField } from './money';
import { html, languageOf, renderDebtorPage, type DebtorLanguage, type SafeHtml } from './page';
import { DECLINE_REASONS, PAY_WORDS, type PageRefusal } from './pay-words';

export interface PayPageContext {
  facts: PaymentPageFacts;
  lender: string;
  /** The page's own path, /pay/<token>: the forms post under it. */
  base: string;
}

/** A refusal of what the debtor sent, shown above the form it came from. */
export interface FormRefusal {
  form: 'pay' | 'promise';
  refusal: PageRefusal;
}

export const langOf = (facts: PaymentPageFacts): DebtorLanguage => languageOf(facts.locale);

function money(context: PayPageContext, minor: number): string {
  return formatMoney(minor, context.facts.currency, langOf(context.facts));
}

function refusalNotice(context: PayPageContext, refusal: FormRefusal | undefined, form: FormRefusal['form']): SafeHtml | '' {
  if (refusal?.form !== form) return '';
  const lang = langOf(context.facts);
  const last = formatCalendarDate(lastPromiseDate(context.facts.today), lang);
  return html`<p class="error" role="alert">${PAY_WORDS[lang].refusals[refusal.refusal]({ balance: money(context, context.facts.balance), last })}</p>`;
}

function payForm(context: PayPageContext, refusal?: FormRefusal): SafeHtml {
  const { facts, base } = context;
  const words = PAY_WORDS[langOf(facts)];
  const choice = (value: string, label: string, checked: boolean) =>
    html`<label><input type="radio" name="choice" value="${value}"${checked ? html` checked` : ''}> ${label}</label>`;
  return html`<section aria-labelledby="pay-title">
<h2 id="pay-title">${words.payTitle}</h2>
${refusalNotice(context, refusal, 'pay')}
<form method="post" action="${base}/payments" aria-labelledby="pay-title">
<input type="hidden" name="submission" value="${randomUUID()}">
<fieldset><legend>${words.payChoice}</legend>
${facts.pastDue > 0 ? choice('past-due', `${words.payPastDue} ${money(context, facts.pastDue)}`, true) : ''}
${choice('balance', `${words.payBalance} ${money(context, facts.balance)}`, facts.pastDue === 0)}
${choice('other', words.payOther, false)}
<label for="other-amount">${words.otherAmount}</label>
<input id="other-amount" name="amount" inputmode="decimal" autocomplete="off" placeholder="${amountField(facts.currency, facts.pastDue || facts.balance)}">
</fieldset>
<label for="card-number">${words.card}</label>
<input id="card-number" name="card" inputmode="numeric" autocomplete="cc-number" required>
<button type="submit">${words.payButton}</button>
</form>
</section>`;
}

function promiseForm(context: PayPageContext, refusal?: FormRefusal): SafeHtml {
  const { facts, base } = context;
  const lang = langOf(facts);
  const words = PAY_WORDS[lang];
  if (facts.openPromise) {
    return html`<section class="notice" aria-labelledby="promise-title"><h2 id="promise-title">${words.promiseTitle}</h2>
<p>${words.promiseOpen(money(context, facts.openPromise.amount), formatCalendarDate(facts.openPromise.date, lang))}</p></section>`;
  }
  const last = lastPromiseDate(facts.today);
  return html`<section aria-labelledby="promise-title">
<h2 id="promise-title">${words.promiseTitle}</h2>
${refusalNotice(context, refusal, 'promise')}
<form method="post" action="${base}/promises" aria-labelledby="promise-title">
<input type="hidden" name="submission" value="${randomUUID()}">
<label for="promise-amount">${words.promiseAmount}</label>
<input id="promise-amount" name="amount" inputmode="decimal" autocomplete="off" required value="${amountField(facts.currency, facts.pastDue || facts.balance)}">
<label for="promise-date">${words.promiseDate}</label>
<input id="promise-date" name="date" type="date" min="${facts.today}" max="${last}" required>
<p>${words.promiseWindow(formatCalendarDate(facts.today, lang), formatCalendarDate(last, lang))}</p>
<button type="submit">${words.promiseButton}</button>
</form>
</section>`;
}

function planForm(context: PayPageContext): SafeHtml | '' {
  const { facts, base } = context;
  const plan = facts.proposedPlan;
  if (!plan) return '';
  const lang = langOf(facts);
  const words = PAY_WORDS[lang];
  return html`<section aria-labelledby="plan-title">
<h2 id="plan-title">${words.planTitle}</h2>
<p>${words.planIntro(money(context, plan.total), plan.payments.length)}</p>
<ol>${plan.payments.map((payment) => html`<li>${words.planPayment(payment.seq, formatCalendarDate(payment.dueDate, lang), money(context, payment.amount))}</li>`)}</ol>
<form method="post" action="${base}/plan-acceptances" aria-labelledby="plan-title">
<input type="hidden" name="submission" value="${randomUUID()}">
<button type="submit">${words.planButton}</button>
</form>
</section>`;
}

/** The page a link opens: the account and what the debtor may do about it. */
export function renderPayPage(context: PayPageContext, refusal?: FormRefusal): string {
  const { facts } = context;
  const words = PAY_WORDS[langOf(facts)];
  const account = html`<section aria-label="${words.title}"><dl>
<dt>${words.pastDue}</dt><dd>${money(context, facts.pastDue)}</dd>
<dt>${words.balance}</dt><dd>${money(context, facts.balance)}</dd>
</dl></section>`;
  const body = facts.payable
    ? html`${account}${planForm(context)}${payForm(context, refusal)}${promiseForm(context, refusal)}`
    : html`${account}<section class="done"><p>${words.nothingToPay}</p></section>`;
  return renderDebtorPage({ lang: langOf(facts), title: words.title, lender: context.lender, body });
}

/** A page that answers a form: a sentence or two, and the way back to the account. */
export function renderAnswerPage(context: PayPageContext, title: string, tone: 'done' | 'notice' | 'error', lines: (string | SafeHtml)[]): string {
  const words = PAY_WORDS[langOf(context.facts)];
  const body = html`<section class="${tone}" role="status">${lines.map((line) => html`<p>${line}</p>`)}</section>
<p><a href="${context.base}">${words.back}</a></p>`;
  return renderDebtorPage({ lang: langOf(context.facts), title, lender: context.lender, body });
}

/** The answer to a payment: paid, declined with the reason, or still processing with a link to look again. */
export function renderPaymentOutcome(context: PayPageContext, outcome: SelfServicePaymentOutcome, selfPath: string): string {
  const words = PAY_WORDS[langOf(context.facts)];
  switch (outcome.status) {
    case 'paid':
      return renderAnswerPage(context, words.paidTitle, 'done', [
        words.paid(money(context, outcome.amount)),
        words.remaining(money(context, outcome.outstanding)),
        words.paymentReference(outcome.chargeId),
      ]);
    case 'declined': {
      const reason = (DECLINE_REASONS as readonly string[]).includes(outcome.reason) ? (outcome.reason as (typeof DECLINE_REASONS)[number]) : 'other';
      return renderAnswerPage(context, words.declinedTitle, 'error', [words.declined(money(context, outcome.amount)), words.declineReasons[reason]]);
    }
    case 'failed':
      return renderAnswerPage(context, words.declinedTitle, 'error', [words.failed]);
    case 'processing':
      return renderAnswerPage(context, words.processingTitle, 'notice', [words.processing, html`<a href="${selfPath}">${words.reload}</a>`]);
    case 'not-found':
      return renderAnswerPage(context, words.title, 'error', [words.unknownPayment]);
  }
}

