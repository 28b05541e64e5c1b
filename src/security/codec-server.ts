// The remote codec the Temporal UI and CLI call to show decrypted payloads to
// people allowed to see them (auditors, admins). Protocol: POST /decode and
// /encode with {"payloads":[{"metadata":{"key":"<base64>"},"data":"<base64>"}]}
// and the same shape back. A bearer token (the CLI's --codec-auth, an OIDC UI's
// access token) or the console's session cookie, which the Temporal UI sends when
// it includes credentials (the embedded mode's UI does, see src/temporal/web-ui.ts).
import cors from 'cors';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import type { Config } from '../config';
import { CONSOLE_REQUEST_HEADER, createAuth } from './auth';
import { createLogger, type Logger } from '../logger';
import { PayloadDecryptionError, UnknownCodecKeyError } from './codec';
import { dataConverter } from './data-converter';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const codecRequest = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), base64).nullish(),
      data: base64.nullish(),
    }),
  ),
});
type JsonPayload = z.infer<typeof codecRequest>['payloads'][number];

export function createCodecServer(config: Config, logger: Logger = createLogger(config)): express.Express {
  const codecs = dataConverter(config.codecKeyring).payloadCodecs ?? [];
  const auth = createAuth(config);
  const app = express();
  app.disable('x-powered-by');
  app.use(
    cors({
      origin: config.TEMPORAL_UI_ORIGIN,
      credentials: true,
      methods: ['POST'],
      allowedHeaders: ['X-Namespace', 'Authorization', 'Content-Type'],
    }),
  );
  app.use(express.json({ limit: '16mb' }));

  // The session cookie signs a POST only with the console's header (CSRF), which the Temporal UI does not send. The
  // browser names the page's origin in the Origin header, which no page can set: from the UI's origin, that vouches
  // for the request as the header does for the console's. (SameSite=Strict keeps other sites' pages from sending the
  // cookie at all, and CORS keeps the answer from any origin but the UI's.)
  const fromTemporalUi: RequestHandler = (req, _res, next) => {
    if (req.get('origin') === config.TEMPORAL_UI_ORIGIN) req.headers[CONSOLE_REQUEST_HEADER] = 'temporal-ui';
    next();
  };

  const transform = (direction: 'encode' | 'decode') => async (req: Request, res: Response) => {
    const parsed = codecRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json(codecError('INVALID_PAYLOADS', 'Send {"payloads":[{"metadata":{...},"data":"<base64>"}]}'));
      return;
    }
    // Same order as the SDK: encode through the codecs in turn, decode in reverse.
    let payloads = parsed.data.payloads.map(fromJson);
    if (direction === 'encode') for (const codec of codecs) payloads = await codec.encode(payloads);
    else for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
    res.json({ payloads: payloads.map(toJson) });
  };
  app.post('/encode', fromTemporalUi, auth.requireRoles('auditor', 'admin'), transform('encode'));
  app.post('/decode', fromTemporalUi, auth.requireRoles('auditor', 'admin'), transform('decode'));

  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => {
    if (error instanceof UnknownCodecKeyError || error instanceof PayloadDecryptionError) {
      res.status(422).json(codecError('UNDECRYPTABLE_PAYLOAD', error.message));
      return;
    }
    // body-parser's own errors (not JSON, too large) carry a client status meant to be shown.
    const { status, expose } = error as Error & { status?: number; expose?: boolean };
    if (expose && status) {
      res.status(status).json(codecError('INVALID_PAYLOADS', `The request body was refused: ${error.message}`));
      return;
    }
    logger.error({ err: error }, 'codec server request failed');
    res.status(500).json(codecError('INTERNAL', 'The codec server failed; see its log'));
  };
  app.use(onError);
  return app;
}

function fromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(data ?? '', 'base64'),
  };
}

function toJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
    data: Buffer.from(data ?? []).toString('base64'),
  };
}

function codecError(code: string, message: string) {
  return { error: { code, message } };
}
