// A debtor's reply to one of our text messages, posted by the SMS provider: the
// reply is kept once, read for the overdue reason it names, and the case records
// that reason with the debtor as its source; what the default strategy says the
// reason does follows (a death holds the case). A reply naming nothing is kept
// and noted; a reply to a message we never sent is 404; only a provider posts.
import request from 'supertest';
import type { ActionRequest, ActionResult } from '../../src/domain';
import { debtorReplies } from '../../src/db/debtor-replies';
import { optOutRegistry } from '../../src/db/opt-outs';
import { isStopReply } from '../../src/cases/debtor-replies';
import { noonZone } from '../support/api';
import { overdueLoan } from '../support/loans';
import { apiSuite } from '../support/suites';

const suite = apiSuite();

/** Opens a case at DPD 12: its DPD-7 step sends an SMS; answers with the case id and that message's key. */
async function caseWithSms(loanId: string): Promise<{ caseId: string; smsKey: string }> {
  const loan = overdueLoan({ loanId, nowMs: Date.now(), daysPastDue: 12, timeZone: noonZone() });
  await suite.api.as('supervisor').put(`/v1/loans/${loanId}`).send({ loan, contact: { name: '王芳', phone: '+8613912345670' } }).expect(201);
  const opened = await suite.api.as('supervisor').post('/v1/cases').send({ loanId });
  expect(opened.status).toBe(201);
  const sms = await suite.observed.finish<ActionRequest>('performAction', ({ input, output }) => input.loanId === loanId && input.channel === 'sms' && (output as ActionResult).status === 'sent');
  return { caseId: opened.body.case.caseId, smsKey: sms.input.idempotencyKey };
}

const reply = (body: object) => suite.api.as('provider').post('/v1/channels/sms/replies').send(body);
const receivedAt = () => new Date(Date.now()).toISOString();

test("a reply naming a reason is recorded on the case with the debtor as its source, once; a reply naming none is kept and noted", async () => {
  const { caseId, smsKey } = await caseWithSms('sms-reply-1');

  const unknown = await reply({ messageId: 'in-1', inReplyTo: smsKey, text: 'who is this?', receivedAt: receivedAt() });
  expect(unknown.status).toBe(200);
  expect(unknown.body).toEqual({ caseId, loanId: 'sms-reply-1', reason: null, duplicate: false, caseNotified: true });
  expect(await debtorReplies(suite.db.connection).get('sms:in-1')).toMatchObject({ text: 'who is this?', caseId, inReplyTo: smsKey });

  const named = await reply({ messageId: 'in-2', inReplyTo: smsKey, text: '我失业了，下个月再还', receivedAt: receivedAt() });
  expect(named.body).toMatchObject({ reason: { code: 'income-drop', matched: '失业' }, duplicate: false, caseNotified: true });
  const again = await reply({ messageId: 'in-2', inReplyTo: smsKey, text: '我失业了，下个月再还', receivedAt: receivedAt() });
  expect(again.body).toMatchObject({ reason: { code: 'income-drop', matched: '失业' }, duplicate: true });

  const detail = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
  expect(detail.overdueReasons).toEqual([
    { code: 'income-drop', note: 'replied "失业"', actor: 'debtor:sms', source: 'debtor', channel: 'sms', at: expect.any(String) },
  ]);
  const events = detail.recentEvents.map((event: { reason: string }) => event.reason);
  expect(events).toContain('the debtor replied by sms (sms:in-1); the reply names no overdue reason');
});

test('a reply saying the debtor died puts the deceased hold on the case', async () => {
  const { caseId, smsKey } = await caseWithSms('sms-reply-2');
  const answered = await reply({ messageId: 'in-3', inReplyTo: smsKey, text: 'My father passed away last month', receivedAt: receivedAt() });
  expect(answered.body).toMatchObject({ reason: { code: 'deceased', matched: 'passed away' }, caseNotified: true });
  const detail = (await suite.api.as('supervisor').get(`/v1/cases/${caseId}`).expect(200)).body.case;
  expect(detail.holds).toEqual([expect.objectContaining({ kind: 'deceased', actor: 'debtor:sms' })]);
});

test('a reply to no message of ours is 404, a body without its fields is 422 by path, and only a provider posts', async () => {
  const { smsKey } = await caseWithSms('sms-reply-3');
  const stranger = await reply({ messageId: 'in-9', inReplyTo: 'case-nobody:1', text: '1', receivedAt: receivedAt() });
  expect(stranger.status).toBe(404);
  expect(stranger.body.error).toMatchObject({ code: 'MESSAGE_NOT_FOUND', message: 'No text message went out under case-nobody:1: a reply answers one of ours' });
  const incomplete = await reply({ inReplyTo: smsKey, text: '1' });
  expect(incomplete.status).toBe(422);
  expect(incomplete.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['body.messageId', 'body.receivedAt']);
  expect((await request(suite.api.app).post('/v1/channels/sms/replies').send({})).status).toBe(401);
  for (const role of ['supervisor', 'agent', 'agency'] as const) {
    expect((await suite.api.as(role).post('/v1/channels/sms/replies').send({ messageId: 'in-8', inReplyTo: smsKey, text: '1', receivedAt: receivedAt() })).status).toBe(403);
  }
});

test("a reply of STOP, TD or 退订 is the debtor's opt-out of text messages, recorded once; other words are not", async () => {
  const { caseId, smsKey } = await caseWithSms('sms-reply-4');
  const chatty = await reply({ messageId: 'in-10', inReplyTo: smsKey, text: 'please stop calling me at work', receivedAt: receivedAt() });
  expect(chatty.body.smsOptOut).toBeUndefined();
  expect(await optOutRegistry(suite.db.connection).of('debtor-sms-reply-4')).toEqual([]);

  const stop = await reply({ messageId: 'in-11', inReplyTo: smsKey, text: ' Stop. ', receivedAt: receivedAt() });
  expect(stop.status).toBe(200);
  expect(stop.body).toMatchObject({ caseId, reason: null, smsOptOut: { at: expect.any(String), recorded: true } });
  const again = await reply({ messageId: 'in-12', inReplyTo: smsKey, text: '退订', receivedAt: receivedAt() });
  expect(again.body.smsOptOut).toEqual({ at: stop.body.smsOptOut.at, recorded: false });
  expect(await optOutRegistry(suite.db.connection).of('debtor-sms-reply-4')).toEqual([
    expect.objectContaining({ scope: 'sms', method: 'sms-reply', messageKey: smsKey, caseId, loanId: 'sms-reply-4', actor: 'debtor' }),
  ]);
  expect((await suite.api.as('supervisor').get(`/v1/cases/${caseId}`)).body.optOuts).toEqual([expect.objectContaining({ scope: 'sms', method: 'sms-reply' })]);

  for (const word of ['STOP', 'td', 'TD!', '退订。']) expect(isStopReply(word)).toBe(true);
  for (const words of ['stop calling', '不要退订', 'T D', '']) expect(isStopReply(words)).toBe(false);
});
