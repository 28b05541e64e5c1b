// How cases look in responses: the live CaseView the workflow answers with, and
// the read model's list entries.
import { z } from 'zod';
import type { CaseRecord } from '../db/cases';
import { STAGES } from '../workflows/collection-case/case-view';

/** The case view (see CaseView): documented by its main fields, returned whole. */
export const caseViewSchema = z.looseObject({
  caseId: z.string(),
  loanId: z.string(),
  status: z.enum(['open', 'closed']),
  stage: z.enum(STAGES),
  daysPastDue: z.number().int(),
  bucket: z.string(),
  classification: z.object({ scheme: z.string(), name: z.string(), npl: z.boolean() }),
  segment: z.string().nullable(),
  score: z.number().nullable(),
  balance: z.number().int(),
  currency: z.string(),
  paused: z.looseObject({ reason: z.string(), actor: z.string(), since: z.string() }).nullable(),
  holds: z.array(z.looseObject({ kind: z.string(), reason: z.string(), actor: z.string() })),
  nextAction: z.looseObject({ at: z.string(), reason: z.string() }).nullable(),
  strategy: z.object({ id: z.string(), version: z.number().int(), variant: z.string() }),
  agency: z.object({ name: z.string(), placedAt: z.string() }).nullable(),
  recentEvents: z.array(z.looseObject({ seq: z.number().int(), at: z.string(), type: z.string(), actor: z.string(), reason: z.string() })),
});

export const caseSummarySchema = z.object({
  caseId: z.string(),
  loanId: z.string(),
  status: z.enum(['open', 'closed']),
  stage: z.enum(STAGES),
  daysPastDue: z.number().int(),
  bucket: z.string(),
  classification: z.string(),
  npl: z.boolean(),
  segment: z.string().nullable(),
  paused: z.boolean(),
  agency: z.string().nullable(),
  balance: z.number().int(),
  currency: z.string(),
  strategyVersion: z.string(),
  nextActionAt: z.string().nullable(),
  updatedAt: z.string(),
});

export function caseSummary(record: CaseRecord): z.infer<typeof caseSummarySchema> {
  return {
    caseId: record.caseId,
    loanId: record.loanId,
    status: record.status,
    stage: record.stage,
    daysPastDue: record.daysPastDue,
    bucket: record.bucket,
    classification: record.classification,
    npl: record.npl,
    segment: record.segment,
    paused: record.paused,
    agency: record.agency,
    balance: record.balance,
    currency: record.currency,
    strategyVersion: record.strategyVersion,
    nextActionAt: record.nextActionAt ? new Date(record.nextActionAt).toISOString() : null,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}
