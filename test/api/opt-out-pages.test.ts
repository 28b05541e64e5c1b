// The page behind the opt-out link in every message, on the real API and FerretDB:
// it speaks the debtor's language, records the scope the debtor picks once (the first
// record stands), answers a mail client's one-click (RFC 8058) for the link's channel,
// and refuses an expired, tampered or malformed link in both languages with nothing
// recorded. The opt-out is the debtor's, so another loan of theirs shows it too.
import request from 'supertest';
import { optOutRegistry } from '../../src/db/opt-outs';
import { createDebtorLinks } from '../../src/security/debtor-links';
import { testApi, testApiConfig, unconnectedClient } from '../support/api';
import { bookLoans } from '../support/channels';
import { overdueLoan, usLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
const links = createDebtorLinks(testApiConfig());
const registry = () => optOutRegistry(suite.db.connection);

const cnLoan = (loanId: string, debtorRef = `debtor-${loanId}`) => {
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 5 });
  return { ...loan, debtor: { ...loan.debtor, debtorRef } };
};
const link = (loanId: string, channel = 'email', extra: { expiresAtMs?: number } = {}) =>
  links.sign({ purpose: 'opt-out', caseId: `case-${loanId}`, loanId, channel, messageKey: `case-${loanId}:3`, ...extra });

const page = (token: string) => request(suite.api.app).get(`/opt-out/${token}`);
const answer = (token: string, body: string) => request(suite.api.app).post(`/opt-out/${token}`).type('form').send(body);

