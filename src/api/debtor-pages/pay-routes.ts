// The payment page a message's link opens, at the app's top level, with no sign-in:
// the signed token in the path is the debtor's only credential, so an expired,
// tampered or malformed one gets a page that says so and nothing else happens.
//
//   GET  /pay/:token                          the account and the forms
//   POST /pay/:token/payments                 pay; answers 303 to the payment's own page
//   GET  /pay/:token/payments/:submission     the payment's outcome, waited for a bounded time
//   POST /pay/:token/promises                 promise to pay an amount by a date
//   POST /pay/:token/plan-acceptances         accept the repayment plan proposed
import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { CaseCommandError } from '../../cases/case-commands';
import {
  paymentPageFacts,
  PaymentPageGoneError,
  planAcceptedByDebtor,
  promiseFromDebtor,
  selfServicePaymentOutcome,
  selfServicePaymentStarted,
  startSelfServicePayment,
  type PaymentPageFacts,
} from '../../cases/self-service';
import { amountRefusal, promiseDateRefusal, SUBMISSION_ID_PATTERN } from '../../domain';
import { DebtorLinkError, LINK_PATHS, type DebtorLinks } from '../../security/debtor-links';
import type { ApiContext } from '../context';
import { formatCalendarDate, formatMoney } from '../../domain/formatting';
import { parseAmount } from './money';
import { linkRefusalOf, sendDebtorPage, sendRefusal } from './page';
import { langOf, renderAnswerPage, renderPaymentOutcome, renderPayPage, type FormRefusal, type PayPageContext } from './pay-page';
import { PAY_WORDS, type PageRefusal } from './pay-words';

/** How long the page waits for a payment's outcome before it says the payment is processing. */
export const PAYMENT_OUTCOME_WAIT_MS = 10_000;

type Form = Record<string, string | undefined>;

const send = sendDebtorPage;

