import express, { Router } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { createReplayer, type Replayer, type ReplayOptions } from '../cases/replay';
import type { Config } from '../config';
import { createLogger, type Logger } from '../logger';
import { dataConverter } from '../security/data-converter';
import { businessClock } from '../temporal/clock';
import { createAuth, type Auth } from '../security/auth';
import { createDebtorLinks, type DebtorLinks } from '../security/debtor-links';
import type { OidcConfig } from '../security/oidc';
import { consoleRoutes } from './console';
import { optOutPages } from './debtor-pages/opt-out';
import { payPageRoutes } from './debtor-pages/pay-routes';
import { apiContext, type ApiConfig, type ApiContext } from './context';
import { ApiError, errorBody, errorHandler, notFound } from './errors';
import { healthRoutes, type HealthDependencies } from './health';
import { apiMetrics } from './metrics';
import { apiRegistry, openApiDocument, openApiRoutes } from './openapi';
import { requestId, requestLogger } from './request-context';
import { routeTable, type RouteTable } from './route';
import { documentSession, sessionRoutes } from './session';
import { agencyRoutes } from './routes/agency';
import { channelRoutes } from './routes/channels';
import { experimentReportRoutes } from './routes/reports-experiments';
import { auditRoutes, HISTORY_BODY_LIMIT, HISTORY_REPLAY_PATH } from './routes/audit';
import { caseCommandRoutes } from './routes/case-commands';
import { caseRoutes } from './routes/cases';
import { loanImportRoutes } from './routes/loan-import';
import { loanRoutes } from './routes/loans';
import { monitorRoutes } from './routes/monitor';
import { paymentRoutes } from './routes/payments';
import { portfolioRoutes } from './routes/portfolio';
import { reportRoutes } from './routes/reports';
import { contactReportRoutes } from './routes/reports-contact';
import type { CaseListIndex } from '../cases/case-list-index';
import { strategyPromotionRoutes, strategyRoutes } from './routes/strategies';
import { taskRoutes } from './routes/tasks';
import { optOutRoutes } from './routes/opt-outs';

export interface ApiDependencies extends HealthDependencies {
  config: ApiConfig & Pick<Config, 'LOG_LEVEL' | 'ARREARS_DAY_LENGTH' | 'ARREARS_TIME_ORIGIN' | 'codecKeyring' | 'ARREARS_MODE' | 'NODE_ENV' | 'JWT_ROLES_CLAIM'> & OidcConfig;
  /** How replay verification runs the workflow code; by default the workers' data converter and src/workflows. */
  replay?: ReplayOptions;
  logger?: Logger;
  /** The wall clock business time is read from; tests make it follow the time-skipping server's. */
  wallNow?: () => number;
  /** The in-process index of open cases, started by the caller (CASE_LIST_SOURCE=index). */
  caseList?: CaseListIndex;
}

/** The arrears REST API as an express app, with no listening socket (tests use supertest). */
export function createApp(deps: ApiDependencies): express.Express {
  const logger = deps.logger ?? createLogger(deps.config, { component: 'api' });
  const context = apiContext({
    temporal: deps.temporal,
    database: deps.database,
    config: deps.config,
    logger,
    clock: businessClock(deps.config),
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    wallNow: deps.wallNow,
    caseList: deps.caseList,
  });
  const auth = createAuth(deps.config);
  const registry = apiRegistry();
  const metrics = apiMetrics(deps.database);

  const app = express();
  app.disable('x-powered-by');
  app.use(requestId, helmet(), requestLogger(logger), metrics.observe);
  app.use(healthRoutes(deps), metrics.routes, openApiRoutes(registry), consoleRoutes());
  // Made at the first debtor page, so an API without DEBTOR_LINK_SECRET still serves everything else.
  let debtorLinks: DebtorLinks | undefined;
  const links = () => (debtorLinks ??= createDebtorLinks(deps.config));
  app.use(optOutPages(context, links, { lender: deps.config.LENDER_NAME, requestsPerMinute: deps.config.API_RATE_LIMIT }));
  app.use(payPageRoutes(context, links));

  app.use(
    '/v1',
    rateLimit({
      windowMs: 60_000,
      limit: deps.config.API_RATE_LIMIT,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => {
        res.status(429).json(errorBody(new ApiError('RATE_LIMITED', 'Too many requests from this address; wait a minute and try again')));
      },
    }),
  );
  // A history file for replay outgrows API_BODY_LIMIT; the parser that reads it first is the one that counts.
  app.post(HISTORY_REPLAY_PATH, express.json({ limit: HISTORY_BODY_LIMIT }));
  app.use('/v1', express.json({ limit: deps.config.API_BODY_LIMIT }));

  app.use(sessionRoutes(deps.config, auth, registry, logger));
  const v1 = Router();
  const replay = createReplayer(deps.replay ?? { dataConverter: dataConverter(deps.config.codecKeyring) });
  v1Routes(routeTable(v1, registry, auth), context, replay);
  app.use(v1);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}

/**
 * The document /v1/openapi.json serves, from the route declarations alone: no
 * connection, no server. The console's typed client is generated from it
 * (scripts/console-api.ts).
 */
export function offlineOpenApiDocument(): ReturnType<typeof openApiDocument> {
  const registry = apiRegistry();
  const declaringOnly: Auth = {
    requireRoles: () => (_req, _res, next) => next(),
    verify: () => Promise.reject(new Error('the offline document verifies no token')),
  };
  documentSession(registry);
  v1Routes(routeTable(Router(), registry, declaringOnly), {} as ApiContext, {} as Replayer);
  return openApiDocument(registry);
}

/** Every /v1 route, declared on the table: the app mounts and documents them, tests read their declarations. */
export function v1Routes(api: RouteTable, context: ApiContext, replay: Replayer): void {
  loanRoutes(api, context);
  loanImportRoutes(api, context);
  paymentRoutes(api, context);
  strategyRoutes(api, context);
  caseRoutes(api, context);
  portfolioRoutes(api, context);
  caseCommandRoutes(api, context);
  taskRoutes(api, context);
  agencyRoutes(api, context);
  auditRoutes(api, context, replay);
  monitorRoutes(api, context);
  channelRoutes(api, context);
  reportRoutes(api, context);
  contactReportRoutes(api, context);
  experimentReportRoutes(api, context);
  strategyPromotionRoutes(api, context);
  optOutRoutes(api, context);
}
