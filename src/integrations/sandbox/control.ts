// The control API tests and the bench use to steer the sandbox. It needs no API
// key: the sandbox listens on 127.0.0.1 only and is never a production service.
import { Router } from 'express';
import { z } from 'zod';
import { CHANNELS } from '../contract';
import { reportCollection } from './agency';
import { emailControlRoutes } from './email';
import { faultSchema } from './fault-schema';
import { parseBody } from './rejections';
import { resetState, type SandboxState } from './state';

const sentQuerySchema = z.object({ channel: z.enum(CHANNELS).optional() });

export function controlRoutes(state: SandboxState): Router {
  const router = Router();

  router.post('/faults', (req, res) => {
    const fault = parseBody(faultSchema, req.body);
    state.faults.push(fault);
    res.status(201).json(fault);
  });

  router.delete('/faults', (_req, res) => {
    state.faults = [];
    res.status(204).end();
  });

  /** Every accepted write, for one channel or all. */
  router.get('/sent', (req, res) => {
    const { channel } = parseBody(sentQuerySchema, req.query);
    res.json(channel ? { channel, count: state.sent[channel].length, sent: state.sent[channel] } : { sent: state.sent });
  });

  router.post('/reset', (_req, res) => {
    resetState(state);
    res.status(204).end();
  });

  router.post('/agency/collections', reportCollection(state));

  router.use('/email', emailControlRoutes(state));

  return router;
}
