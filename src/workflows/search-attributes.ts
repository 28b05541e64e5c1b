// Search attributes that supervisors' case lists filter on. None of them carries
// PII: the loan id lives only in the workflow id, amounts are fine, names never.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const caseStage = defineSearchAttributeKey('ArrearsStage', SearchAttributeType.KEYWORD);
export const caseBucket = defineSearchAttributeKey('ArrearsBucket', SearchAttributeType.KEYWORD);
export const caseClassification = defineSearchAttributeKey('ArrearsClassification', SearchAttributeType.KEYWORD);
export const caseSegment = defineSearchAttributeKey('ArrearsSegment', SearchAttributeType.KEYWORD);
export const casePaused = defineSearchAttributeKey('ArrearsPaused', SearchAttributeType.BOOL);
export const caseStrategyVersion = defineSearchAttributeKey('ArrearsStrategyVersion', SearchAttributeType.KEYWORD);
export const caseAgency = defineSearchAttributeKey('ArrearsAgency', SearchAttributeType.KEYWORD);
export const caseOutstanding = defineSearchAttributeKey('ArrearsOutstanding', SearchAttributeType.INT);
export const caseDaysPastDue = defineSearchAttributeKey('ArrearsDaysPastDue', SearchAttributeType.INT);
/** When the case last wrote its read-model row: what changed since a time, for the in-process case list (src/cases/case-list-index.ts). */
export const casePublishedAt = defineSearchAttributeKey('ArrearsPublishedAt', SearchAttributeType.DATETIME);

export const CASE_SEARCH_ATTRIBUTES = [
  caseStage,
  caseBucket,
  caseClassification,
  caseSegment,
  casePaused,
  caseStrategyVersion,
  caseAgency,
  caseOutstanding,
  caseDaysPastDue,
  casePublishedAt,
];
