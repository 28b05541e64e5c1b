// The console's production sign-in in Debian's chromium: OIDC authorization code
// with PKCE against a stand-in provider's HTTP endpoints (test/support/oidc-provider.ts).
// The user opens a deep link, clicks "Sign in with <provider>", the provider's
// authorize page sends the browser straight back, and the console shows the page
// the link named, signed in with the roles of the token's claim. No token reaches
// a URL, a script or storage. A sign-in the API refuses comes back with the reason.
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/logger';
import { testApiConfig, unconnectedClient } from '../support/api';
import { consoleBrowser, seriousViolations } from '../support/browser';
import { startMockOidcProvider, type MockOidcProvider } from '../support/oidc-provider';
import { testDataConverter } from '../support/temporal';
import { apiSuite } from '../support/suites';

const suite = apiSuite({ temporal: false });
let provider: MockOidcProvider;
beforeAll(async () => {
  provider = await startMockOidcProvider();
});
afterAll(() => provider?.close());

// No OIDC_REDIRECT_URI: the callback is on the origin the browser used, the port the browser's server picked.
const browser = consoleBrowser(() =>
  createApp({
    temporal: unconnectedClient(),
    database: suite.db.connection,
    config: testApiConfig(provider.env({ CASE_LIST_SOURCE: 'store' })),
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    replay: { dataConverter: testDataConverter },
  }),
);

test('signing in with the provider lands on the deep link, signed in with the roles of the claim, with no token in a URL or storage', async () => {
  provider.user = { sub: 'alice', claims: { roles: ['supervisor', 'auditor', 'ops-team'] } };
  const { context, page, errors } = await browser.open();
  const visited: string[] = [];
  page.on('request', (request) => request.isNavigationRequest() && visited.push(request.url()));

  await page.goto('/console/cases?bucket=M2');
  const signIn = page.getByRole('link', { name: 'Sign in with Mock IdP' });
  await signIn.waitFor();
  expect(await page.getByRole('radio').count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);

  await signIn.click();
  await page.getByText('Signed in as alice (Supervisor, Auditor)').waitFor();
  await page.getByRole('heading', { name: 'Cases' }).waitFor();
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/console/cases?bucket=M2');
  expect(await page.getByLabel('Bucket').inputValue()).toBe('M2');

  // The browser went through the provider's authorize page and back; only the one-time code was ever in a URL.
  const exchange = provider.tokenRequests.at(-1)!;
  expect(visited.map((url) => new URL(url).pathname)).toEqual(['/console/cases', '/v1/session/oidc', '/realms/arrears/authorize', '/v1/session/oidc/callback', '/console/cases']);
  const session = (await context.cookies()).find((cookie) => cookie.name === 'arrears_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  for (const url of visited) {
    expect(url).not.toContain(session!.value);
    expect(url).not.toContain(exchange.get('code_verifier'));
  }
  expect(await page.evaluate('document.cookie')).toBe('');
  expect(await page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)')).not.toContain(session!.value);
  expect((await context.cookies()).find((cookie) => cookie.name === 'arrears_oidc')).toBeUndefined();
  expect(await seriousViolations(page)).toEqual([]);

  // An auditor's and a supervisor's pages are offered; an agent's are not.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Audit' }).waitFor();
  expect(await nav.getByRole('link', { name: 'Work queue' }).count()).toBe(0);
  expect(errors).toEqual([]);
});

test('a sign-in the API refuses comes back to the sign-in page with the reason, in either language', async () => {
  provider.user = { sub: 'carol', claims: { roles: ['ops-team'] } };
  const { context, page, errors } = await browser.open({ locale: 'zh-CN' });
  await page.goto('/console/');
  await page.getByRole('link', { name: '通过 Mock IdP 登录' }).click();
  await page.getByRole('alert').getByText('您的账号在催收控制台中没有任何角色').waitFor();
  expect(new URL(page.url()).search).toBe('?signInError=roles');
  expect((await context.cookies()).find((cookie) => cookie.name === 'arrears_session')).toBeUndefined();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('语言').selectOption('en');
  await page.getByRole('alert').getByText('Your account holds no role in the arrears console.').waitFor();
  expect(errors).toEqual([]);
});
