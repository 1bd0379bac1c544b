import type { Request, RequestHandler } from 'express';
import type { Metrics } from '../metrics';

/** The route template (`/v1/incidents/:id`), never the raw path, so label cardinality stays bounded. */
export function routeLabel(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}` || '/';
  return 'unmatched';
}

export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    metrics.httpRequestsInFlight.inc();
    const start = process.hrtime.bigint();
    res.once('close', () => {
      metrics.httpRequestsInFlight.dec();
      const labels = { method: req.method, route: routeLabel(req), status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}
