// The app-push and messaging clients over HTTP against the sandbox's push gateway
// and template-message platform: what arrives, idempotency, and failures.
import { ImHttpClient } from '../../src/integrations/im/client';
import type { ImSendRequest } from '../../src/integrations/im/types';
import { PushHttpClient } from '../../src/integrations/push/client';
import type { PushSendRequest } from '../../src/integrations/push/types';
import { providerError, startHarness, type Harness } from './harness';

let harness: Harness;
let push: PushHttpClient;
let im: ImHttpClient;

beforeAll(async () => {
  harness = await startHarness();
  push = new PushHttpClient(harness.endpoint('/push'));
  im = new ImHttpClient(harness.endpoint('/im'));
});
afterAll(() => harness.close());
beforeEach(() => harness.control('POST', '/reset'));

const PAY = 'https://pay.example.com/pay/abc.def';
const OPT_OUT = 'https://pay.example.com/opt-out/ghi.jkl';

function notification(idempotencyKey: string, overrides: Partial<PushSendRequest> = {}): PushSendRequest {
  return { idempotencyKey, to: 'app-user-1', title: 'Example Bank', body: `You have a new message. To stop app messages: ${OPT_OUT}`, url: PAY, optOutUrl: OPT_OUT, ...overrides };
}

function templateMessage(idempotencyKey: string, overrides: Partial<ImSendRequest> = {}): ImSendRequest {
  return {
    idempotencyKey,
    touser: 'oWx-user-1',
    template_id: 'account-notice',
    lang: 'zh_CN',
    url: PAY,
    data: {
      first: { value: '张三您好，您的还款已逾期3天。' },
      keyword1: { value: '¥1,200.00' },
      keyword2: { value: '¥24,000.00' },
      keyword3: { value: '2027年3月5日' },
      remark: { value: `退订此类消息：${OPT_OUT}` },
    },
    ...overrides,
  };
}

describe('app push', () => {
  test('the gateway receives the notification once per idempotency key', async () => {
    const first = await push.send(notification('case-L1:1'));
    const again = await push.send(notification('case-L1:1'));

    expect(first).toEqual({ providerMessageId: expect.stringMatching(/^push_/), status: 'accepted' });
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(harness.sandbox.state.sent['app-push']).toEqual([
      expect.objectContaining({
        idempotencyKey: 'case-L1:1',
        request: { to: 'app-user-1', title: 'Example Bank', body: `You have a new message. To stop app messages: ${OPT_OUT}`, url: PAY, optOutUrl: OPT_OUT },
        text: `Example Bank\nYou have a new message. To stop app messages: ${OPT_OUT}`,
      }),
    ]);
  });

  test('a 5xx is worth retrying and the retry sends once; an unknown user is not', async () => {
    await harness.control('POST', '/faults', { channel: 'app-push', mode: '5xx' });
    expect(await providerError(push.send(notification('case-L1:2')))).toMatchObject({ channel: 'app-push', status: 500, retryable: true });
    await push.send(notification('case-L1:2'));
    expect(await harness.sentCount('app-push')).toBe(1);

    const gone = await providerError(push.send(notification('case-L1:3', { to: 'unknown-user-9' })));
    expect(gone).toMatchObject({ status: 404, code: 'USER_NOT_FOUND', retryable: false });
    expect(await harness.sentCount('app-push')).toBe(1);
  });

  test('a notification without its opt-out link is refused', async () => {
    const { optOutUrl: _left, ...withoutOptOut } = notification('case-L1:4');
    const err = await providerError(push.send(withoutOptOut as PushSendRequest));
    expect(err).toMatchObject({ status: 400, code: 'INVALID_REQUEST', retryable: false });
  });
});

describe('messaging template messages', () => {
  test('the platform receives the template message once and shows it with its labels', async () => {
    const first = await im.send(templateMessage('case-L1:5'));
    const again = await im.send(templateMessage('case-L1:5'));

    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(harness.sandbox.state.sent.im).toHaveLength(1);
    expect(harness.sandbox.state.sent.im[0].text).toBe(
      ['账户通知', '张三您好，您的还款已逾期3天。', '逾期金额：¥1,200.00', '待还总额：¥24,000.00', '最早未还到期日：2027年3月5日', `退订此类消息：${OPT_OUT}`, PAY].join('\n'),
    );
  });

  test('an accept-then-5xx is retried under the same key without a second message; a 4xx is not retried', async () => {
    await harness.control('POST', '/faults', { channel: 'im', mode: 'accept-then-5xx' });
    expect(await providerError(im.send(templateMessage('case-L1:6')))).toMatchObject({ channel: 'im', retryable: true });
    await im.send(templateMessage('case-L1:6'));
    expect(await harness.sentCount('im')).toBe(1);

    await harness.control('POST', '/faults', { channel: 'im', mode: '4xx' });
    expect(await providerError(im.send(templateMessage('case-L1:7')))).toMatchObject({ status: 400, retryable: false });
  });

  test('a message missing a field of its template is refused', async () => {
    const { remark: _left, ...data } = templateMessage('case-L1:8').data;
    const err = await providerError(im.send(templateMessage('case-L1:8', { data: data as ImSendRequest['data'] })));
    expect(err).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
  });
});
