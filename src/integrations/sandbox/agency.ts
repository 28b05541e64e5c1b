// Sandbox collection agency: takes placements, reports collections (driven by
// POST /_control/agency/collections, as the agency's own work would) and takes
// placements back on recall. A placementRef is placed once; a recall ends it.
// It posts a collection as the agency the placement names, with a token for it.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  agencyCollectionSchema,
  placementSchema,
  recallSchema,
  type AgencyCollectionReport,
  type PlacementStatus,
} from '../agency/types';
import { providerWrite } from './idempotency';
import { notFound, parseBody, SandboxRejection } from './rejections';
import { postCallback, type PlacementRecord, type SandboxState } from './state';

/** Posts the report with a token for the placement's agency, or the sandbox's callback token. */
async function postAsAgency(state: SandboxState, { agency, callbackUrl }: PlacementRecord['placement'], report: AgencyCollectionReport): Promise<void> {
  if (!callbackUrl) return;
  postCallback(state, callbackUrl, report, state.agencyToken ? await state.agencyToken(agency) : state.callbackToken);
}

export function agencyRoutes(state: SandboxState): Router {
  const router = Router();

  router.post(
    '/placements',
    providerWrite(state, 'agency', placementSchema, (placement, idempotencyKey) => {
      if (state.placements.has(placement.placementRef)) {
        throw new SandboxRejection(409, 'PLACEMENT_EXISTS', 'this placementRef has already been placed');
      }
      state.placements.set(placement.placementRef, { placement, status: 'placed', collections: [] });
      state.sent.agency.push({
        operation: 'place',
        id: placement.placementRef,
        idempotencyKey,
        request: placement,
        at: new Date().toISOString(),
      });
      return { status: 201, body: view(placement.placementRef, 'placed') };
    }),
  );

  router.post(
    '/placements/:placementRef/recall',
    providerWrite(state, 'agency', recallSchema, (recall, idempotencyKey, req) => {
      const placementRef = String(req.params.placementRef);
      const record = findPlacement(state, placementRef);
      if (record.status === 'recalled') {
        throw new SandboxRejection(409, 'PLACEMENT_RECALLED', 'this placement has already been recalled');
      }
      record.status = 'recalled';
      state.sent.agency.push({
        operation: 'recall',
        id: placementRef,
        idempotencyKey,
        request: recall,
        at: new Date().toISOString(),
      });
      return { status: 200, body: view(placementRef, 'recalled') };
    }),
  );

  router.get('/placements/:placementRef/collections', (req, res) => {
    const placementRef = String(req.params.placementRef);
    res.json({ placementRef, collections: findPlacement(state, placementRef).collections });
  });

  return router;
}

const collectionReportSchema = z.strictObject({ placementRef: z.string().min(1), ...agencyCollectionSchema.shape });

/** The agency reports money it collected: recorded, and posted to the placement's callbackUrl. */
export function reportCollection(state: SandboxState): RequestHandler {
  return (req, res) => {
    const { placementRef, ...collection } = parseBody(collectionReportSchema, req.body);
    const record = findPlacement(state, placementRef);
    record.collections.push(collection);
    const report: AgencyCollectionReport = { event: 'collection-reported', placementRef, collection };
    // Like every callback, posted once and not waited for.
    postAsAgency(state, record.placement, report).catch(() => undefined);
    res.status(201).json(report);
  };
}

function findPlacement(state: SandboxState, placementRef: string): PlacementRecord {
  const record = state.placements.get(placementRef);
  if (!record) throw notFound('placement');
  return record;
}

function view(placementRef: string, status: PlacementStatus['status']): PlacementStatus {
  return { placementRef, status };
}
