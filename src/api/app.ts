import express, { Router } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { createLogger, type Logger } from '../logger';
import { dataConverter } from '../security/data-converter';
import { businessClock } from '../temporal/clock';
import { createAuth } from './auth';
import { apiContext, type ApiConfig } from './context';
import { ApiError, errorBody, errorHandler, notFound } from './errors';
import { healthRoutes, type HealthDependencies } from './health';
import { apiMetrics } from './metrics';
import { apiRegistry, openApiRoutes } from './openapi';
import { createReplayer, type ReplayOptions } from './replay';
import { requestId, requestLogger } from './request-context';
import { routeTable } from './route';
import { agencyRoutes } from './routes/agency';
import { auditRoutes } from './routes/audit';
import { caseCommandRoutes } from './routes/case-commands';
import { caseRoutes } from './routes/cases';
import { loanImportRoutes } from './routes/loan-import';
import { loanRoutes } from './routes/loans';
import { monitorRoutes } from './routes/monitor';
import { paymentRoutes } from './routes/payments';
import { strategyRoutes } from './routes/strategies';
import { taskRoutes } from './routes/tasks';

export interface ApiDependencies extends HealthDependencies {
  config: ApiConfig & Pick<Config, 'LOG_LEVEL' | 'ARREARS_DAY_LENGTH' | 'ARREARS_TIME_ORIGIN' | 'codecKeyring'>;
  /** How replay verification runs the workflow code; by default the workers' data converter and src/workflows. */
  replay?: ReplayOptions;
  logger?: Logger;
}

/** The arrears REST API as an express app, with no listening socket (tests use supertest). */
export function createApp(deps: ApiDependencies): express.Express {
  const logger = deps.logger ?? createLogger(deps.config, { component: 'api' });
  const context = apiContext({ ...deps, logger, clock: businessClock(deps.config) });
  const auth = createAuth(deps.config);
  const registry = apiRegistry();
  const metrics = apiMetrics(deps.database);

  const app = express();
  app.disable('x-powered-by');
  app.use(requestId, helmet(), requestLogger(logger), metrics.observe);
  app.use(healthRoutes(deps), metrics.routes, openApiRoutes(registry));

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
    express.json({ limit: deps.config.API_BODY_LIMIT }),
  );

  const v1 = Router();
  const api = routeTable(v1, registry, auth);
  loanRoutes(api, context);
  loanImportRoutes(api, context);
  paymentRoutes(api, context);
  strategyRoutes(api, context);
  caseRoutes(api, context);
  caseCommandRoutes(api, context);
  taskRoutes(api, context);
  agencyRoutes(api, context);
  auditRoutes(api, context, createReplayer(deps.replay ?? { dataConverter: dataConverter(deps.config.codecKeyring) }));
  monitorRoutes(api, context);
  app.use(v1);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
