// What the use cases work with: the workflow service, the database and the
// stores on it, the business clock and the task queue cases run on. Built once
// per process by its entry point (the API, the CLI, the worker's sweep).
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { businessTime, type BusinessClock } from '../domain';
import { loanBook, type LoanBook } from '../db/loans';
import { paymentLedger, type PaymentLedger } from '../db/payments';
import { strategyStore, type StrategyStore } from '../db/strategies';
import type { OpenCaseList } from './case-list';

export interface CaseServices {
  temporal: Client;
  database: mongoose.Connection;
  clock: BusinessClock;
  /** The task queue cases are started on. */
  taskQueue: string;
  loans: LoanBook;
  payments: PaymentLedger;
  strategies: StrategyStore;
  /** Business time now, epoch ms: what DPD and "past due" are measured against. */
  businessNow(): number;
  /** The open cases held in this process, where CASE_LIST_SOURCE=index: lists and counts of open cases read it once it is loaded. */
  caseList?: OpenCaseList;
}

export interface CaseServiceDependencies {
  temporal: Client;
  database: mongoose.Connection;
  clock: BusinessClock;
  taskQueue: string;
  /** The wall clock business time is read from; tests make it follow the time-skipping server's. */
  wallNow?: () => number;
  caseList?: OpenCaseList;
}

export function caseServices({ wallNow = Date.now, ...deps }: CaseServiceDependencies): CaseServices {
  return {
    ...deps,
    loans: loanBook(deps.database),
    payments: paymentLedger(deps.database),
    strategies: strategyStore(deps.database),
    businessNow: () => businessTime(deps.clock, wallNow()),
  };
}
