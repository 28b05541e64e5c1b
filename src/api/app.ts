import express from 'express';
import { healthRoutes, type HealthDependencies } from './health';

export type ApiDependencies = HealthDependencies;

/** The arrears REST API as an express app, with no listening socket (tests use supertest). */
export function createApp(deps: ApiDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(deps));
  return app;
}
