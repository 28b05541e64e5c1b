// Sandbox print-and-mail provider: each status poll moves a letter one step,
// accepted → printed → mailed.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { letterSchema, type LetterStatus } from '../letter/types';
import { providerWrite } from './idempotency';
import { notFound } from './rejections';
import type { SandboxState } from './state';

const nextStatus: Partial<Record<LetterStatus['status'], LetterStatus['status']>> = {
  accepted: 'printed',
  printed: 'mailed',
};

export function letterRoutes(state: SandboxState): Router {
  const router = Router();

  router.post(
    '/mailings',
    providerWrite(state, 'letter', letterSchema, (letter, idempotencyKey) => {
      const trackingId = `ltr_${randomUUID()}`;
      state.letters.set(trackingId, { trackingId, status: 'accepted' });
      state.sent.letter.push({
        operation: 'send',
        id: trackingId,
        idempotencyKey,
        request: letter,
        at: new Date().toISOString(),
      });
      return { status: 201, body: { trackingId, status: 'accepted' } };
    }),
  );

  router.get('/mailings/:trackingId', (req, res) => {
    const letter = state.letters.get(req.params.trackingId);
    if (!letter) throw notFound('letter');
    letter.status = nextStatus[letter.status] ?? letter.status;
    res.json(letter);
  });

  return router;
}