test('the page says which messages the debtor gets, in English or Chinese, and offers the two choices; opening it records nothing', async () => {
  await bookLoans(suite.db.connection, [usLoan({ loanId: 'page-en', nowMs: Date.now(), daysPastDue: 5 }), cnLoan('page-zh')]);

  const english = await page(link('page-en', 'email'));
  expect(english.status).toBe(200);
  expect(english.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' });
  expect(english.text).toContain('<html lang="en">');
  expect(english.text).toContain('sends you reminders about your loan by e-mail');
  expect(english.text).toContain('<button type="submit" name="scope" value="channel">Stop e-mail</button>');
  expect(english.text).toContain('value="all-electronic" class="secondary">Stop all electronic messages</button>');
  expect(english.text).toMatch(/<form method="post" action="[A-Za-z0-9_.-]+">/);
  expect(english.text).not.toContain('<script');

  const chinese = await page(link('page-zh', 'app-push'));
  expect(chinese.status).toBe(200);
  expect(chinese.text).toContain('<html lang="zh-CN">');
  expect(chinese.text).toContain('通过App 推送通知向您发送贷款还款提醒');
  expect(chinese.text).toContain('>退订App 推送通知</button>');
  expect(chinese.text).toContain('>退订所有电子消息</button>');

  expect(await registry().of('debtor-page-en')).toEqual([]);
  expect(await registry().of('debtor-page-zh')).toEqual([]);
});

test('the form records the scope the debtor picks, once: asking again keeps the first record', async () => {
  await bookLoans(suite.db.connection, [usLoan({ loanId: 'form-1', nowMs: Date.now(), daysPastDue: 5 })]);
  const token = link('form-1', 'email');

  const stopped = await answer(token, 'scope=channel');
  expect(stopped.status).toBe(200);
  expect(stopped.text).toContain('Messages stopped');
  expect(stopped.text).toContain('will send you no more e-mail.');
  const [first] = await registry().of('debtor-form-1');
  expect(first).toEqual({
    scope: 'email',
    at: expect.any(Date),
    method: 'link-page',
    caseId: 'case-form-1',
    loanId: 'form-1',
    messageKey: 'case-form-1:3',
    actor: 'debtor',
  });

  const again = await answer(token, 'scope=channel');
  expect(again.status).toBe(200);
  expect(again.text).toContain('You had already asked for this on');
  expect(await registry().of('debtor-form-1')).toEqual([first]);

  // The page now says what is stopped, and offers only the rest.
  const reopened = await page(token);
  expect(reopened.text).toContain('You have stopped:');
  expect(reopened.text).not.toContain('value="channel"');

  const all = await answer(token, 'scope=all-electronic');
  expect(all.text).toContain('will send you no more all electronic messages');
  expect((await registry().of('debtor-form-1')).map((optOut) => [optOut.scope, optOut.method])).toEqual([
    ['email', 'link-page'],
    ['all-electronic', 'link-page'],
  ]);
});

test('a mail client one-click (RFC 8058) stops the link channel and answers 200, with no cookie or sign-in; twice at once records it once', async () => {
  await bookLoans(suite.db.connection, [cnLoan('one-click-1')]);
  const oneClick = () =>
    request(suite.api.app).post(`/opt-out/${link('one-click-1', 'email')}`).set('Content-Type', 'application/x-www-form-urlencoded').send('List-Unsubscribe=One-Click');
  const responses = await Promise.all([oneClick(), oneClick()]);
  for (const response of responses) {
    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  }
  expect(responses.filter((response) => response.text.includes('您已于')).length).toBe(1);
  expect(await registry().of('debtor-one-click-1')).toEqual([expect.objectContaining({ scope: 'email', method: 'one-click', messageKey: 'case-one-click-1:3' })]);
});

test('a one-click sent as multipart/form-data, as RFC 8058 prefers, stops the link channel too', async () => {
  await bookLoans(suite.db.connection, [cnLoan('one-click-2')]);
  const response = await request(suite.api.app).post(`/opt-out/${link('one-click-2', 'app-push')}`).field('List-Unsubscribe', 'One-Click');
  expect(response.status).toBe(200);
  expect(await registry().of('debtor-one-click-2')).toEqual([expect.objectContaining({ scope: 'app-push', method: 'one-click' })]);
  // Another field of that name is not a one-click.
  await bookLoans(suite.db.connection, [cnLoan('one-click-3')]);
  expect((await request(suite.api.app).post(`/opt-out/${link('one-click-3')}`).field('List-Unsubscribe', 'Maybe')).status).toBe(400);
  expect(await registry().of('debtor-one-click-3')).toEqual([]);
});

test("an opt-out is the debtor's: another loan of theirs shows it", async () => {
  await bookLoans(suite.db.connection, [cnLoan('shared-1', 'debtor-shared'), cnLoan('shared-2', 'debtor-shared')]);
  await answer(link('shared-1', 'im'), 'scope=channel').expect(200);
  const other = await page(link('shared-2', 'email'));
  expect(other.text).toContain('您已退订：');
  expect(other.text).toContain('即时通讯消息（自');
});

test('an answer without a scope gets the page again, 400, with nothing recorded', async () => {
  await bookLoans(suite.db.connection, [usLoan({ loanId: 'no-scope-1', nowMs: Date.now(), daysPastDue: 5 })]);
  const response = await answer(link('no-scope-1'), 'scope=everything');
  expect(response.status).toBe(400);
  expect(response.text).toContain('Choose one of the two buttons.');
  expect(await registry().of('debtor-no-scope-1')).toEqual([]);
});

test('an expired, tampered, malformed or payment link is refused in both languages, and nothing is recorded', async () => {
  await bookLoans(suite.db.connection, [cnLoan('refused-1')]);
  const expired = link('refused-1', 'email', { expiresAtMs: Date.now() - 1000 });
  const genuine = link('refused-1', 'email');
  // One character of the signed body changed: another case, say, under the same signature.
  const tampered = `${genuine.slice(0, 5)}${genuine[5] === 'A' ? 'B' : 'A'}${genuine.slice(6)}`;
  const payment = links.sign({ purpose: 'pay', caseId: 'case-refused-1', loanId: 'refused-1' });

  for (const [token, status, words] of [
    [expired, 410, ['此链接已过期', 'This link has expired']],
    [tampered, 400, ['此链接无效', 'This link is not valid']],
    ['not-a-token', 400, ['此链接无效', 'This link is not valid']],
    [payment, 400, ['此链接无效', 'This link is not valid']],
  ] as const) {
    for (const response of [await page(token), await answer(token, 'scope=channel'), await answer(token, 'List-Unsubscribe=One-Click')]) {
      expect(response.status).toBe(status);
      expect(response.headers['cache-control']).toBe('no-store');
      for (const word of words) expect(response.text).toContain(word);
    }
  }
  expect(await registry().of('debtor-refused-1')).toEqual([]);
});

test('the pages take API_RATE_LIMIT requests a minute from one address, then say in both languages to wait', async () => {
  const limited = await testApi(unconnectedClient(), suite.db.connection, { API_RATE_LIMIT: '2' });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await request(limited.app).get('/opt-out/not-a-token')).status);
  expect(statuses).toEqual([400, 400, 429]);
  const refused = await request(limited.app).post('/opt-out/not-a-token').type('form').send('List-Unsubscribe=One-Click');
  expect(refused.status).toBe(429);
  expect(refused.text).toContain('请求过多');
  expect(refused.text).toContain('Too many requests');
});
