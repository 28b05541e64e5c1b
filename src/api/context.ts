// What the route modules share: the services, the stores over MongoDB, the
// business clock and the logger. Built once per app by createApp.
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import type { Config } from '../config';
import { businessTime, type BusinessClock } from '../domain';
import { loanBook, type LoanBook } from '../db/loans';
import { paymentLedger } from '../db/payments';
import { strategyStore, type StrategyStore } from '../db/strategies';
import type { Logger } from '../logger';

export type ApiConfig = Pick<
  Config,
  | 'TEMPORAL_TASK_QUEUE'
  | 'API_RATE_LIMIT'
  | 'API_BODY_LIMIT'
  | 'JWT_SECRET'
  | 'JWT_JWKS_URL'
  | 'JWT_ISSUER'
  | 'JWT_AUDIENCE'
>;

export interface ApiContext {
  temporal: Client;
  database: mongoose.Connection;
  config: ApiConfig;
  clock: BusinessClock;
  logger: Logger;
  loans: LoanBook;
  payments: ReturnType<typeof paymentLedger>;
  strategies: StrategyStore;
  /** Business time now, epoch ms: what DPD is measured against. */
  businessNow(): number;
}

export function apiContext(deps: Omit<ApiContext, 'loans' | 'payments' | 'strategies' | 'businessNow'> & { wallNow?: () => number }): ApiContext {
  const wallNow = deps.wallNow ?? Date.now;
  return {
    ...deps,
    loans: loanBook(deps.database),
    payments: paymentLedger(deps.database),
    strategies: strategyStore(deps.database),
    businessNow: () => businessTime(deps.clock, wallNow()),
  };
}
