// The one error path: services throw AppError; this module turns every error into an RFC 9457 problem+json body.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isConnectionFailure } from '../db/connection-errors';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable kind, e.g. `not-found`; becomes the problem `type`. */
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'AppError';
  }
}

export const problemType = (code: string) => `urn:problem-type:brownie:${code}`;

export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  res.status(problem.status).set(headers).type('application/problem+json').send(JSON.stringify(problem));
}

export const notFound: RequestHandler = (req) => {
  throw new AppError(404, 'not-found', 'Not Found', `no route for ${req.method} ${req.path}`);
};

/** body-parser's own errors carry `type` and `status`; they are the client's fault, never a 500. */
function fromBodyParser(error: unknown): AppError | undefined {
  const e = error as { type?: string; status?: number; limit?: number };
  if (e.type === 'entity.parse.failed')
    return new AppError(400, 'malformed-json', 'Malformed JSON', 'the request body is not valid JSON');
  if (e.type === 'entity.too.large')
    return new AppError(413, 'body-too-large', 'Request body too large', `the limit is ${e.limit} bytes`);
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new AppError(415, 'unsupported-encoding', 'Unsupported encoding', 'send UTF-8 JSON');
  }
  if (typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError(e.status, 'bad-request', 'Bad Request', e.type);
  }
  return undefined;
}

/**
 * PostgreSQL errors that the client caused (a duplicate, a reference to nothing in its organization, a value out of
 * range) are 4xx; the database, not a pre-check, is the authority, so races cannot slip through.
 */
function fromDatabase(error: unknown): AppError | undefined {
  const e = error as { code?: unknown; constraint?: string; detail?: string };
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
  const on = e.constraint ? ` (${e.constraint})` : '';
  switch (e.code) {
    case '23505':
      return new AppError(409, 'conflict', 'Conflict', `a live resource with the same unique value exists${on}`);
    case '23503':
      return new AppError(
        422,
        'invalid-reference',
        'Invalid reference',
        `a referenced resource does not exist in this organization${on}`,
      );
    case '23514':
    case '23502':
      return new AppError(422, 'constraint-violation', 'Invalid value', `a value breaks a rule of the data model${on}`);
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
    case '22021':
    case '22P05':
      return new AppError(400, 'validation', 'Invalid request', 'a value has the wrong format or is out of range');
    case '40001':
    case '40P01':
      return new AppError(
        409,
        'concurrent-update',
        'Conflict',
        'a concurrent change won; retry',
        {},
        { 'retry-after': '1' },
      );
    case '57014':
      return new AppError(503, 'timeout', 'Service Unavailable', 'the query took too long', {}, { 'retry-after': '5' });
    default:
      return undefined;
  }
}

/** Connection-level failures: the database is away, which is a 503 (retry), not a bug. */
function fromConnection(error: unknown): AppError | undefined {
  return isConnectionFailure(error)
    ? new AppError(
        503,
        'unavailable',
        'Service Unavailable',
        'the database is unreachable; retry shortly',
        {},
        { 'retry-after': '2' },
      )
    : undefined;
}

export function problemHandler(logger: Logger, onError?: (code: string) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known =
      error instanceof AppError ? error : (fromBodyParser(error) ?? fromDatabase(error) ?? fromConnection(error));
    const requestId = res.getHeader('x-request-id');
    if (!known) {
      (req.log ?? logger).error({ err: error }, 'unhandled error');
    }
    const appError = known ?? new AppError(500, 'internal', 'Internal Server Error', 'an unexpected error occurred');
    onError?.(appError.code);
    if (res.headersSent) return;
    sendProblem(
      res,
      {
        type: problemType(appError.code),
        title: appError.title,
        status: appError.status,
        ...(appError.detail ? { detail: appError.detail } : {}),
        instance: req.originalUrl,
        ...(requestId ? { requestId: String(requestId) } : {}),
        ...appError.extensions,
      },
      appError.headers,
    );
  };
}
