// Prometheus metrics at /metrics: request counts and latency by route pattern,
// and open cases by stage from the read model, counted when scraped.
import { Router, type RequestHandler } from 'express';
import client from 'prom-client';
import type mongoose from 'mongoose';
import { openCasesByStage } from '../cases/case-views';
import { routeOf } from './request-context';

export interface ApiMetrics {
  /** Counts and times every request; mount before the routes. */
  observe: RequestHandler;
  routes: Router;
}

export function apiMetrics(database: mongoose.Connection): ApiMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new client.Counter({ name: 'arrears_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const latency = new client.Histogram({
    name: 'arrears_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: 'arrears_cases_by_stage',
    help: 'Open cases in each stage, from the case read model',
    labelNames: ['stage'],
    registers: [registry],
    async collect() {
      const counts = await openCasesByStage({ database });
      this.reset();
      for (const { stage, count } of counts) this.set({ stage }, count);
    },
  });

  const observe: RequestHandler = (req, res, next) => {
    const end = latency.startTimer();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      requests.inc(labels);
      end(labels);
    });
    next();
  };

  const routes = Router();
  routes.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return { observe, routes };
}
