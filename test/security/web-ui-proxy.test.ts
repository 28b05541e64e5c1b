// The Temporal UI's proxy in npm start: it turns on the codec's credentials in the
// UI's settings, passes everything else through, and answers 502 for settings it
// cannot read instead of throwing in npm start's own process.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, serveWebUi, UI_SETTINGS_PATH } from '../../src/temporal/web-ui';

let settingsBody = '';
let upstream: http.Server;
let proxy: http.Server;
let origin: string;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (req.url === UI_SETTINGS_PATH) res.writeHead(200, { 'content-type': 'application/json' }).end(settingsBody);
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(`page ${req.url}`);
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const port = await freePort();
  proxy = await serveWebUi({ host: '127.0.0.1', port }, { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port });
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await new Promise((resolve) => upstream.close(resolve));
});

test("the UI's settings come back with the codec's credentials included; other pages pass through", async () => {
  settingsBody = JSON.stringify({ Codec: { Endpoint: 'http://127.0.0.1:8888' }, Auth: { Enabled: false } });
  expect(await (await fetch(`${origin}${UI_SETTINGS_PATH}`)).json()).toEqual({ Codec: { Endpoint: 'http://127.0.0.1:8888', IncludeCredentials: true }, Auth: { Enabled: false } });
  expect(await (await fetch(`${origin}/namespaces/default/workflows`)).text()).toBe('page /namespaces/default/workflows');
});

test('settings that are not JSON are a 502 that says so, and the proxy keeps serving', async () => {
  settingsBody = '<html>not settings</html>';
  const answer = await fetch(`${origin}${UI_SETTINGS_PATH}`);
  expect(answer.status).toBe(502);
  expect(await answer.text()).toContain('not JSON');
  settingsBody = '{}';
  expect(await (await fetch(`${origin}${UI_SETTINGS_PATH}`)).json()).toEqual({ Codec: { IncludeCredentials: true } });
});
