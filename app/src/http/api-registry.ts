// Every API route is declared once here: its zod schemas validate the request and generate the OpenAPI document,
// so the two cannot drift apart.
import { createHash } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database';
import type { RequestContext } from './context';
import { AppError } from './errors';
import { idempotent } from '../services/idempotency';
import { parseOr400 } from './validation';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: RequestContext;
  headers: Request['headers'];
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Express-style path, e.g. `/v1/incidents/:id`. */
  path: string;
  tag: string;
  summary: string;
  /** `none` for sign-up and log-in; every other route needs a principal. */
  auth?: 'principal' | 'none';
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<Reply>;
}

type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
const empty = z.object({});
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export class ApiRegistry {
  private readonly routes: AnyRoute[] = [];

  add<P extends z.ZodType = typeof empty, Q extends z.ZodType = typeof empty, B extends z.ZodType = typeof empty>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    this.routes.push(spec as unknown as AnyRoute);
  }

  /** Mounts every route; `authenticate` runs before routes that need a principal. */
  router(deps: { db: Database; authenticate: RequestHandler; rateLimit: RequestHandler }): Router {
    const router = Router();
    for (const spec of this.routes) {
      const chain: RequestHandler[] = spec.auth === 'none' ? [deps.rateLimit] : [deps.authenticate, deps.rateLimit];
      router[spec.method](spec.path, ...chain, async (req: Request, res: Response) => {
        const input = {
          params: parseOr400(spec.params ?? empty, req.params, 'path'),
          query: parseOr400(spec.query ?? empty, req.query, 'query'),
          body: spec.body ? parseOr400(spec.body, req.body ?? {}, 'body') : undefined,
          ctx: { principal: req.principal!, requestId: String(req.id), log: req.log },
          headers: req.headers,
        };
        const key = req.headers['idempotency-key'];
        let reply: Reply;
        if (spec.method === 'post' && key !== undefined && req.principal) {
          if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
            throw new AppError(
              400,
              'validation',
              'Invalid request',
              'Idempotency-Key must be 1-255 visible ASCII characters',
            );
          }
          const requestHash = createHash('sha256')
            .update(JSON.stringify([req.method, req.originalUrl, req.body ?? null]))
            .digest('hex');
          reply = await idempotent(
            deps.db,
            req.principal.orgId,
            { key, method: req.method, path: req.originalUrl, requestHash },
            () => spec.handler(input),
          );
        } else {
          reply = await spec.handler(input);
        }
        res.status(reply.status).set(reply.headers ?? {});
        if (reply.body === undefined) res.end();
        else res.json(reply.body);
      });
    }
    return router;
  }

  /** The OpenAPI 3.1 document of every declared route. */
  openapi(info: { title: string; version: string }): object {
    const paths: Record<string, Record<string, unknown>> = {};
    const schema = (s: z.ZodType, io: 'input' | 'output') => {
      const { $schema: _drop, ...json } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
      return json;
    };
    for (const spec of this.routes) {
      const path = spec.path.replace(/:(\w+)/g, '{$1}');
      const parameters = [
        ...objectFields(spec.params).map(([name, s]) => ({
          name,
          in: 'path',
          required: true,
          schema: schema(s, 'input'),
        })),
        ...objectFields(spec.query).map(([name, s]) => ({
          name,
          in: 'query',
          required: !s.safeParse(undefined).success,
          schema: schema(s, 'input'),
        })),
        ...(spec.method === 'post' && spec.auth !== 'none'
          ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }]
          : []),
        ...(['patch', 'delete'].includes(spec.method) && spec.path.endsWith('/:id')
          ? [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }]
          : []),
      ];
      const responses: Record<string, unknown> = {};
      for (const [status, r] of Object.entries(spec.responses)) {
        responses[status] = {
          description: r.description,
          ...(r.schema ? { content: { 'application/json': { schema: schema(r.schema, 'output') } } } : {}),
        };
      }
      responses.default = {
        description: 'An error, as an RFC 9457 problem',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
      paths[path] ??= {};
      paths[path][spec.method] = {
        operationId: `${spec.method}${path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string = '') => c.toUpperCase())}`,
        summary: spec.summary,
        tags: [spec.tag],
        ...(spec.auth === 'none' ? { security: [] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(spec.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: schema(spec.body, 'input') } } } }
          : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info: {
        ...info,
        description: 'The Brownie metadata API',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/' }],
      security: [{ bearer: [] }, { apiKey: [] }],
      tags: [...new Set(this.routes.map((r) => r.tag))].map((name) => ({ name, description: `${name} endpoints` })),
      paths,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A JWT from /v1/auth/login, or an API key bmk_…' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status'],
            properties: {
              type: { type: 'string' },
              title: { type: 'string' },
              status: { type: 'integer' },
              detail: { type: 'string' },
              instance: { type: 'string' },
              requestId: { type: 'string' },
            },
          },
        },
      },
    };
  }

  list(): readonly AnyRoute[] {
    return this.routes;
  }
}

function objectFields(s: z.ZodType | undefined): [string, z.ZodType][] {
  return s instanceof z.ZodObject ? (Object.entries(s.shape) as [string, z.ZodType][]) : [];
}