/** `links` is made at the first request, as for the opt-out pages, so an API without DEBTOR_LINK_SECRET serves everything else. */
export function payPageRoutes(context: ApiContext, links: () => DebtorLinks, options: { outcomeWaitMs?: number } = {}): Router {
  const router = Router();
  const { config } = context;
  const lender = config.LENDER_NAME;
  const base = LINK_PATHS.pay;

  router.use(
    base,
    rateLimit({ windowMs: 60_000, limit: config.API_RATE_LIMIT, standardHeaders: 'draft-8', legacyHeaders: false }),
    express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 }),
  );

  /** The page's context for the token in the path, or undefined after answering with the refusal. */
  async function open(req: Request, res: Response): Promise<PayPageContext | undefined> {
    const token = String(req.params.token);
    try {
      const link = links().verify(token);
      if (link.purpose !== 'pay') throw new DebtorLinkError('malformed');
      return { facts: await paymentPageFacts(context, link), lender, base: `${base}/${token}` };
    } catch (error) {
      const refusal = linkRefusalOf(error);
      if (refusal) sendRefusal(res, lender, refusal);
      else if (error instanceof PaymentPageGoneError) sendRefusal(res, lender, 'invalid', 404);
      else throw error;
      return undefined;
    }
  }

  const refuse = (res: Response, page: PayPageContext, form: FormRefusal['form'], refusal: PageRefusal) =>
    send(res, 422, renderPayPage(page, { form, refusal }));

  router.get(`${base}/:token`, async (req, res) => {
    const page = await open(req, res);
    if (page) send(res, 200, renderPayPage(page));
  });

  router.post(`${base}/:token/payments`, async (req, res) => {
    const page = await open(req, res);
    if (!page) return;
    const { facts } = page;
    const form = (req.body ?? {}) as Form;
    const submission = form.submission ?? '';
    const outcomePath = `${page.base}/payments/${submission}`;
    if (!SUBMISSION_ID_PATTERN.test(submission)) return refuse(res, page, 'pay', 'choice-invalid');
    if (await selfServicePaymentStarted(context, facts.caseId, submission)) return res.redirect(303, outcomePath);
    if (!facts.payable) return send(res, 409, renderPayPage(page));
    const amount = amountChosen(facts, form);
    if (amount === undefined) return refuse(res, page, 'pay', 'choice-invalid');
    const amountRefused = amountRefusal(amount, facts.balance);
    if (amountRefused) return refuse(res, page, 'pay', amountRefused);
    const card = (form.card ?? '').replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(card)) return refuse(res, page, 'pay', 'card-invalid');
    await startSelfServicePayment(
      context,
      { caseId: facts.caseId, loanId: facts.loanId, amount, currency: facts.currency, date: facts.today, method: { type: 'card', number: card } },
      submission,
    );
    res.redirect(303, outcomePath);
  });

  router.get(`${base}/:token/payments/:submission`, async (req, res) => {
    const page = await open(req, res);
    if (!page) return;
    const submission = String(req.params.submission);
    const outcome = SUBMISSION_ID_PATTERN.test(submission)
      ? await selfServicePaymentOutcome(context, page.facts.caseId, submission, options.outcomeWaitMs ?? PAYMENT_OUTCOME_WAIT_MS)
      : ({ status: 'not-found' } as const);
    const status = outcome.status === 'not-found' ? 404 : outcome.status === 'processing' ? 202 : 200;
    send(res, status, renderPaymentOutcome(page, outcome, `${page.base}/payments/${submission}`));
  });

  router.post(`${base}/:token/promises`, async (req, res) => {
    const page = await open(req, res);
    if (!page) return;
    const { facts } = page;
    if (!facts.payable) return send(res, 409, renderPayPage(page));
    const form = (req.body ?? {}) as Form;
    const submission = form.submission ?? '';
    if (!SUBMISSION_ID_PATTERN.test(submission)) return refuse(res, page, 'promise', 'amount-invalid');
    const amount = parseAmount(form.amount ?? '', facts.currency) ?? 0;
    const amountRefused = amountRefusal(amount, facts.balance);
    if (amountRefused) return refuse(res, page, 'promise', amountRefused);
    const date = form.date ?? '';
    const dateRefused = promiseDateRefusal(date, facts.today);
    if (dateRefused) return refuse(res, page, 'promise', dateRefused);
    const lang = langOf(facts);
    const words = PAY_WORDS[lang];
    try {
      await promiseFromDebtor(context, facts.caseId, { amount, date }, submission);
      send(res, 200, renderAnswerPage(page, words.promiseTitle, 'done', [words.promised(formatMoney(amount, facts.currency, lang), formatCalendarDate(date, lang))]));
    } catch (error) {
      if (!(error instanceof CaseCommandError)) throw error;
      send(res, 409, renderAnswerPage(page, words.promiseTitle, 'error', [commandRefusal(facts, error)]));
    }
  });

  router.post(`${base}/:token/plan-acceptances`, async (req, res) => {
    const page = await open(req, res);
    if (!page) return;
    const { facts } = page;
    const words = PAY_WORDS[langOf(facts)];
    const submission = ((req.body ?? {}) as Form).submission ?? '';
    if (!facts.payable || !SUBMISSION_ID_PATTERN.test(submission)) return send(res, 409, renderPayPage(page));
    try {
      await planAcceptedByDebtor(context, facts.caseId, submission);
      send(res, 200, renderAnswerPage(page, words.planTitle, 'done', [words.planAccepted]));
    } catch (error) {
      if (!(error instanceof CaseCommandError)) throw error;
      send(res, 409, renderAnswerPage(page, words.planTitle, 'error', [words.commandRefused]));
    }
  });

  return router;
}

/** Minor units the payment form asks for: the past-due amount, the balance, or the amount typed. */
function amountChosen(facts: PaymentPageFacts, form: Form): number | undefined {
  if (form.choice === 'past-due') return facts.pastDue > 0 ? facts.pastDue : undefined;
  if (form.choice === 'balance') return facts.balance;
  if (form.choice === 'other') return parseAmount(form.amount ?? '', facts.currency) ?? 0;
  return undefined;
}

/** What the debtor reads when the case does not take the promise: the open one it has, or try later. */
function commandRefusal(facts: PaymentPageFacts, error: CaseCommandError): string {
  const lang = langOf(facts);
  const words = PAY_WORDS[lang];
  if (error.reason === 'PROMISE_OPEN' && facts.openPromise) {
    return words.promiseOpen(formatMoney(facts.openPromise.amount, facts.currency, lang), formatCalendarDate(facts.openPromise.date, lang));
  }
  return words.commandRefused;
}
