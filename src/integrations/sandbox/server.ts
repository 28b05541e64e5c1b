// A local stand-in for the providers, behaving like the real ones over HTTP:
// API key, validation, Idempotency-Key, statuses that move, callbacks, and faults
// on demand; and an SMTP server for e-mail (email.ts). The embedded mode and the
// tests run against it.
//
//   /sms      POST /messages, GET /messages/:id
//   /letters  POST /mailings, GET /mailings/:id
//   /agency   POST /placements, POST /placements/:ref/recall, GET /placements/:ref/collections
//   /court    POST /filings, GET /filings/:id
//   /push     POST /notifications
//   /im       POST /template-messages
//   /payments POST /charges
//   /_control POST|DELETE /faults, GET /sent?channel=, POST /reset, POST /agency/collections,
//             GET /email/messages?to=, POST|DELETE /email/bounces
//   SMTP      on its own port (start's smtpPort)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import { SANDBOX_PREFIXES } from '../contract';
import { agencyRoutes } from './agency';
import { controlRoutes } from './control';
import { courtRoutes } from './court';
import { startSmtpSandbox } from './email';
import { letterRoutes } from './letters';
import { paymentRoutes } from './payments';
import { errorHandler, notFound, SandboxRejection } from './rejections';
import { imRoutes, pushRoutes } from './push';
import { smsRoutes } from './sms';
import { createState, resetState, type SandboxState } from './state';

export interface SandboxOptions {
  /** The key clients must send as `Authorization: Bearer <key>` (PROVIDER_API_KEY). */
  apiKey: string;
  /** How long an SMS takes to be delivered when nobody polls; 200 ms by default. */
  deliveryDelayMs?: number;
  /** A bearer token for the callbacks it posts, where agencyToken does not name the agency. */
  callbackToken?: string;
  /** A bearer token for the agency's callbacks on a placement: the arrears API wants one naming the placement's agency. */
  agencyToken?: (agency: string) => Promise<string>;
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:4010; the channels live under /sms, /letters, /agency, /court, /push, /im. */
  url: string;
  /** Where its SMTP server listens, e.g. smtp://127.0.0.1:2525. */
  smtpUrl: string;
  close(): Promise<void>;
}

export interface Sandbox {
  app: Express;
  state: SandboxState;
  /** Listens on host:port for HTTP and host:smtpPort for SMTP; port 0 picks a free one (the default for SMTP). */
  start(port: number, host?: string, smtpPort?: number): Promise<RunningSandbox>;
}

export function createSandbox({ apiKey, deliveryDelayMs = 200, callbackToken, agencyToken }: SandboxOptions): Sandbox {
  const state = createState(callbackToken, agencyToken);
  const app = express();
  app.disable('x-powered-by');
  app.use(Object.values(SANDBOX_PREFIXES), requireApiKey(apiKey));
  app.use(express.json({ limit: '1mb' }));
  app.use('/_control', controlRoutes(state));
  app.use(SANDBOX_PREFIXES.sms, smsRoutes(state, deliveryDelayMs));
  app.use(SANDBOX_PREFIXES.letter, letterRoutes(state));
  app.use(SANDBOX_PREFIXES.agency, agencyRoutes(state));
  app.use(SANDBOX_PREFIXES.court, courtRoutes(state));
  app.use(SANDBOX_PREFIXES['app-push'], pushRoutes(state));
  app.use(SANDBOX_PREFIXES.im, imRoutes(state));
  app.use(SANDBOX_PREFIXES.payment, paymentRoutes(state));
  app.use(() => {
    throw notFound('route');
  });
  app.use(errorHandler);

  const listen = (port: number, host: string) =>
    new Promise<{ url: string; close(): Promise<void> }>((resolve, reject) => {
      const server = createServer(app);
      server.once('error', reject);
      server.listen(port, host, () => {
        const { port: bound } = server.address() as AddressInfo;
        resolve({
          url: `http://${host}:${bound}`,
          close: () => {
            server.closeAllConnections();
            return new Promise((closed) => server.close(() => closed()));
          },
        });
      });
    });

  const start = async (port: number, host = '127.0.0.1', smtpPort = 0): Promise<RunningSandbox> => {
    const http = await listen(port, host);
    const smtp = await startSmtpSandbox(state, smtpPort, host).catch(async (err: unknown) => {
      await http.close();
      throw err;
    });
    return {
      url: http.url,
      smtpUrl: `smtp://${host}:${smtp.port}`,
      close: async () => {
        resetState(state);
        await Promise.all([http.close(), smtp.close()]);
      },
    };
  };

  return { app, state, start };
}

function requireApiKey(apiKey: string): RequestHandler {
  return (req, _res, next) => {
    if (req.get('Authorization') !== `Bearer ${apiKey}`) {
      throw new SandboxRejection(401, 'UNAUTHORIZED', 'missing or wrong API key');
    }
    next();
  };
}
