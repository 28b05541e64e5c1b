// The e-mail client over SMTP against the sandbox's SMTP server: what arrives,
// one message per Message-ID, and how SMTP's answers map to retrying or falling back.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EmailSmtpClient, messageIdFor } from '../../src/integrations/email/client';
import type { EmailSendRequest } from '../../src/integrations/email/types';
import type { ReceivedEmail } from '../../src/integrations/sandbox/state';
import { providerError, startHarness, type Harness } from './harness';

let harness: Harness;
let email: EmailSmtpClient;

const FROM = 'collections@bank.example';

beforeAll(async () => {
  harness = await startHarness();
  email = new EmailSmtpClient({ url: harness.smtpUrl, fromAddress: FROM, timeoutMs: 2000 });
});
afterAll(async () => {
  email.close();
  await harness.close();
});
beforeEach(() => harness.control('POST', '/reset'));

const TO = 'zhang.san@example.cn';

function reminder(idempotencyKey: string, overrides: Partial<EmailSendRequest> = {}): EmailSendRequest {
  return {
    idempotencyKey,
    to: TO,
    fromName: 'Example Bank',
    subject: 'Example Bank：关于您账户的消息',
    text: '张三您好：\n\n逾期金额：¥1,200.00\n',
    html: '<p>张三您好：</p><p>逾期金额：¥1,200.00</p>',
    unsubscribeUrl: 'https://pay.example.com/opt-out/abc.def',
    ...overrides,
  };
}

async function received(query = ''): Promise<ReceivedEmail[]> {
  const response = await harness.control('GET', `/email/messages${query}`);
  return ((await response.json()) as { messages: ReceivedEmail[] }).messages;
}

test('a message goes over SMTP with its bodies, its unsubscribe headers and a Message-ID from the idempotency key', async () => {
  const accepted = await email.send(reminder('case-L1:1'));

  const messageId = messageIdFor('case-L1:1', FROM);
  expect(messageId).toMatch(/^<[0-9a-f]{32}@bank\.example>$/);
  expect(accepted).toEqual({ providerMessageId: messageId, status: 'accepted' });
  const [message] = await received();
  expect(message).toMatchObject({
    messageId,
    from: '"Example Bank" <collections@bank.example>',
    to: [TO],
    subject: 'Example Bank：关于您账户的消息',
    text: '张三您好：\n\n逾期金额：¥1,200.00\n',
    html: '<p>张三您好：</p><p>逾期金额：¥1,200.00</p>',
  });
  expect(message.headers['list-unsubscribe']).toBe('<https://pay.example.com/opt-out/abc.def>');
  expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  expect(message.headers['message-id']).toBe(messageId);
});

test('the same idempotency key twice sends the same Message-ID, and the sandbox keeps one message', async () => {
  const first = await email.send(reminder('case-L1:2'));
  const second = await email.send(reminder('case-L1:2'));

  expect(second.providerMessageId).toBe(first.providerMessageId);
  expect(await harness.sentCount('email')).toBe(1);
  expect((await email.send(reminder('case-L1:3'))).providerMessageId).not.toBe(first.providerMessageId);
  expect(await harness.sentCount('email')).toBe(2);
});

test('a bounce (550 at RCPT TO) is MAILBOX_UNAVAILABLE, not worth retrying, and names no address', async () => {
  expect((await harness.control('POST', '/email/bounces', { address: TO })).status).toBe(201);

  const err = await providerError(email.send(reminder('case-L1:4')));
  expect(err).toMatchObject({ channel: 'email', code: 'MAILBOX_UNAVAILABLE', retryable: false });
  expect(err.message).not.toContain(TO);
  expect(await harness.sentCount('email')).toBe(0);

  // The bounce was for one message: the next one to the address arrives, and other addresses never bounced.
  await email.send(reminder('case-L1:5', { to: 'li.si@example.cn' }));
  await email.send(reminder('case-L1:4'));
  expect((await received(`?to=${TO}`)).map((message) => message.to)).toEqual([[TO]]);
});

test('a temporary refusal (4xx) is worth retrying', async () => {
  await harness.control('POST', '/email/bounces', { address: TO, reply: 451 });

  expect(await providerError(email.send(reminder('case-L1:6')))).toMatchObject({ code: 'SMTP_TEMPORARY_FAILURE', retryable: true });
  await email.send(reminder('case-L1:6'));
  expect(await harness.sentCount('email')).toBe(1);
});

test('a relay nobody listens on is a retryable NETWORK_ERROR', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));

  const nowhere = new EmailSmtpClient({ url: `smtp://127.0.0.1:${port}`, fromAddress: FROM, timeoutMs: 2000 });
  expect(await providerError(nowhere.send(reminder('case-L1:7')))).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
});

test('a relay that never greets is a retryable TIMEOUT', async () => {
  const silent: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  try {
    const stuck = new EmailSmtpClient({ url: `smtp://127.0.0.1:${port}`, fromAddress: FROM, timeoutMs: 300 });
    expect(await providerError(stuck.send(reminder('case-L1:8')))).toMatchObject({ code: 'TIMEOUT', retryable: true });
  } finally {
    silent.close();
  }
});

test('e-mail faults are bounces: the HTTP fault API refuses e-mail and says where to go', async () => {
  const response = await harness.control('POST', '/faults', { channel: 'email', mode: '5xx' });

  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: { code: 'INVALID_REQUEST', message: expect.stringContaining('channel') } });
});
