// The embedded mode's Temporal Web UI, told to send the browser's credentials to
// the codec server. The dev server (temporal server start-dev) sets only the UI's
// codec endpoint; its "include cross-origin credentials" setting has no flag, so
// the UI's fetches to the codec server go without the console's session cookie and
// the codec server answers 401 ("Codec Server could not connect"). npm start runs
// the dev server's UI on a private port and serves it on TEMPORAL_UI_PORT through
// this proxy, which passes every request through and answers the UI's settings
// with IncludeCredentials on, as the UI server's own configuration would
// (codec.includeCredentials; TEMPORAL_CODEC_INCLUDE_CREDENTIALS in its image).
import { once } from 'node:events';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';

/** Where the UI reads its settings, the codec's among them (the UI's public path is /). */
export const UI_SETTINGS_PATH = '/api/v1/settings';

export interface WebUiAddress {
  host: string;
  port: number;
}

/** Serves the dev server's UI at `upstream` on `listen`, with the codec's credentials included; resolves once listening. */
export async function serveWebUi(listen: WebUiAddress, upstream: WebUiAddress): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const settings = req.method === 'GET' && new URL(req.url ?? '/', 'http://ui').pathname === UI_SETTINGS_PATH;
    const headers = { ...req.headers };
    // The settings are rewritten, so they come uncompressed.
    if (settings) delete headers['accept-encoding'];
    const forwarded = http.request({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      if (!settings || answer.statusCode !== 200) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        // This runs in npm start's own process: settings it cannot read are a 502, never an uncaught throw.
        let settings: { Codec?: Record<string, unknown> };
        try {
          settings = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end(`The Temporal UI's settings at ${UI_SETTINGS_PATH} are not JSON: ${(error as Error).message}`);
          return;
        }
        const body = Buffer.from(JSON.stringify(withCredentialsIncluded(settings)));
        const { 'transfer-encoding': _chunked, ...rest } = answer.headers;
        res.writeHead(200, { ...rest, 'content-length': body.length });
        res.end(body);
      });
      answer.on('error', (error) => res.destroy(error));
    });
    forwarded.on('error', (error) => {
      if (res.headersSent) res.destroy(error);
      else res.writeHead(502, { 'content-type': 'text/plain' }).end(`The Temporal UI at ${upstream.host}:${upstream.port} did not answer: ${error.message}`);
    });
    req.on('error', () => forwarded.destroy());
    req.pipe(forwarded);
  });
  server.listen(listen.port, listen.host);
  await once(server, 'listening');
  return server;
}

/** The UI server's settings with the codec's cross-origin credentials included. */
export function withCredentialsIncluded(settings: { Codec?: Record<string, unknown> }): object {
  return { ...settings, Codec: { ...settings.Codec, IncludeCredentials: true } };
}

/** A port free on 127.0.0.1 now: for the dev server's own UI, which only this proxy talks to. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
