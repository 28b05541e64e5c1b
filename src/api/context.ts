// What the route modules share: the use cases' services (workflow service,
// database, stores, business clock), the API's configuration and its logger.
// Built once per app by createApp.
import type { Config } from '../config';
import { caseServices, type CaseServiceDependencies, type CaseServices } from '../cases/services';
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
  | 'LENDER_NAME'
  | 'CONTACT_COSTS'
  | 'AGENCY_COMMISSION'
  | 'EXPERIMENT_MIN_ARM'
  | 'DEBTOR_LINK_SECRET'
  | 'DEBTOR_LINK_TTL'
  | 'PUBLIC_BASE_URL'
>;

/** The use cases' services, and what only the API has: its configuration and logger. */
export interface ApiContext extends CaseServices {
  config: ApiConfig;
  logger: Logger;
}

export function apiContext({ config, logger, ...services }: CaseServiceDependencies & { config: ApiConfig; logger: Logger }): ApiContext {
  return { ...caseServices(services), config, logger };
}
