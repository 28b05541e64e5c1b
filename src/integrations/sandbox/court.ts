// Sandbox court e-filing service. Each status poll moves a filing one step:
// submitted → accepted → hearing-scheduled (30 days out), or submitted → rejected
// when the package has no statement of claim. A caseRef is filed once.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { filingSchema, type FilingStatus } from '../court/types';
import { providerWrite } from './idempotency';
import { notFound, SandboxRejection } from './rejections';
import type { FilingRecord, SandboxState } from './state';

const HEARING_AFTER_MS = 30 * 86_400_000;

export function courtRoutes(state: SandboxState): Router {
  const router = Router();

  router.post(
    '/filings',
    providerWrite(state, 'court', filingSchema, (filing, idempotencyKey) => {
      if ([...state.filings.values()].some((record) => record.caseRef === filing.caseRef)) {
        throw new SandboxRejection(409, 'CASE_ALREADY_FILED', 'a filing for this caseRef already exists');
      }
      const filingId = `fil_${randomUUID()}`;
      state.filings.set(filingId, {
        filingId,
        status: 'submitted',
        caseRef: filing.caseRef,
        hasStatementOfClaim: filing.package.documents.some((document) => document.type === 'statement-of-claim'),
      });
      state.sent.court.push({ operation: 'file', id: filingId, idempotencyKey, request: filing, at: new Date().toISOString() });
      return { status: 201, body: { filingId, status: 'submitted' } };
    }),
  );

  router.get('/filings/:filingId', (req, res) => {
    const record = state.filings.get(req.params.filingId);
    if (!record) throw notFound('filing');
    advance(record);
    res.json(view(record));
  });

  return router;
}

function advance(record: FilingRecord): void {
  if (record.status === 'submitted' && !record.hasStatementOfClaim) {
    Object.assign(record, { status: 'rejected', reason: 'MISSING_STATEMENT_OF_CLAIM' });
  } else if (record.status === 'submitted') {
    record.status = 'accepted';
  } else if (record.status === 'accepted') {
    const hearingDate = new Date(Date.now() + HEARING_AFTER_MS).toISOString().slice(0, 10);
    Object.assign(record, { status: 'hearing-scheduled', hearingDate });
  }
}

function view({ filingId, status, reason, hearingDate }: FilingRecord): FilingStatus {
  return { filingId, status, reason, hearingDate };
}
